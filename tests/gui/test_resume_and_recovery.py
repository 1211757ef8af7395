"""A call survives quitting, crashing and rebooting; a damaged store never stops the app."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from pytestqt.qtbot import QtBot

from callcompanion.app import CallCompanion
from callcompanion.core.call import CallState, Platform, PromptKind
from callcompanion.core.calltypes import CallTypeCatalog
from callcompanion.core.ticket import TicketRef
from callcompanion.gui.main_window import CALL_PAGE
from callcompanion.paths import AppPaths
from tests.fakes.clock import FakeClock
from tests.gui.conftest import MakeCompanion


def start_call(companion: CallCompanion, key: str = "troubleshooting", joined: bool = True) -> None:
    companion.controller.start_call(
        TicketRef(12345), CallTypeCatalog().get(key), Platform.ZOOM, customer_joined=joined
    )


def test_quit_and_relaunch_resumes_with_the_right_elapsed_time(
    qtbot: QtBot, make_companion: MakeCompanion, clock: FakeClock
) -> None:
    first = make_companion()
    start_call(first)
    clock.advance(minutes=23, seconds=41)
    first.quit()
    first.close()

    clock.advance(minutes=2)  # the app is closed for two minutes
    clock.restart()  # and the monotonic clock starts over (a reboot, or just a new process)
    second = make_companion()
    call = second.controller.call
    assert call is not None
    assert call.elapsed() == 25 * 60 + 41
    assert second.window.pages.currentIndex() == CALL_PAGE
    assert second.window.elapsedLabel.text() == "25:41"
    assert second.window.stateLabel.text() == "In progress"
    assert second.tray.icon.toolTip() == "#12345 · Troubleshooting · 25:41"


def test_a_crash_loses_no_more_than_the_last_checkpoint(
    qtbot: QtBot, make_companion: MakeCompanion, clock: FakeClock
) -> None:
    first = make_companion()
    start_call(first, joined=False)
    clock.advance(minutes=4)
    first.controller.mark_joined()  # every action is saved at once
    clock.advance(minutes=3)
    # no quit(), no save: the process "dies" here; only the SQLite file remains
    clock.restart()
    second = make_companion()
    call = second.controller.call
    assert call is not None
    assert call.customer_joined
    assert call.record.joined_at == 4 * 60
    assert call.elapsed() == 7 * 60, "the wall-clock start keeps the time right"


def test_a_prompt_that_fell_due_while_closed_appears_on_relaunch(
    qtbot: QtBot, make_companion: MakeCompanion, clock: FakeClock
) -> None:
    first = make_companion()
    start_call(first, joined=False)
    first.quit()
    first.close()
    clock.advance(minutes=12)
    clock.restart()
    second = make_companion()
    (banner,) = second.window.prompt_banners()
    assert banner.prompt.kind is PromptKind.NO_SHOW
    assert banner.isVisible()


def test_the_wall_clock_set_back_while_closed_never_rewinds_the_timer(
    qtbot: QtBot, make_companion: MakeCompanion, clock: FakeClock
) -> None:
    first = make_companion()
    start_call(first)
    clock.advance(minutes=30)
    first.quit()
    first.close()
    clock.set_wall(clock.wall - timedelta(hours=3))
    clock.restart()
    second = make_companion()
    assert second.controller.call is not None
    assert second.controller.call.elapsed() == 30 * 60
    assert second.controller.call.state() is CallState.IN_PROGRESS


def test_a_damaged_store_is_reported_and_the_app_works(
    qtbot: QtBot, make_companion: MakeCompanion, profile: AppPaths
) -> None:
    profile.store_file.write_bytes(b"garbage" * 1000)
    companion = make_companion()
    (notice,) = [n for n in companion.window.notices() if "could not be read" in n]
    assert ".bak" in notice
    backups = list(profile.data_dir.glob("*.damaged-*.bak"))
    assert len(backups) == 1
    start_call(companion)
    assert companion.store.active_call() is not None
    assert companion.store.persistent


def test_damaged_settings_are_reported_and_defaults_used(
    qtbot: QtBot, make_companion: MakeCompanion, profile: AppPaths
) -> None:
    profile.settings_file.write_text("{ not json")
    companion = make_companion()
    assert any("Settings could not be read" in n for n in companion.window.notices())
    assert companion.settings.value.no_show_after_minutes == 10


def test_an_unwritable_data_folder_runs_in_memory_and_says_so(
    qtbot: QtBot, make_companion: MakeCompanion, tmp_path: Path
) -> None:
    blocked = tmp_path / "blocked"
    blocked.mkdir()
    (blocked / "data").write_text("a file where the data folder should be")
    paths = AppPaths(blocked / "config", blocked / "data", blocked / "logs", blocked / "cache")
    companion = make_companion(paths=paths)
    assert not companion.store.persistent
    assert any("not being saved" in n for n in companion.window.notices())
    start_call(companion)
    assert companion.controller.call is not None
