"""Start at login and update checks, on the *About you* tab (rows built in code).

*Start callcompanion when I log in* shows the system's own state (read from the login item
each time the dialog opens, never stored) and switches it when OK is pressed. *Check for
updates once a day* is a setting; a team file can turn checks off, and then the tick says so
and cannot be set. *Check now* asks at once and says what it found, here.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from callcompanion import __version__
from callcompanion.controllers.update_check import UpdateCheck, UpdateOutcome, team_updates
from callcompanion.core.settings import Settings
from callcompanion.gui.forms.ui_settings_dialog import Ui_SettingsDialog
from callcompanion.gui.start_at_login import HINT, LABEL
from callcompanion.paths import AppPaths
from callcompanion.services.autostart import Autostart, AutostartError, for_this_system, switch
from callcompanion.services.team_file import team_file_path

TEAM_OFF = "Your team turned update checks off."


def _when(text: str) -> str:
    try:
        moment = datetime.fromisoformat(text).astimezone()
    except ValueError:
        return ""
    return moment.strftime("%d %b %Y, %H:%M").lstrip("0")


class StartupTab(QObject):
    """The start-at-login and update rows, added to the *About you* form."""

    def __init__(
        self,
        form: Ui_SettingsDialog,
        paths: AppPaths,
        updates: UpdateCheck | None = None,
        parent: QObject | None = None,
        *,
        autostart: Autostart | None = None,
    ) -> None:
        super().__init__(parent)
        self._form = form
        self._updates = updates
        self.autostart = autostart if autostart is not None else for_this_system(paths.profile)
        page = form.generalTab
        policy = (
            updates.policy()
            if updates is not None
            else team_updates(team_file_path(paths.config_dir))
        )
        self.team_allows = policy.check

        login = QWidget(page)
        login_layout = QVBoxLayout(login)
        login_layout.setContentsMargins(0, 0, 0, 0)
        self.login_tick = QCheckBox(LABEL, login)
        self.login_tick.setAccessibleName(LABEL)
        login_hint = QLabel(HINT, login)
        login_hint.setWordWrap(True)
        login_hint.setEnabled(False)  # the quieter colour of a caption
        login_layout.addWidget(self.login_tick)
        login_layout.addWidget(login_hint)
        form.generalForm.addRow("Start-up", login)

        updates_row = QWidget(page)
        rows = QVBoxLayout(updates_row)
        rows.setContentsMargins(0, 0, 0, 0)
        line = QHBoxLayout()
        self.update_tick = QCheckBox("Check for updates once a day", updates_row)
        self.update_tick.setAccessibleName("Check for updates once a day")
        self.update_tick.setToolTip(
            "Asks for the number of the latest release, nothing else; a new version is "
            "mentioned in the window after your call."
        )
        self.check_now = QPushButton("Check now", updates_row)
        self.check_now.setAccessibleName("Check for a new version now")
        self.check_now.setAutoDefault(False)
        self.check_now.clicked.connect(self._check_now)
        line.addWidget(self.update_tick)
        line.addStretch(1)
        line.addWidget(self.check_now)
        rows.addLayout(line)
        self.update_status = QLabel("", updates_row)
        self.update_status.setWordWrap(True)
        self.update_status.setAccessibleDescription("What the update check found")
        self.update_status.setTextFormat(Qt.TextFormat.RichText)
        self.update_status.setOpenExternalLinks(True)
        rows.addWidget(self.update_status)
        form.generalForm.addRow("Updates", updates_row)

        self.check_now.setVisible(updates is not None)
        if not self.team_allows:
            self.update_tick.setEnabled(False)
            self.check_now.setEnabled(False)
        if updates is not None:
            updates.finished.connect(self._checked)

    def load(self, settings: Settings) -> None:
        self.login_tick.setChecked(self.autostart.enabled())
        self.update_tick.setChecked(settings.check_updates and self.team_allows)
        if not self.team_allows:
            self._status(TEAM_OFF)
        elif settings.last_update_check and _when(settings.last_update_check):
            self._status(
                f"You have version {__version__}. Last checked {_when(settings.last_update_check)}."
            )
        else:
            self._status(f"You have version {__version__}.")

    def apply(self, settings: Settings) -> Settings:
        if not self.team_allows:  # the engineer's own choice stays for when the team allows it
            return settings
        return replace(settings, check_updates=self.update_tick.isChecked())

    def commit(self) -> None:
        """Switch start at login as ticked (OK); ``ValueError`` with a sentence if refused."""
        try:
            switch(self.autostart, self.login_tick.isChecked())
        except AutostartError as err:
            raise ValueError(str(err)) from err

    def _check_now(self) -> None:
        if self._updates is None:
            return
        if not self._updates.check_now():
            self._status(TEAM_OFF)
            return
        self.check_now.setEnabled(False)
        self._status("Checking…")

    def _checked(self, outcome: UpdateOutcome) -> None:
        self.check_now.setEnabled(self.team_allows)
        release = outcome.release
        if release is None:
            self._status("No answer from the release server; the app tries again later.")
            self.update_status.setToolTip(outcome.problem or "")
        elif outcome.newer:
            self._status(
                f"callcompanion {release.version} is available (you have {__version__}): "
                f'<a href="{_attr(release.notes_url)}">release notes</a>.'
            )
        else:
            self._status(f"You have the latest version ({__version__}).")

    def _status(self, text: str) -> None:
        self.update_status.setText(text)
        self.update_status.setAccessibleName(_plain(text))


def _attr(url: str) -> str:
    return url.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def _plain(text: str) -> str:
    from PySide6.QtGui import QTextDocument

    document = QTextDocument()
    document.setHtml(text)
    return document.toPlainText()
