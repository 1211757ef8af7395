from __future__ import annotations

from dataclasses import replace

import pytest

from callcompanion.core.calltypes import (
    DEFAULT_CALL_TYPES,
    CallTypeCatalog,
    CallTypeError,
    preset,
)


def test_defaults_follow_the_workflow() -> None:
    planned = {t.name: t.planned_minutes for t in DEFAULT_CALL_TYPES}
    assert planned == {
        "Discovery": 15,
        "Troubleshooting": 60,
        "Reset & Review": 30,
        "Upgrade Assistance": 30,
        "Installation/intake": 60,
        "Emergency": None,
        "Unscheduled": 20,
    }


def test_wrap_up_lead_uses_the_default_unless_the_type_sets_one() -> None:
    catalog = CallTypeCatalog()
    assert catalog.get("troubleshooting").effective_wrapup_lead(10) == 10
    assert catalog.get("troubleshooting").effective_wrapup_lead(15) == 15
    assert catalog.get("discovery").effective_wrapup_lead(10) == 5
    assert catalog.get("emergency").effective_wrapup_lead(10) is None


def test_lead_never_exceeds_half_the_planned_length() -> None:
    catalog = CallTypeCatalog().with_overrides({"troubleshooting": {"planned_minutes": 12}})
    assert catalog.get("troubleshooting").effective_wrapup_lead(10) == 6


def test_overrides_round_trip_and_only_store_changes() -> None:
    base = CallTypeCatalog()
    edited = base.with_overrides(
        {"discovery": {"planned_minutes": 20}, "troubleshooting": {"wrapup_lead_minutes": 15}}
    )
    assert edited.get("discovery").planned_minutes == 20
    assert edited.get("troubleshooting").wrapup_lead_minutes == 15
    assert edited.overrides_against(base) == {
        "discovery": {"planned_minutes": 20},
        "troubleshooting": {"wrapup_lead_minutes": 15},
    }
    assert base.overrides_against(base) == {}


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        ({"discovery": {"planned_minutes": 2}}, "planned length must be"),
        ({"discovery": {"planned_minutes": "15"}}, "whole number"),
        ({"discovery": {"wrapup_lead_minutes": 30}}, "wrap-up lead must be 5–15"),
        ({"emergency": {"planned_minutes": 30}}, "open-ended"),
        ({"discovery": {"planned_minutes": None}}, "need a planned length"),
        ({"discovery": {"colour": "red"}}, "unknown setting"),
    ],
)
def test_bad_overrides_are_refused_with_a_reason(
    edit: dict[str, dict[str, object]], message: str
) -> None:
    with pytest.raises(CallTypeError, match=message):
        CallTypeCatalog().with_overrides(edit)


def test_unknown_type() -> None:
    with pytest.raises(CallTypeError, match="unknown call type"):
        CallTypeCatalog().get("karaoke")


def test_guidance_follows_the_configured_minutes() -> None:
    catalog = CallTypeCatalog().with_overrides({"discovery": {"planned_minutes": 20}})
    assert "Continue past 20 minutes only at your discretion" in catalog.get("discovery").guidance()
    emergency = replace(catalog.get("emergency"), response_minutes=(10, 25))
    assert emergency.guidance() == (
        "No response after 10 minutes: follow up. After 25: close the bridge and set the "
        "ticket's priority to High."
    )
    assert catalog.get("unscheduled").guidance() == "Keep it short: 5–20 minutes."
    assert catalog.get("troubleshooting").guidance() == ""


def test_presets_are_found_by_key() -> None:
    discovery = preset("discovery")
    assert discovery is not None
    assert discovery.continue_at_discretion
    assert preset("no_such_type") is None
