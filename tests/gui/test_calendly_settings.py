"""The Calendly tab: token to the keyring, event types loaded off the GUI thread, checks shown."""

from __future__ import annotations

import keyring
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from callcompanion.app import CallCompanion
from callcompanion.controllers.scheduling_links import CALENDLY_USER
from callcompanion.core.settings import Settings
from callcompanion.gui.settings import SettingsDialog
from callcompanion.paths import AppPaths
from callcompanion.services.settings_file import save_settings
from tests.fakes.calendly_server import TOKEN, FakeCalendly
from tests.gui.conftest import MakeCompanion


def calendly_app(
    make_companion: MakeCompanion, profile: AppPaths, fake: FakeCalendly
) -> CallCompanion:
    save_settings(
        profile.settings_file,
        Settings(engineer_name="Ana Example", calendly_api_url=fake.url),
    )
    return make_companion()


def open_calendly_tab(qtbot: QtBot, companion: CallCompanion) -> SettingsDialog:
    dialog = companion.open_settings()
    qtbot.waitUntil(dialog.isVisible)
    dialog.tabs.setCurrentWidget(dialog.calendlyTab)
    return dialog


def test_a_token_loads_event_types_and_is_kept_in_the_keyring_only(
    qtbot: QtBot, make_companion: MakeCompanion, profile: AppPaths, fake_calendly: FakeCalendly
) -> None:
    companion = calendly_app(make_companion, profile, fake_calendly)
    dialog = open_calendly_tab(qtbot, companion)
    assert "Not set up" in dialog.calendlyResult.text()
    dialog.calendlyTokenEdit.setText(TOKEN)
    qtbot.mouseClick(dialog.loadEventTypesButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Connected as Ana Example" in dialog.calendlyResult.text())
    assert "3 active event type(s)" in dialog.calendlyResult.text()
    # The first event type without warnings is picked; the combos list them all.
    assert dialog.eventTypeCombo.currentText() == "Support - Customer Call (30 min)"
    assert dialog.eventTypeCombo.count() == 4
    assert dialog.eventWarnings.text() == ""
    dialog.discoveryEventCombo.setCurrentIndex(
        dialog.discoveryEventCombo.findData("https://api.calendly.com/event_types/DISC15")
    )
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    qtbot.waitUntil(lambda: bool(companion.settings.value.calendly_event_type))
    settings = companion.settings.value
    assert settings.calendly_event_type == "https://api.calendly.com/event_types/SUPPORT30"
    assert settings.calendly_event_name == "Support - Customer Call"
    assert settings.calendly_discovery_event_type.endswith("/DISC15")
    assert settings.calendly_discovery_event_name == "Support - Discovery Call with Ana"
    assert keyring.get_password("callcompanion", CALENDLY_USER) == TOKEN
    assert TOKEN not in companion.paths.settings_file.read_text()
    # The request carried the token as a bearer token, never in the address.
    assert all(TOKEN not in path for _method, path, _body in fake_calendly.requests)

    again = open_calendly_tab(qtbot, companion)
    assert again.eventTypeCombo.currentText() == "Support - Customer Call"
    assert "Single-use links are made" in again.calendlyResult.text()
    again.reject()


def test_event_types_that_break_the_workflow_are_flagged(
    qtbot: QtBot, make_companion: MakeCompanion, profile: AppPaths, fake_calendly: FakeCalendly
) -> None:
    keyring.set_password("callcompanion", CALENDLY_USER, TOKEN)  # stored before: field empty
    companion = calendly_app(make_companion, profile, fake_calendly)
    dialog = open_calendly_tab(qtbot, companion)
    dialog.loadEventTypesButton.click()
    qtbot.waitUntil(lambda: dialog.eventTypeCombo.count() == 4)
    dialog.eventTypeCombo.setCurrentIndex(
        dialog.eventTypeCombo.findData("https://api.calendly.com/event_types/COFFEE")
    )
    warnings = dialog.eventWarnings.text()
    assert "no “Support” in its name" in warnings
    assert "ticket number" in warnings
    assert "public booking page" in warnings


def test_a_refused_token_and_an_account_without_discovery_type_are_explained(
    qtbot: QtBot, make_companion: MakeCompanion, profile: AppPaths, fake_calendly: FakeCalendly
) -> None:
    companion = calendly_app(make_companion, profile, fake_calendly)
    dialog = open_calendly_tab(qtbot, companion)
    dialog.calendlyTokenEdit.setText("not-the-token")
    dialog.loadEventTypesButton.click()
    qtbot.waitUntil(lambda: "could not be loaded" in dialog.calendlyResult.text())
    assert "token" in dialog.calendlyResult.text().lower()
    assert dialog.loadEventTypesButton.isEnabled()

    fake_calendly.event_types = fake_calendly.event_types[:1]
    dialog.calendlyTokenEdit.setText(TOKEN)
    dialog.loadEventTypesButton.click()
    qtbot.waitUntil(lambda: "Connected" in dialog.calendlyResult.text())
    assert "Support - Discovery Call with Ana Example" in dialog.calendlyResult.text()


def test_forgetting_the_token_removes_it_and_the_event_type(
    qtbot: QtBot, make_companion: MakeCompanion, profile: AppPaths, fake_calendly: FakeCalendly
) -> None:
    keyring.set_password("callcompanion", CALENDLY_USER, TOKEN)
    save_settings(
        profile.settings_file,
        Settings(
            calendly_api_url=fake_calendly.url,
            calendly_event_type="https://api.calendly.com/event_types/SUPPORT30",
            calendly_event_name="Support - Customer Call",
        ),
    )
    companion = make_companion()
    dialog = open_calendly_tab(qtbot, companion)
    dialog.forgetCalendlyButton.click()
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: companion.settings.value.calendly_event_type == "")
    assert keyring.get_password("callcompanion", CALENDLY_USER) is None


def test_links_to_rooms_must_be_https(qtbot: QtBot, companion: CallCompanion) -> None:
    dialog = companion.open_settings()
    qtbot.waitUntil(dialog.isVisible)
    dialog.meetingLinkEdit.setText("zoom.us/j/123")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.isVisible()
    assert dialog.settingsProblem.text() == "The meeting room link must start with https://."
    dialog.meetingLinkEdit.setText("https://zoom.us/j/123")
    dialog.noShowStatusCombo.setCurrentIndex(dialog.noShowStatusCombo.findData("hold"))
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert companion.settings.value.meeting_link == "https://zoom.us/j/123"
    assert companion.settings.value.no_show_status == "hold"
