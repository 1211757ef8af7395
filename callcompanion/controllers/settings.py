"""The live settings: one object every view reads, saved to disk whenever they change."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from callcompanion.core.settings import Settings
from callcompanion.services.settings_file import SettingsSaveError, save_settings

log = logging.getLogger(__name__)


class SettingsModel(QObject):
    """Holds the current :class:`Settings`.

    Signals:
        changed: The settings changed (already saved, or a save problem was reported).
        problem: Saving failed; carries a sentence for the engineer.
    """

    changed = Signal()
    problem = Signal(str)

    def __init__(self, settings: Settings, path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self._path = path

    @property
    def value(self) -> Settings:
        return self._settings

    def __call__(self) -> Settings:
        return self._settings

    def set(self, settings: Settings) -> None:
        if settings == self._settings:
            return
        self._settings = settings
        try:
            save_settings(self._path, settings)
        except SettingsSaveError as err:
            self.problem.emit(str(err))
        self.changed.emit()

    def update(self, **changes: Any) -> None:
        self.set(replace(self._settings, **changes))
