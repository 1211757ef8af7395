from __future__ import annotations

import os
import time
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from callcompanion.core.clock import SystemClock, from_utc_iso, suspend_aware_monotonic, to_utc_iso
from callcompanion.paths import AppPaths, resource_dir, resource_path


def test_the_system_clock_moves_forward() -> None:
    clock = SystemClock()
    first = clock.monotonic()
    time.sleep(0.02)
    assert clock.monotonic() - first >= 0.015
    assert clock.now().tzinfo is not None


def test_the_suspend_aware_clock_tracks_monotonic_time() -> None:
    start_a, start_b = suspend_aware_monotonic(), time.monotonic()
    time.sleep(0.05)
    delta_a, delta_b = suspend_aware_monotonic() - start_a, time.monotonic() - start_b
    assert delta_a == pytest.approx(delta_b, abs=0.01)


def test_iso_round_trip_in_utc() -> None:
    moment = datetime(2026, 11, 27, 11, 30, tzinfo=timezone(timedelta(hours=1)))
    assert to_utc_iso(moment) == "2026-11-27T10:30:00+00:00"
    assert from_utc_iso(to_utc_iso(moment)) == moment
    assert from_utc_iso("2026-11-27T10:30:00") == datetime(2026, 11, 27, 10, 30, tzinfo=UTC)
    with pytest.raises(ValueError, match="naive"):
        to_utc_iso(datetime(2026, 1, 1))


def test_a_profile_keeps_everything_under_one_folder(tmp_path: Path) -> None:
    paths = AppPaths.for_profile(tmp_path / "p")
    for folder in (paths.config_dir, paths.data_dir, paths.log_dir, paths.cache_dir):
        assert folder.is_relative_to(tmp_path / "p")
    assert paths.store_file.parent == paths.data_dir
    assert paths.settings_file.parent == paths.config_dir


def test_platform_paths_follow_xdg() -> None:
    paths = AppPaths.from_platform()
    assert paths.config_dir == Path(os.environ["XDG_CONFIG_HOME"]) / "callcompanion"
    assert paths.data_dir == Path(os.environ["XDG_DATA_HOME"]) / "callcompanion"
    assert paths.log_dir.is_relative_to(os.environ["XDG_STATE_HOME"])
    assert paths.profile is None


def test_instance_keys_differ_per_profile(tmp_path: Path) -> None:
    one = AppPaths.for_profile(tmp_path / "a").instance_key()
    two = AppPaths.for_profile(tmp_path / "b").instance_key()
    assert one != two
    assert one == AppPaths.for_profile(tmp_path / "a").instance_key()


def test_resources_are_found_and_guarded() -> None:
    assert (resource_dir() / "templates").is_dir()
    assert resource_path("templates", "no_show.md.j2").is_file()
    for bad in (("..", "pyproject.toml"), ("/etc/passwd",)):
        with pytest.raises(ValueError, match="not a resource path"):
            resource_path(*bad)
