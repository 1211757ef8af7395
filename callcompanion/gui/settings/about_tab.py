"""The About you tab: name and links, where secrets and files are kept, the settings problem."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QObject

from callcompanion.core.connections import ConnectionSettingError, clean_field
from callcompanion.core.settings import Settings
from callcompanion.gui.forms.ui_settings_dialog import Ui_SettingsDialog
from callcompanion.gui.palette import error_style
from callcompanion.paths import AppPaths
from callcompanion.services.credentials import KeyringStatus


class AboutYouTab(QObject):
    """The engineer's name and links; shows where secrets and files live."""

    def __init__(self, form: Ui_SettingsDialog, paths: AppPaths, parent: QObject | None = None):
        super().__init__(parent)
        self._form = form
        form.settingsProblem.hide()
        form.settingsProblem.setStyleSheet(error_style())
        form.filesLabel.setText(
            f"Settings: {paths.config_dir}\nHistory: {paths.data_dir}\nLogs: {paths.log_dir}"
        )

    def set_keyring_status(self, status: KeyringStatus | None) -> None:
        if status is None:
            self._form.keyringLabel.setText("Looking for the system keyring…")
        else:
            self._form.keyringLabel.setText(status.description)

    def load(self, settings: Settings) -> None:
        form = self._form
        form.nameEdit.setText(settings.engineer_name)
        form.schedulingEdit.setText(settings.scheduling_link)
        form.meetingLinkEdit.setText(settings.meeting_link)
        form.webexRoomEdit.setText(settings.webex_room_url)

    def apply(self, settings: Settings) -> Settings:
        """*settings* with this tab's values (``ValueError`` with a sentence when one is off)."""
        form = self._form
        names = ("personal scheduling link", "meeting room link", "team WebEx room link")
        edits = (form.schedulingEdit, form.meetingLinkEdit, form.webexRoomEdit)
        try:
            links = [
                clean_field(edit.text(), f"The {what}")
                for edit, what in zip(edits, names, strict=True)
            ]
        except ConnectionSettingError as err:
            raise ValueError(str(err)) from err
        for value, what in zip(links, names, strict=True):
            if value and not value.lower().startswith("https://"):
                raise ValueError(f"The {what} must start with https://.")
        scheduling, meeting, webex = links
        return replace(
            settings,
            engineer_name=form.nameEdit.text().strip(),
            scheduling_link=scheduling,
            meeting_link=meeting,
            webex_room_url=webex,
        )

    def show_problem(self, text: str) -> None:
        """Say why the settings cannot be saved, on this tab (the dialog switches to it)."""
        self._form.settingsProblem.setText(text)
        self._form.settingsProblem.show()
