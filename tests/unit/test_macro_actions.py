"""A macro's actions → the post's comment and ticket changes, and what the app cannot apply."""

from __future__ import annotations

from typing import Any

import pytest

from callcompanion.core.macro_actions import (
    MacroEffect,
    Rendered,
    describe,
    macro_effect,
    summary_line,
)
from callcompanion.core.ticket_changes import TicketChanges
from callcompanion.services.zendesk import ZendeskClient
from tests.fakes.zendesk_server import AGENT_ID, EMAIL, TOKEN, FakeZendesk, Status


def act(field: str, value: Any) -> dict[str, Any]:
    return {"field": field, "value": value}


def test_status_priority_fields_and_comment() -> None:
    effect = macro_effect(
        [
            act("status", "pending"),
            act("priority", "high"),
            act("custom_fields_360012345", "call_completed"),
            act("custom_fields_360099", ["a", "b"]),
            act("comment_value", "Thanks for the call."),
            act("comment_mode_is_public", "false"),
        ]
    )
    assert effect.comment == "Thanks for the call."
    assert effect.public is False
    assert effect.changes == TicketChanges(
        status="pending",
        priority="high",
        custom_fields=((360099, ["a", "b"]), (360012345, "call_completed")),
    )


def test_current_tags_add_set_tags_replace_and_remove_tags_take_off() -> None:
    added = macro_effect([act("current_tags", "call_held  follow_up")]).changes
    assert (added.add_tags, added.remove_tags, added.not_applied) == (
        ("call_held", "follow_up"),
        (),
        (),
    )
    replaced = macro_effect([act("set_tags", "only_this")]).changes
    assert replaced.add_tags == ("only_this",)
    # Replacing every tag would wipe what others put on the ticket: named, never silent.
    (sentence,) = replaced.not_applied
    assert "Replaces all the ticket's tags with only_this" in sentence
    assert "keeps the others" in sentence
    removed = macro_effect([act("current_tags", "a b"), act("remove_tags", "b c")]).changes
    assert (removed.add_tags, removed.remove_tags) == (("a",), ("b", "c"))
    later = macro_effect([act("remove_tags", "a"), act("current_tags", ["a"])]).changes
    assert (later.add_tags, later.remove_tags) == (("a",), ()), "the later action wins"


def test_assignee_and_group_with_zendesk_placeholders() -> None:
    rendered = Rendered(assignee_id=AGENT_ID, group_id=360001)
    effect = macro_effect(
        [act("assignee_id", "current_user"), act("group_id", "current_groups")],
        rendered,
        my_id=AGENT_ID,
    )
    assert (effect.changes.assignee_id, effect.changes.group_id) == (AGENT_ID, 360001)
    assert effect.assigns_me
    direct = macro_effect([act("assignee_id", "424242"), act("group_id", "77")]).changes
    assert (direct.assignee_id, direct.group_id) == (424242, 77)
    cleared = macro_effect([act("assignee_id", ""), act("group_id", "")]).changes
    assert (cleared.assignee_id, cleared.group_id) == (None, None)
    assert cleared.not_applied == ("Unassigns the ticket.", "Removes the group.")


@pytest.mark.parametrize(
    ("action", "sentence"),
    [
        (act("subject", "Call booked"), "Sets the subject to “Call booked”."),
        (act("type", "incident"), "Sets the type to “incident”."),
        (act("brand_id", "12"), "Changes the brand."),
        (act("satisfaction_score", "offered"), "Sends a satisfaction survey."),
        (act("follower", "current_user"), "Adds a follower."),
        (act("cc", "555"), "Copies someone on the ticket."),
        (act("side_conversation_slack", ["x"]), "Starts a side conversation."),
        (act("status", "closed"), "Sets the status to “closed”, which a macro cannot set."),
        (act("priority", ""), "Clears the priority."),
        (act("frobnicate", "yes"), "Changes “frobnicate” to “yes”."),
    ],
)
def test_actions_the_app_cannot_apply_are_named(action: dict[str, Any], sentence: str) -> None:
    effect = macro_effect([act("status", "open"), action])
    assert effect.changes.not_applied == (sentence,)
    assert describe(effect)[1] == [sentence]


def test_the_comment_rendered_for_the_ticket_wins_over_the_raw_text() -> None:
    actions = [
        act("comment_value_html", "<p>Hi {{ticket.requester.first_name}},</p><p>thanks</p>"),
    ]
    raw = macro_effect(actions)
    assert raw.comment == "Hi {{ticket.requester.first_name}},\nthanks"
    assert raw.public is None, "without a word on visibility the editor's choice stays"
    rendered = macro_effect(actions, Rendered(comment="Hi Chris,\nthanks", public=True))
    assert (rendered.comment, rendered.public) == ("Hi Chris,\nthanks", True)
    listed = macro_effect([act("comment_value", ["channel:all", "Thanks"])])
    assert listed.comment == "Thanks"


def test_preview_lines_with_field_titles_and_the_compact_line() -> None:
    effect = macro_effect(
        [
            act("status", "pending"),
            act("current_tags", "foo"),
            act("remove_tags", "bar"),
            act("custom_fields_1", "x"),
            act("custom_fields_2", ""),
            act("assignee_id", "current_user"),
        ],
        my_id=AGENT_ID,
    )
    lines, skipped = describe(effect, {1: "Call outcome"})
    assert lines == [
        "Status: Pending",
        "Adds tags: foo",
        "Removes tags: bar",
        "Call outcome: x",
        "Field 2: (cleared)",
        "Assigns the ticket to you",
    ]
    assert skipped == []
    assert (
        summary_line(effect.changes, assigns_me=effect.assigns_me)
        == "status Pending · tags +foo −bar · 2 fields · assigned to you"
    )
    assert summary_line(TicketChanges()) == ""
    assert MacroEffect("", None, TicketChanges()).changes.empty


def test_the_client_reads_the_actions_and_the_rendered_comment() -> None:
    with FakeZendesk() as zendesk, ZendeskClient(zendesk.url, EMAIL, TOKEN) as client:
        zendesk.add_ticket(12345)
        zendesk.macros[5] = {
            "id": 5,
            "title": "Call done",
            "actions": [
                act("comment_value", "Hi {{ticket.requester.first_name}}"),
                act("status", "pending"),
                act("assignee_id", "current_user"),
            ],
        }
        preview = client.apply_macro(12345, 5)
        assert (preview.body, preview.public, preview.assignee_id) == ("Hi Chris", True, AGENT_ID)
        assert [a["field"] for a in preview.actions] == ["comment_value", "status", "assignee_id"]
        assert [r.path for r in zendesk.requests] == [
            "/api/v2/macros/5",
            "/api/v2/tickets/12345/macros/5/apply",
        ]
        assert zendesk.ticket(12345)["status"] == "open", "nothing changes on the ticket"
        zendesk.macros[6] = {"id": 6, "title": "Tags only", "actions": [act("current_tags", "x")]}
        assert client.apply_macro(12345, 6).body == "", "a macro without a comment is fine"


def test_a_comment_given_only_as_html_becomes_plain_text() -> None:
    with FakeZendesk() as zendesk, ZendeskClient(zendesk.url, EMAIL, TOKEN) as client:
        zendesk.add_ticket(12345)
        zendesk.macros[7] = {"id": 7, "title": "Call done", "actions": []}
        html_only = {
            "ticket": {"id": 12345},
            "comment": {
                "html_body": "<p>Hi Chris,</p><p>thanks for the call &amp; the logs.<br>Eve</p>",
                "public": True,
            },
        }
        zendesk.fail("GET", r"/tickets/12345/macros/7/apply", Status(200, {"result": html_only}))
        preview = client.apply_macro(12345, 7)
        assert preview.body == "Hi Chris,\nthanks for the call & the logs.\nEve"
