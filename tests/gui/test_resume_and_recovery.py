"""A call survives quitting, crashing and rebooting; a damaged store never stops the app."""

from __future__ import annotations

import base64
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from pytestqt.qtbot import QtBot

from callcompanion.app import CallCompanion
from callcompanion.core.call import CallState, Platform, PromptKind
from callcompanion.core.calltypes import CallTypeCatalog
from callcompanion.core.summary import with_marker
from callcompanion.core.ticket import TicketRef
from callcompanion.gui.crash import PreviousCrash
from callcompanion.gui.main_window import CALL_PAGE
from callcompanion.paths import AppPaths
from tests.fakes.clock import FakeClock
from tests.fakes.store_damage import TICKETS, damage_leaves, fill_store
from tests.fakes.zendesk_server import EMAIL, TOKEN, FakeZendesk
from tests.gui.conftest import MakeCompanion, connect_to

# Some posts here are the reply exactly as the template fills it, which asks first.
pytestmark = pytest.mark.usefixtures("confirm_posting_without_notes")


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


@pytest.mark.expect_log_errors(
    reason="running on an in-memory store is logged as an error",
    match="in-memory store",
)
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


@pytest.mark.expect_log_errors(
    reason="the damaged store is logged as an error before it is moved aside",
    match="is damaged",
)
def test_a_damaged_store_s_posts_all_go_out_exactly_once(
    qtbot: QtBot,
    make_companion: MakeCompanion,
    profile: AppPaths,
    clock: FakeClock,
    fake_zendesk: FakeZendesk,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    connect_to(fake_zendesk, profile, monkeypatch)
    for ticket in TICKETS[1:]:
        fake_zendesk.add_ticket(ticket)
    filled = fill_store(profile.store_file, clock, posts=300)
    # The post of unknown outcome did reach Zendesk before the app died.
    unknown_index = filled.markers.index(filled.unknown_marker)
    auth = base64.b64encode(f"{EMAIL}/token:{TOKEN}".encode()).decode()
    httpx.put(
        f"{fake_zendesk.url}/api/v2/tickets/{TICKETS[unknown_index % len(TICKETS)]}.json",
        json={
            "ticket": {
                "comment": {
                    "body": with_marker(
                        f"Post {unknown_index}: the upgrade was checked again.",
                        filled.unknown_marker,
                    ),
                    "public": False,
                }
            }
        },
        headers={"Authorization": f"Basic {auth}"},
    ).raise_for_status()
    lost_text = damage_leaves(profile.store_file, "outbox", (3, 8))
    lost = {m for m in filled.markers if m in lost_text}
    assert lost
    assert filled.unknown_marker not in lost
    rescued = [m for m in filled.markers if m not in lost]

    # The app died with the store in this state, so the next start checks the file first.
    crash = PreviousCrash(when=clock.now().astimezone(), exact=False)
    companion = make_companion(previous_crash=crash)

    (notice,) = [n for n in companion.window.notices() if "could not be read" in n]
    backups = list(profile.data_dir.glob("*.damaged-*.bak"))
    assert len(backups) == 1
    assert str(backups[0]) in notice
    assert f"{len(rescued)} unsent posts, 2 summary drafts, the running call" in notice
    assert companion.controller.call is not None, "the running call goes on"
    editors = companion.summary_windows
    assert all(editors.editor(call_id) for call_id in filled.drafts), "drafts open again"

    qtbot.waitUntil(lambda: companion.outbox.counts().total == 0, timeout=120_000)
    posted = [str(c["body"]) for ticket in TICKETS for c in fake_zendesk.comments(ticket)]
    for marker in rescued:
        assert sum(marker in body for body in posted) == 1, f"{marker} posted exactly once"
    assert not [m for m in lost if any(m in body for body in posted)]
    assert not [b for b in posted if filled.sent_marker in b], "a sent post is not sent again"
    assert len(posted) == len(rescued)
