from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import pytest

from callcompanion.core.checklists import (
    ChecklistError,
    ChecklistItem,
    Checklists,
    ItemAction,
    ItemResult,
    ItemState,
    Stage,
    due_nags,
    gate_problems,
    load_checklists,
    outcomes,
    parse_checklists,
    snooze,
    upgrade_facts,
)
from callcompanion.paths import resource_path

DEFAULTS = resource_path("checklists.toml")


def defaults() -> Checklists:
    checklists, notices = load_checklists(DEFAULTS, None)
    assert notices == []
    return checklists


def ids(items: Iterable[ChecklistItem]) -> list[str]:
    return [i.id for i in items]


def test_the_shipped_checklists_follow_the_workflow() -> None:
    checklists = defaults()
    before = ids(checklists.for_call("upgrade_assistance", "zoom", Stage.BEFORE))
    assert before == ["pre_call_email", "meeting_link_sent", "backup_done", "upgrade_info"]
    assert ids(checklists.for_call("discovery", "zoom", Stage.BEFORE)) == [
        "pre_call_email",
        "meeting_link_sent",
    ]
    webex = ids(checklists.for_call("troubleshooting", "webex", Stage.START))
    assert webex == [
        "webex_sign_in",
        "webex_enter_room",
        "webex_room_link",
        "webex_lock",
        "recording",
        "screen_sharing",
    ]
    zoom = ids(checklists.for_call("troubleshooting", "zoom", Stage.START))
    assert "webex_lock" not in zoom
    assert "zoom_waiting_room" in zoom
    backup, lock, recording, info = (
        checklists.get(name) for name in ("backup_done", "webex_lock", "recording", "upgrade_info")
    )
    assert backup is not None
    assert backup.gate
    assert lock is not None
    assert lock.nag
    assert recording is not None
    assert len(recording.choices) == 3
    assert info is not None
    assert [f.id for f in info.fields] == [
        "installation_type",
        "current_version",
        "target_version",
        "ci_use",
    ]
    wrap_up = checklists.for_call("troubleshooting", "zoom", Stage.WRAP_UP)
    assert [(i.id, i.section) for i in wrap_up] == [
        ("review_learned", "learned"),
        ("review_next_steps", "customer_next"),
        ("review_next_call", "next_call"),
    ]


def test_the_backup_gate() -> None:
    items = defaults().for_call("upgrade_assistance", "zoom", Stage.BEFORE)
    assert ids(gate_problems(items, {})) == ["backup_done"]
    done = {"backup_done": ItemResult("backup_done", ItemState.DONE)}
    assert gate_problems(items, done) == []
    overridden = {
        "backup_done": ItemResult("backup_done", ItemState.SKIPPED, reason="Customer on call")
    }
    assert gate_problems(items, overridden) == [], "an override with a reason lets the call start"


def test_the_room_lock_nags_until_ticked() -> None:
    items = defaults().for_call("troubleshooting", "webex", Stage.START)
    assert ids(due_nags(items, {}, 0)) == ["webex_lock"]
    snoozed = {"webex_lock": snooze(ItemResult("webex_lock"), 5)}
    assert due_nags(items, snoozed, 60) == []
    assert ids(due_nags(items, snoozed, 125)) == ["webex_lock"]
    locked = {"webex_lock": ItemResult("webex_lock", ItemState.DONE)}
    assert due_nags(items, locked, 999) == []


def test_outcomes_for_the_summary() -> None:
    checklists = defaults()
    items = checklists.for_call("upgrade_assistance", "webex", None)
    results = {
        "webex_lock": ItemResult("webex_lock", ItemState.DONE),
        "recording": ItemResult("recording", ItemState.DONE, choice="customer_records"),
        "backup_done": ItemResult("backup_done", ItemState.SKIPPED, reason="confirmed by phone"),
        "upgrade_info": ItemResult(
            "upgrade_info",
            ItemState.DONE,
            values={"installation_type": "Helm chart", "current_version": "16.11.2"},
        ),
        "pre_call_email": ItemResult("pre_call_email", ItemState.NOT_APPLICABLE),
    }
    assert outcomes(items, results) == [
        "Skipped: The customer confirmed their backup is finished (confirmed by phone)",
        "Upgrade information collected",
        "Installation type: Helm chart; Current GitLab version: 16.11.2",
        "WebEx room locked",
        "Recording started and kept by the customer",
    ]
    info = checklists.get("upgrade_info")
    assert info is not None
    assert upgrade_facts(info, results["upgrade_info"]).splitlines() == [
        "Installation type: Helm chart",
        "Current GitLab version: 16.11.2",
        "Target version: –",
        "Uses GitLab CI: –",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[item]\nid=", "cannot be read"),
        ("title = 'x'", "no [[item]] entries"),
        ("[[item]]\nid='a'\ntitle='A'\nstage='later'", "item 1: stage “later”"),
        ("[[item]]\nid='a'\nstage='before'", "item 1: “title” is missing"),
        ("[[item]]\nid='a'\ntitle='A'\nstage='before'\ncolour='red'", "unknown key(s) colour"),
        ("[[item]]\nid='a'\ntitle='A'\nstage='before'\ngate='yes'", "“gate” must be true or false"),
        ("[[item]]\nid='a'\ntitle='A'\nstage='wrap_up'\nsection='misc'", "section “misc”"),
        (
            "[[item]]\nid='a'\ntitle='A'\nstage='before'\n[[item]]\nid='a'\ntitle='B'\nstage='start'",
            "unique: a",
        ),
    ],
)
def test_a_malformed_file_gets_a_clear_message(text: str, message: str) -> None:
    with pytest.raises(ChecklistError, match=re.escape(message)):
        parse_checklists(text, "team.toml")


def test_a_broken_team_file_falls_back_to_the_defaults(tmp_path: Path) -> None:
    team = tmp_path / "checklists.toml"
    team.write_text("[[item]]\nid='x'\n")
    checklists, notices = load_checklists(DEFAULTS, team)
    assert checklists.get("backup_done") is not None
    (notice,) = notices
    assert str(team) in notice
    assert "defaults are used" in notice or "default checklists are used" in notice


def test_a_team_file_replaces_the_defaults(tmp_path: Path) -> None:
    team = tmp_path / "checklists.toml"
    team.write_text("[[item]]\nid='vpn'\ntitle='Customer VPN up'\nstage='before'\ngate=true\n")
    checklists, notices = load_checklists(DEFAULTS, team)
    assert notices == []
    assert ids(checklists.items) == ["vpn"]


# -- what an item offers to do with what it collected ---------------------------------------------

_WITH_FIELDS = (
    '[[item]]\nid = "site"\nstage = "before"\ntitle = "Site facts"\n{actions}\n'
    '[[item.fields]]\nid = "region"\nlabel = "Region"\n'
)


def test_items_declare_their_actions() -> None:
    (item,) = parse_checklists(
        _WITH_FIELDS.format(actions='actions = ["post_organization_notes", "post_internal_note"]')
    ).items
    assert item.actions == (ItemAction.POST_ORGANIZATION_NOTES, ItemAction.POST_INTERNAL_NOTE)
    shipped = defaults().get("upgrade_info")
    assert shipped is not None
    assert shipped.actions == (ItemAction.POST_INTERNAL_NOTE, ItemAction.POST_ORGANIZATION_NOTES)
    (plain,) = parse_checklists(_WITH_FIELDS.format(actions="")).items
    assert plain.actions == ()


def test_an_unknown_action_is_named_with_the_file() -> None:
    with pytest.raises(ChecklistError) as caught:
        parse_checklists(_WITH_FIELDS.format(actions='actions = ["email_the_ceo"]'), "team.toml")
    message = str(caught.value)
    assert "team.toml" in message
    assert "item 1" in message
    assert "email_the_ceo" in message
    assert "post_internal_note" in message, "says what is accepted"


def test_actions_need_fields_to_post() -> None:
    text = '[[item]]\nid = "x"\nstage = "before"\ntitle = "X"\nactions = ["post_internal_note"]\n'
    with pytest.raises(ChecklistError, match=r"needs \[\[item.fields\]\]"):
        parse_checklists(text)
