"""The settings dialog: one Designer form, one class per tab, and OK only for valid settings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from callcompanion.core.settings import Settings
from callcompanion.core.templates import TemplateLibrary
from callcompanion.gui.forms.ui_settings_dialog import Ui_SettingsDialog
from callcompanion.gui.global_shortcuts import GlobalShortcuts
from callcompanion.gui.settings.about_tab import AboutYouTab
from callcompanion.gui.settings.calendly_tab import CalendlyTab
from callcompanion.gui.settings.shortcuts_tab import ShortcutsTab
from callcompanion.gui.settings.startup_tab import StartupTab
from callcompanion.gui.settings.summaries_tab import SummariesTab
from callcompanion.gui.settings.templates_tab import TemplatesTab
from callcompanion.gui.settings.timing_tab import TimingTab
from callcompanion.gui.settings.zendesk_tab import ZendeskTab
from callcompanion.paths import AppPaths
from callcompanion.services.credentials import CredentialStore, KeyringStatus

if TYPE_CHECKING:
    from callcompanion.controllers.sign_in import SignInController
    from callcompanion.controllers.update_check import UpdateCheck
    from callcompanion.core.team import TeamSetup


class SettingsDialog(QDialog, Ui_SettingsDialog):
    """Edits a copy of the settings; :meth:`result_settings` returns it when accepted.

    Token changes are collected in :attr:`tokens` (keyring user name → new token, or ``None``
    to forget it) for the caller to write to the keyring off the GUI thread.
    """

    def __init__(
        self,
        settings: Settings,
        paths: AppPaths,
        keyring: KeyringStatus | None,
        credentials: CredentialStore,
        templates: TemplateLibrary,
        sample_context: dict[str, object],
        parent: QWidget | None = None,
        *,
        shortcuts: GlobalShortcuts | None = None,
        sign_in: SignInController | None = None,
        team: TeamSetup | None = None,
        updates: UpdateCheck | None = None,
    ) -> None:
        super().__init__(parent)
        self.setupUi(self)
        self._original = settings
        self.tokens: dict[str, str | None] = {}
        self.timing = TimingTab(self, self)
        self.about = AboutYouTab(self, paths, self)
        self.summaries = SummariesTab(self, self)
        self.zendesk = ZendeskTab(
            self, settings, credentials, self.tokens, self, sign_in=sign_in, team=team
        )
        self.shortcuts = ShortcutsTab(self, self.tabs, shortcuts, self)
        self.startup = StartupTab(self, paths, updates, self)  # on the About you tab
        self.set_keyring_status(keyring)
        self._load(settings)
        self.calendly = CalendlyTab(
            self, settings, credentials, self.tokens, self.nameEdit.text, self
        )
        self.templates = TemplatesTab(self, templates, sample_context, self)
        # Every tab's name in sight: the dialog is as wide as the tab strip needs, not scrolled.
        self.tabs.setUsesScrollButtons(False)
        self.resize(max(self.width(), self.tabs.tabBar().sizeHint().width() + 24), self.height())

        self.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(
            self._restore_defaults
        )
        self.buttons.accepted.connect(self._accept_if_valid)
        self.buttons.rejected.connect(self.reject)
        self.accepted.connect(self.zendesk.accepted)
        self.rejected.connect(self.zendesk.rejected)

    def set_keyring_status(self, status: KeyringStatus | None) -> None:
        self.about.set_keyring_status(status)
        self.zendesk.secure_store = status is None or status.secure

    def result_settings(self) -> Settings:
        """The edited settings (raises ``ValueError`` with a message when something is off)."""
        settings = self.about.apply(self._original)
        settings = self.timing.apply(settings)
        settings = self.zendesk.apply(settings)
        settings = self.calendly.apply(settings)
        settings = self.shortcuts.apply(settings)
        settings = self.startup.apply(settings)
        return self.summaries.apply(settings)

    def collect_tokens(self) -> dict[str, str | None]:
        """The keyring changes to make: Zendesk tokens from connections, the Calendly token."""
        self.calendly.collect_token()
        return dict(self.tokens)

    def load_event_types(self) -> None:
        """Ask Calendly for the account's event types (the typed token, else the stored one)."""
        self.calendly.load_event_types()

    def save_template(self) -> None:
        self.templates.save()

    def _load(self, settings: Settings) -> None:
        self.timing.load(settings)
        self.about.load(settings)
        self.summaries.load(settings)
        self.shortcuts.load(settings)
        self.startup.load(settings)

    def _restore_defaults(self) -> None:
        """The shipped timing and summary settings; the engineer's name and links stay."""
        self.timing.load(Settings())
        self.summaries.load(Settings())
        self.shortcuts.load(Settings())

    def _accept_if_valid(self) -> None:
        try:
            self.result_settings()
            self.startup.commit()  # start at login is the system's: switched on OK
        except ValueError as err:
            self.about.show_problem(str(err))
            self.tabs.setCurrentWidget(self.generalTab)
            return
        self.accept()
