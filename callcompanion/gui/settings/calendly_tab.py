"""The Calendly tab: the token, the event types for single-use links, and their checks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QComboBox

from callcompanion.controllers.calendly_setup import CalendlyAccount, CalendlySetup
from callcompanion.controllers.scheduling_links import CALENDLY_USER
from callcompanion.core.settings import Settings
from callcompanion.gui.forms.ui_settings_dialog import Ui_SettingsDialog
from callcompanion.gui.palette import error_style
from callcompanion.gui.settings.event_type_map import EventTypeMap
from callcompanion.services.credentials import CredentialStore

if TYPE_CHECKING:
    from callcompanion.services.calendly import EventType


class CalendlyTab(QObject):
    """Shows what :class:`CalendlySetup` finds.

    A typed token, or forgetting the stored one, goes into *tokens* for the caller to write to
    the keyring.
    """

    def __init__(
        self,
        form: Ui_SettingsDialog,
        settings: Settings,
        credentials: CredentialStore,
        tokens: dict[str, str | None],
        engineer_name: Callable[[], str],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._form = form
        self._tokens = tokens
        self._engineer_name = engineer_name
        self._event_types: list[EventType] = []
        self._setup = CalendlySetup(credentials, settings.calendly_api_url, self)
        self._setup.loaded.connect(self._loaded)
        self._setup.failed.connect(self._failed)
        form.loadEventTypesButton.clicked.connect(self.load_event_types)
        form.forgetCalendlyButton.clicked.connect(self._forget_token)
        form.eventTypeCombo.currentIndexChanged.connect(lambda _i: self._show_warnings())
        form.discoveryEventCombo.currentIndexChanged.connect(lambda _i: self._show_warnings())
        self.event_map = EventTypeMap(settings.call_types(), form.calendlyTab)
        layout = form.calendlyLayout
        layout.insertWidget(layout.indexOf(form.eventWarnings) + 1, self.event_map)
        saved = [settings.calendly_event_name, settings.calendly_discovery_event_name]
        self.event_map.show_mapping(settings.event_type_call_types, [n for n in saved if n])
        self._show_saved(settings)

    def apply(self, settings: Settings) -> Settings:
        form = self._form
        return replace(
            settings,
            calendly_event_type=_combo_uri(form.eventTypeCombo),
            calendly_event_name=_combo_name(form.eventTypeCombo),
            calendly_discovery_event_type=_combo_uri(form.discoveryEventCombo),
            calendly_discovery_event_name=_combo_name(form.discoveryEventCombo),
            event_type_call_types=self.event_map.mapping(),
        )

    def collect_token(self) -> None:
        """A typed token goes into the token changes (it replaces the one in the keyring)."""
        typed = self._form.calendlyTokenEdit.text().strip()
        if typed:
            self._tokens[CALENDLY_USER] = typed

    def load_event_types(self) -> None:
        """Ask Calendly for the account's event types (the typed token, else the stored one)."""
        if self._setup.load_event_types(self._form.calendlyTokenEdit.text()):
            self._form.loadEventTypesButton.setEnabled(False)
            self._says("Asking Calendly for your event types…", error=False)

    def _show_saved(self, settings: Settings) -> None:
        """Fill the combos with what is saved; the list is replaced when types are loaded."""
        form = self._form
        for combo, uri, name, none_text in (
            (
                form.eventTypeCombo,
                settings.calendly_event_type,
                settings.calendly_event_name,
                "None: use my personal link",
            ),
            (
                form.discoveryEventCombo,
                settings.calendly_discovery_event_type,
                settings.calendly_discovery_event_name,
                "The same event type",
            ),
        ):
            combo.clear()
            combo.addItem(none_text, "")
            if uri:
                combo.addItem(name or uri, uri)
                combo.setCurrentIndex(1)
        if settings.calendly_event_type:
            form.calendlyResult.setText(
                "Single-use links are made from the event type chosen above. Load your event "
                "types to choose another one or to check it."
            )
        else:
            form.calendlyResult.setText(
                "Not set up: messages carry your personal link, which can be booked more than "
                "once. Paste a token and load your event types."
            )
        self._show_warnings()

    def _loaded(self, account: CalendlyAccount) -> None:
        from callcompanion.services.calendly import suggested_discovery_name

        form = self._form
        types = list(account.event_types)
        form.loadEventTypesButton.setEnabled(True)
        self._event_types = types
        self.event_map.show_mapping({}, [t.name for t in types])
        for combo in (form.eventTypeCombo, form.discoveryEventCombo):
            keep = combo.currentData()
            none_text = combo.itemText(0)
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(none_text, "")
            for event_type in types:
                label = event_type.name
                if event_type.duration:
                    label += f" ({event_type.duration} min)"
                combo.addItem(label, event_type.uri)
            combo.setCurrentIndex(max(0, combo.findData(keep)))
            combo.blockSignals(False)
        if not form.eventTypeCombo.currentData():
            for index, event_type in enumerate(types, start=1):
                if not event_type.warnings():
                    form.eventTypeCombo.setCurrentIndex(index)
                    break
        who = f" as {account.name}" if account.name else ""
        if types:
            text = f"Connected{who}: {len(types)} active event type(s)."
            if not any("discovery" in t.name.casefold() for t in types):
                text += (
                    " For Discovery calls the handbook suggests an event type named "
                    f"“{suggested_discovery_name(self._engineer_name())}”."
                )
            self._says(text, error=False)
        else:
            self._says(
                f"Connected{who}, but the account has no active event types: create one in "
                "Calendly for customer calls.",
                error=True,
            )
        self._show_warnings()

    def _failed(self, text: str) -> None:
        self._form.loadEventTypesButton.setEnabled(True)
        self._says(text, error=True)

    def _forget_token(self) -> None:
        form = self._form
        form.calendlyTokenEdit.clear()
        self._tokens[CALENDLY_USER] = None
        form.eventTypeCombo.setCurrentIndex(0)
        form.discoveryEventCombo.setCurrentIndex(0)
        self._says(
            "The token is removed from the keyring when you press OK; messages will carry your "
            "personal link.",
            error=False,
        )

    def _show_warnings(self) -> None:
        known = {t.uri: t for t in self._event_types}
        lines: list[str] = []
        for label, combo in (
            ("Event type", self._form.eventTypeCombo),
            ("Discovery event type", self._form.discoveryEventCombo),
        ):
            event_type = known.get(str(combo.currentData() or ""))
            if event_type is None:
                continue
            lines.extend(f"⚠ {label}: {warning}" for warning in event_type.warnings())
        self._form.eventWarnings.setText("\n".join(lines))
        self._form.eventWarnings.setStyleSheet(error_style() if lines else "")

    def _says(self, text: str, *, error: bool) -> None:
        self._form.calendlyResult.setText(text)
        self._form.calendlyResult.setStyleSheet(error_style() if error else "")


def _combo_uri(combo: QComboBox) -> str:
    return str(combo.currentData() or "")


def _combo_name(combo: QComboBox) -> str:
    if not combo.currentData():
        return ""
    label = combo.currentText()
    # "Name (30 min)" as listed; the saved name is the event type's own.
    return label.rsplit(" (", 1)[0] if label.endswith(" min)") else label
