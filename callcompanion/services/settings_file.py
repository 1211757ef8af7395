"""Settings on disk: one JSON file in the config directory, written atomically."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from callcompanion.core.filelimits import (
    MAX_FILE_BYTES,
    FileLimitError,
    check_nesting,
    read_limited,
)
from callcompanion.core.settings import SETTINGS_VERSION, Settings
from callcompanion.services.atomic import write_atomic

log = logging.getLogger(__name__)

SETTINGS_FILE_NAME = "settings.json"


class SettingsSaveError(Exception):
    """The settings could not be written; ``str(err)`` is a sentence for the engineer."""


@dataclass
class LoadedSettings:
    settings: Settings
    notices: list[str] = field(default_factory=list)


def load_settings(path: Path, *, now: datetime | None = None) -> LoadedSettings:
    """Read the settings; a missing file gives defaults, a broken one is kept aside.

    A file over the size limit or nested too deeply for the parser is refused before it is
    parsed, and kept aside like a damaged one, so the app always starts.
    """
    try:
        text = read_limited(path, MAX_FILE_BYTES)
    except FileNotFoundError:
        return LoadedSettings(Settings())
    except FileLimitError as err:
        return _kept_aside(path, str(err), now)
    except (OSError, UnicodeDecodeError) as err:
        log.warning("cannot read settings %s: %s", path, err)
        return LoadedSettings(
            Settings(), [f"The settings file {path} could not be read ({err}); using defaults."]
        )
    try:
        check_nesting(text)
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError("the file does not hold a settings table")
    except (ValueError, RecursionError, MemoryError) as err:
        detail = str(err) if isinstance(err, ValueError) else "it is nested too deeply to read"
        return _kept_aside(path, detail, now)
    notices: list[str] = []
    version = data.get("version", SETTINGS_VERSION)
    if isinstance(version, int) and version > SETTINGS_VERSION:
        notices.append(
            "Settings were saved by a newer callcompanion; settings this version does not know "
            "are left out."
        )
    settings, warnings = Settings.from_dict(data)
    return LoadedSettings(settings, notices + warnings)


def _kept_aside(path: Path, problem: str, now: datetime | None) -> LoadedSettings:
    """Move an unusable settings file aside (saving would overwrite it) and use defaults."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    backup = path.with_name(f"{path.name}.damaged-{stamp}.bak")
    try:
        path.replace(backup)
        kept = f" The file was kept at {backup}."
    except OSError:
        kept = ""
    log.warning("settings %s are not usable: %s", path, problem)
    return LoadedSettings(
        Settings(),
        [f"Settings could not be read from {path} ({problem}).{kept} Using defaults."],
    )


def save_settings(path: Path, settings: Settings) -> None:
    try:
        write_atomic(path, json.dumps(settings.to_dict(), indent=2, sort_keys=True) + "\n")
    except OSError as err:
        log.error("cannot save settings to %s: %s", path, err)
        raise SettingsSaveError(f"Settings could not be saved to {path} ({err.strerror}).") from err
