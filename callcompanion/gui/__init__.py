"""The Qt layer: thin views over the core, wired together by :mod:`callcompanion.app`."""
