"""The daily update check in the app: when it asks, when it tells, and the Settings ticks."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QPushButton, QToolButton
from pytestqt.qtbot import QtBot

from callcompanion import __version__
from callcompanion.app import CallCompanion
from callcompanion.controllers.update_check import UpdateOutcome
from callcompanion.core.call import Platform
from callcompanion.core.calltypes import CallTypeCatalog
from callcompanion.core.ticket import TicketRef
from callcompanion.gui.main_window.banners import NoticeBanner
from callcompanion.gui.settings import SettingsDialog
from callcompanion.gui.update_notice import notice_text
from callcompanion.services.autostart.xdg import FILE_NAME
from callcompanion.services.settings_file import load_settings
from callcompanion.services.update_check import Release
from tests.fakes.clock import FakeClock
from tests.fakes.release_server import FakeReleases

NEW = Release("0.3.0", "", "")


@pytest.fixture
def releases() -> Iterator[FakeReleases]:
    with FakeReleases("v0.3.0") as server:
        yield server


def team_file(companion: CallCompanion, text: str) -> None:
    (companion.paths.config_dir / "team.toml").write_text(text, encoding="utf-8")


def point_at(companion: CallCompanion, releases: FakeReleases, extra: str = "") -> None:
    team_file(companion, f'[updates]\nurl = "{releases.url}"\n{extra}')


def check(qtbot: QtBot, companion: CallCompanion) -> UpdateOutcome:
    with qtbot.waitSignal(companion.updates.finished, timeout=10_000) as finished:
        companion.updates.check_if_due()
    outcome = finished.args[0]
    assert isinstance(outcome, UpdateOutcome)
    return outcome


def banner(companion: CallCompanion, text: str) -> NoticeBanner:
    [found] = [b for b in companion.window.findChildren(NoticeBanner) if b.text == text]
    return found


def test_a_new_version_is_a_calm_notice_with_its_release_notes(
    qtbot: QtBot, companion: CallCompanion, releases: FakeReleases, clock: FakeClock
) -> None:
    point_at(companion, releases)
    outcome = check(qtbot, companion)
    assert outcome.newer
    assert outcome.release is not None
    text = f"callcompanion 0.3.0 is available (you have {__version__})."
    assert text == notice_text(outcome.release)
    qtbot.waitUntil(lambda: text in companion.window.notices())
    shown = banner(companion, text)
    assert shown.level.value == "info"
    [notes] = [b for b in shown.findChildren(QPushButton) if b.text() == "Release notes"]
    assert notes.toolTip() == releases.notes_url
    assert companion.settings.value.last_update_check == clock.now().isoformat()

    # Closing it means "not this version": the next day's answer shows nothing.
    [close] = shown.findChildren(QToolButton)
    close.click()
    assert companion.settings.value.dismissed_update == "0.3.0"
    assert text not in companion.window.notices()
    clock.advance(minutes=25 * 60)
    check(qtbot, companion)
    assert text not in companion.window.notices()
    assert len(releases.requests) == 2


def test_the_same_version_says_nothing(
    qtbot: QtBot, companion: CallCompanion, releases: FakeReleases
) -> None:
    releases.tag = f"v{__version__}"
    point_at(companion, releases)
    outcome = check(qtbot, companion)
    assert outcome.release is not None
    assert not outcome.newer
    assert not [n for n in companion.window.notices() if "is available" in n]


def test_offline_says_nothing_and_logs_one_quiet_line(
    qtbot: QtBot, companion: CallCompanion, caplog: pytest.LogCaptureFixture
) -> None:
    team_file(companion, '[updates]\nurl = "http://127.0.0.1:9/releases/latest"\n')
    caplog.set_level("INFO", logger="callcompanion.controllers.update_check")
    outcome = check(qtbot, companion)
    assert outcome.release is None
    assert outcome.problem
    assert not [n for n in companion.window.notices() if "available" in n]
    lines = [r for r in caplog.records if r.name == "callcompanion.controllers.update_check"]
    assert [r.levelname for r in lines if "no answer" in r.getMessage()] == ["INFO"]
    # Not asked again at once (no retry storm), and no answer is not "checked today".
    assert not companion.updates.due()
    assert companion.settings.value.last_update_check == ""


def test_a_malformed_answer_says_nothing(
    qtbot: QtBot, companion: CallCompanion, releases: FakeReleases
) -> None:
    releases.body = b'{"tag_name": "nightly"}'
    point_at(companion, releases)
    outcome = check(qtbot, companion)
    assert outcome.release is None
    assert "not a version" in (outcome.problem or "")
    assert not [n for n in companion.window.notices() if "available" in n]


def test_the_team_file_turning_checks_off_means_no_request_at_all(
    qtbot: QtBot, companion: CallCompanion, releases: FakeReleases
) -> None:
    point_at(companion, releases, "check = false\n")
    with qtbot.assertNotEmitted(companion.updates.finished, wait=300):
        companion.updates.check_if_due()
        assert not companion.updates.check_now()
    assert releases.requests == []


def test_the_engineer_turning_checks_off_means_no_request(
    qtbot: QtBot, companion: CallCompanion, releases: FakeReleases
) -> None:
    point_at(companion, releases)
    companion.settings.update(check_updates=False)
    assert not companion.updates.due()
    with qtbot.assertNotEmitted(companion.updates.finished, wait=300):
        companion.updates.check_if_due()
    assert releases.requests == []


def test_at_most_once_a_day(
    qtbot: QtBot, companion: CallCompanion, releases: FakeReleases, clock: FakeClock
) -> None:
    point_at(companion, releases)
    check(qtbot, companion)
    clock.advance(minutes=23 * 60)
    assert not companion.updates.due()
    companion.updates.check_if_due()
    clock.advance(minutes=61)
    assert companion.updates.due()
    check(qtbot, companion)
    assert len(releases.requests) == 2


def test_a_new_version_found_during_a_call_is_shown_after_it_ends(
    qtbot: QtBot, companion: CallCompanion, releases: FakeReleases
) -> None:
    point_at(companion, releases)
    companion.controller.start_call(
        TicketRef(12345), CallTypeCatalog().get("troubleshooting"), Platform.ZOOM
    )
    outcome = check(qtbot, companion)
    assert outcome.newer
    text = notice_text(NEW)
    assert text not in companion.window.notices()
    companion.controller.end_call()
    assert text in companion.window.notices()


# -- Settings -----------------------------------------------------------------------------------


def open_dialog(qtbot: QtBot, companion: CallCompanion) -> SettingsDialog:
    dialog = companion.open_settings()
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def press_ok(dialog: SettingsDialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def autostart_entry() -> Path:
    import os

    return Path(os.environ["XDG_CONFIG_HOME"]) / "autostart" / FILE_NAME


def test_the_start_at_login_tick_switches_the_system_entry_on_ok(
    qtbot: QtBot, companion: CallCompanion
) -> None:
    dialog = open_dialog(qtbot, companion)
    tick = dialog.startup.login_tick
    assert tick.text() == "Start callcompanion when I log in"
    assert not tick.isChecked()
    tick.setChecked(True)
    assert not autostart_entry().exists()  # only when OK is pressed
    press_ok(dialog)
    text = autostart_entry().read_text(encoding="utf-8")
    assert f"--profile {companion.paths.profile} --tray" in text
    assert "start_at_login" not in load_settings(companion.paths.settings_file).settings.to_dict()

    dialog = open_dialog(qtbot, companion)
    assert dialog.startup.login_tick.isChecked()  # read back from the system
    dialog.startup.login_tick.setChecked(False)
    press_ok(dialog)
    assert not autostart_entry().exists()


def test_another_profiles_entry_is_not_ticked_and_ok_leaves_it(
    qtbot: QtBot, companion: CallCompanion
) -> None:
    from callcompanion.services.autostart import launch_command
    from callcompanion.services.autostart.xdg import XdgAutostart, exec_args

    other = XdgAutostart(launch_command(), autostart_entry().parent)  # the default profile's
    other.enable()
    dialog = open_dialog(qtbot, companion)
    assert not dialog.startup.login_tick.isChecked()
    press_ok(dialog)
    assert other.enabled(), "OK with the box unticked leaves the other profile's entry"

    dialog = open_dialog(qtbot, companion)
    dialog.startup.login_tick.setChecked(True)  # this profile now: the entry is rewritten
    press_ok(dialog)
    exec_value = next(
        line.removeprefix("Exec=")
        for line in autostart_entry().read_text(encoding="utf-8").splitlines()
        if line.startswith("Exec=")
    )
    assert exec_args(exec_value) == dialog.startup.autostart.command
    assert "--profile" in exec_value


def test_a_refused_start_at_login_keeps_the_dialog_open_and_says_why(
    qtbot: QtBot, companion: CallCompanion
) -> None:
    autostart_entry().parent.parent.mkdir(parents=True, exist_ok=True)
    autostart_entry().parent.write_text("not a folder", encoding="utf-8")
    dialog = open_dialog(qtbot, companion)
    dialog.startup.login_tick.setChecked(True)
    press_ok(dialog)
    assert dialog.isVisible()
    assert "cannot be set to start at login" in dialog.settingsProblem.text()


def test_the_update_tick_is_a_setting_and_check_now_says_what_it_found(
    qtbot: QtBot, companion: CallCompanion, releases: FakeReleases
) -> None:
    point_at(companion, releases)
    dialog = open_dialog(qtbot, companion)
    startup = dialog.startup
    assert startup.update_tick.isChecked()
    assert startup.update_tick.isEnabled()
    assert startup.update_status.accessibleName() == f"You have version {__version__}."
    with qtbot.waitSignal(companion.updates.finished, timeout=10_000):
        startup.check_now.click()
        assert startup.update_status.text() == "Checking…"
        assert not startup.check_now.isEnabled()
    assert startup.update_status.accessibleName() == (
        f"callcompanion 0.3.0 is available (you have {__version__}): release notes."
    )
    assert releases.notes_url in startup.update_status.text()
    assert startup.check_now.isEnabled()
    startup.update_tick.setChecked(False)
    press_ok(dialog)
    assert companion.settings.value.check_updates is False
    assert load_settings(companion.paths.settings_file).settings.check_updates is False


def test_a_team_that_turned_checks_off_is_named_in_settings(
    qtbot: QtBot, companion: CallCompanion, releases: FakeReleases
) -> None:
    point_at(companion, releases, "check = false\n")
    dialog = open_dialog(qtbot, companion)
    startup = dialog.startup
    assert not startup.update_tick.isChecked()
    assert not startup.update_tick.isEnabled()
    assert not startup.check_now.isEnabled()
    assert startup.update_status.text() == "Your team turned update checks off."
    press_ok(dialog)
    # The engineer's own choice is kept for when the team allows checks again.
    assert companion.settings.value.check_updates is True
    assert releases.requests == []


def test_the_first_run_card_switches_start_at_login_at_once(
    qtbot: QtBot, companion: CallCompanion
) -> None:
    card = companion.first_start.card
    assert card is not None
    assert card.login_tick is not None
    assert card.login_tick.text() == "Start callcompanion when I log in"
    card.login_tick.click()
    assert autostart_entry().exists()
    assert "--tray" in autostart_entry().read_text(encoding="utf-8")
    card.login_tick.click()
    assert not autostart_entry().exists()
