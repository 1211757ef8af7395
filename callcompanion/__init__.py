"""callcompanion: a desktop companion for support engineers on customer calls."""

APP_NAME = "callcompanion"
APP_ORG = "callcompanion"

# Kept equal to pyproject.toml's version by tests/unit/test_version.py (reading package
# metadata instead would cost ~40 ms at every start).
__version__ = "0.1.0"
