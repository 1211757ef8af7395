"""callcompanion: a desktop companion for support engineers on customer calls."""

from importlib import metadata as _metadata

APP_NAME = "callcompanion"
APP_DISPLAY_NAME = "callcompanion"
APP_ORG = "callcompanion"


def _version() -> str:
    try:
        return _metadata.version(APP_NAME)
    except _metadata.PackageNotFoundError:  # running from a checkout or a frozen build
        return "0.1.0"


__version__ = _version()
