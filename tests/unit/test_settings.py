from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from callcompanion.core.call import Platform
from callcompanion.core.connections import make_connection
from callcompanion.core.settings import Settings
from callcompanion.services.settings_file import SettingsSaveError, load_settings, save_settings


def test_defaults() -> None:
    settings = Settings()
    assert settings.no_show_after_minutes == 10
    assert settings.wrapup_lead_minutes == 10
    assert settings.call_types().get("discovery").planned_minutes == 15


def test_round_trip_through_the_file(tmp_path: Path) -> None:
    path = tmp_path / "config" / "settings.json"
    settings = Settings(
        engineer_name="Ana Example",
        zendesk_connections=(
            make_connection(id="abcd1234", label="Global", address="acme", email="a@example.com"),
        ),
        default_connection="abcd1234",
        summary_status="pending",
        summary_tags=("customer_call",),
        no_show_after_minutes=12,
        wrapup_lead_minutes=7,
        call_type_overrides={"discovery": {"planned_minutes": 20}},
        default_platform=Platform.WEBEX,
        mini_timer_position=(10, 20),
    )
    save_settings(path, settings)
    loaded = load_settings(path)
    assert loaded.notices == []
    assert loaded.settings == settings
    assert loaded.settings.call_types().get("discovery").planned_minutes == 20


def test_missing_file_gives_defaults_without_notices(tmp_path: Path) -> None:
    loaded = load_settings(tmp_path / "nope.json")
    assert loaded.settings == Settings()
    assert loaded.notices == []


def test_broken_json_is_kept_aside_and_defaults_are_used(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text('{"engineer_name": "Ana",', encoding="utf-8")
    loaded = load_settings(path, now=datetime(2026, 11, 27, 9, 30))
    assert loaded.settings == Settings()
    (notice,) = loaded.notices
    backup = tmp_path / "settings.json.damaged-20261127-093000.bak"
    assert str(backup) in notice
    assert backup.read_text(encoding="utf-8") == '{"engineer_name": "Ana",'
    assert not path.exists()


def test_bad_values_fall_back_one_by_one(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(
        json.dumps(
            {
                "engineer_name": "Ana",
                "no_show_after_minutes": 500,
                "wrapup_lead_minutes": "ten",
                "default_platform": "teams",
                "zendesk_connections": [
                    {
                        "id": "abcd1234",
                        "label": "x",
                        "base_url": "http://x.example",
                        "email": "a@example.com",
                    }
                ],
                "summary_status": "closed",
                "call_type_overrides": {"discovery": {"planned_minutes": 1}},
                "mini_timer_position": [1, "a"],
            }
        ),
        encoding="utf-8",
    )
    loaded = load_settings(path)
    assert loaded.settings.engineer_name == "Ana"
    assert loaded.settings.no_show_after_minutes == 10
    assert loaded.settings.wrapup_lead_minutes == 10
    assert loaded.settings.default_platform is Platform.ZOOM
    assert loaded.settings.zendesk_connections == ()
    assert loaded.settings.summary_status is None
    assert loaded.settings.call_type_overrides == {}
    assert loaded.settings.mini_timer_position is None
    assert len(loaded.notices) == 7
    assert any("no_show_after_minutes" in n and "1–60" in n for n in loaded.notices)


def test_newer_settings_say_so(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"version": 99, "engineer_name": "Ana"}), encoding="utf-8")
    loaded = load_settings(path)
    assert loaded.settings.engineer_name == "Ana"
    assert any("newer callcompanion" in n for n in loaded.notices)


def test_save_is_atomic_and_leaves_no_temporary_files(tmp_path: Path) -> None:
    path = tmp_path / "config" / "settings.json"
    save_settings(path, Settings(engineer_name="A"))
    save_settings(path, Settings(engineer_name="B"))
    assert [p.name for p in path.parent.iterdir()] == ["settings.json"]
    assert json.loads(path.read_text())["engineer_name"] == "B"


@pytest.mark.expect_log_errors(
    reason="a settings file that cannot be written is logged as an error",
    match="cannot save settings",
)
def test_save_failure_when_the_folder_is_a_file(tmp_path: Path) -> None:
    blocker = tmp_path / "config"
    blocker.write_text("not a folder")
    with pytest.raises(SettingsSaveError, match="could not be saved"):
        save_settings(blocker / "settings.json", Settings())


@pytest.mark.parametrize(
    ("address", "kept"),
    [
        ("https://api.calendly.com", True),
        ("http://127.0.0.1:4010", True),
        ("http://localhost:4010", True),
        ("http://127.0.0.1.evil.example", False),  # looks local, is not: the token would leak
        ("http://api.calendly.com", False),
    ],
)
def test_the_calendly_address_is_https_or_this_computer(
    tmp_path: Path, address: str, kept: bool
) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"calendly_api_url": address}), encoding="utf-8")
    loaded = load_settings(path)
    assert (loaded.settings.calendly_api_url == address) is kept
    assert bool(loaded.notices) is not kept
