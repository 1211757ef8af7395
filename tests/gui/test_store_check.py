"""The store's file is checked off the GUI thread after a clean start, before use after a crash."""

from __future__ import annotations

from datetime import datetime

import pytest
from pytestqt.qtbot import QtBot

from callcompanion.controllers import store_check
from callcompanion.core.call import Platform
from callcompanion.core.calltypes import CallTypeCatalog
from callcompanion.core.ticket import TicketRef
from callcompanion.gui.crash import PreviousCrash
from callcompanion.paths import AppPaths
from callcompanion.services.storage import DAMAGE_FOUND, open_store
from tests.gui.conftest import MakeCompanion
from tests.unit.test_storage_checks import damage_index


@pytest.fixture(autouse=True)
def check_soon(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_check, "CHECK_DELAY_MS", 10)


def damaged_profile(profile: AppPaths) -> None:
    profile.create()
    open_store(profile.store_file).store.close()
    # The summaries' key index: neither the start nor saving a call reads it.
    damage_index(profile.store_file, "sqlite_autoindex_summaries_1")


@pytest.mark.expect_log_errors(reason="the damage found is logged as an error")
def test_damage_found_after_a_clean_start_is_said_and_the_app_keeps_working(
    qtbot: QtBot, make_companion: MakeCompanion, profile: AppPaths
) -> None:
    damaged_profile(profile)
    companion = make_companion()
    assert not [n for n in companion.window.notices() if "damaged" in n]
    assert companion.store_check.needed
    qtbot.waitUntil(lambda: DAMAGE_FOUND in companion.window.notices(), timeout=15_000)
    companion.controller.start_call(
        TicketRef(12345), CallTypeCatalog().get("troubleshooting"), Platform.ZOOM
    )
    assert companion.store.active_call() is not None, "calls are still saved"
    companion.quit()
    companion.close()

    again = make_companion()  # a clean quit: the note left beside the file asks for the check
    (notice,) = [n for n in again.window.notices() if "could not be read" in n]
    assert "The running call from it was kept" in notice
    assert again.controller.call is not None
    assert list(profile.data_dir.glob("*.damaged-*.bak"))
    assert not again.store_check.needed


def test_after_a_crash_the_file_is_checked_before_the_window_shows(
    qtbot: QtBot, make_companion: MakeCompanion, profile: AppPaths
) -> None:
    damaged_profile(profile)
    companion = make_companion(
        previous_crash=PreviousCrash(when=datetime.now().astimezone(), exact=False)
    )
    assert any("could not be read" in n for n in companion.window.notices())
    assert not companion.store_check.needed, "checked once is enough"


def test_a_sound_file_is_checked_quietly(
    qtbot: QtBot, make_companion: MakeCompanion, profile: AppPaths
) -> None:
    companion = make_companion()
    needed_at_start = companion.store_check.needed
    with qtbot.waitSignal(companion.store_check.checked, timeout=15_000):
        pass
    assert (needed_at_start, companion.store_check.needed) == (True, False)
    assert not [n for n in companion.window.notices() if "damaged" in n]
