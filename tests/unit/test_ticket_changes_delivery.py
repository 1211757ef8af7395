"""What a post changes on its ticket, against a loopback Zendesk: one update, never twice.

The summary's (or the no-show reply's) update carries the call's outcome tag and adds the call's
seconds to the Time Tracking fields, in the same request as the comment, under ``safe_update``.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from callcompanion.core.call import CallRecord, Outcome, Platform
from callcompanion.core.call_changes import call_changes, merged
from callcompanion.core.outbox_kind import OutboxKind
from callcompanion.core.settings import Settings
from callcompanion.core.summary import as_posted, new_marker
from callcompanion.core.ticket import TicketRef
from callcompanion.core.ticket_changes import TicketChanges
from callcompanion.services.delivery import deliver
from callcompanion.services.outbox import EntryState, NewPost, Outbox, OutboxEntry
from callcompanion.services.storage import Store, open_store
from callcompanion.services.zendesk import TicketField, ZendeskClient
from tests.fakes.zendesk_server import EMAIL, TOKEN, Drop, FakeZendesk, LoseResponse, Status
from tests.fixtures.db.make_fixtures import fixture_path

FAST = httpx.Timeout(connect=2.0, read=2.0, write=2.0, pool=2.0)
T0 = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
TICKET = 12345
TOTAL, LAST = 360010, 360011


@pytest.fixture
def zendesk() -> Iterator[FakeZendesk]:
    with FakeZendesk() as fake:
        fake.add_ticket(TICKET, subject="Upgrade fails", tags=["vip", "awaiting_call"])
        yield fake


@pytest.fixture
def tracked(zendesk: FakeZendesk) -> FakeZendesk:
    """An account with the Time Tracking app; 5 minutes were tracked on the ticket already."""
    zendesk.add_time_tracking_fields(TOTAL, LAST)
    zendesk.add_ticket(
        TICKET,
        subject="Upgrade fails",
        tags=["vip", "awaiting_call"],
        custom_fields={TOTAL: "300", LAST: "300"},  # Zendesk may give numbers as text
    )
    return zendesk


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(tmp_path / "store.sqlite3")
    yield opened.store
    opened.store.close()


@pytest.fixture
def client(zendesk: FakeZendesk) -> Iterator[ZendeskClient]:
    with ZendeskClient(zendesk.url, EMAIL, TOKEN, timeout=FAST) as made:
        yield made


def ended_call(
    seconds: float, outcome: Outcome = Outcome.COMPLETED, call_type: str = "troubleshooting"
) -> CallRecord:
    return CallRecord(
        id="c0ffee",
        ticket=TicketRef(TICKET),
        call_type_key=call_type,
        call_type_name=call_type.capitalize(),
        platform=Platform.ZOOM,
        started_at=T0,
        planned_seconds=3600,
        wrapup_lead_seconds=600,
        no_show_after_seconds=600,
        joined_at=None if outcome is Outcome.NO_SHOW else 60.0,
        ended_at=seconds,
        outcome=outcome,
        last_elapsed=seconds,
    )


def summary_post(changes: TicketChanges, *, public: bool = True, **fields: Any) -> NewPost:
    marker = new_marker()
    return NewPost(
        ticket=TICKET,
        body=as_posted("Thanks for the call today.", marker, public=public),
        public=public,
        marker=marker,
        kind=OutboxKind.SUMMARY,
        label=f"Summary for #{TICKET}",
        call_id=None,
        connection_id="abcd1234",
        changes=changes,
        **fields,
    )


def attempt(
    outbox: Outbox, client: ZendeskClient, now: datetime = T0, **kwargs: Any
) -> OutboxEntry:
    entry = outbox.next_due(now)
    assert entry is not None
    claimed = outbox.claim(entry, now)
    assert claimed is not None
    return outbox.apply(claimed, deliver(claimed, client, **kwargs), now)


def ticket_puts(zendesk: FakeZendesk) -> list[dict[str, Any]]:
    return [r.body["ticket"] for r in zendesk.calls("PUT", rf"^/api/v2/tickets/{TICKET}(\.json)?$")]


def fields_of(zendesk: FakeZendesk) -> dict[int, Any]:
    return {f["id"]: f["value"] for f in zendesk.ticket(TICKET)["custom_fields"]}


def test_the_summary_adds_the_call_time_and_its_outcome_tag_in_the_same_update(
    store: Store, client: ZendeskClient, tracked: FakeZendesk
) -> None:
    changes = call_changes(ended_call(42 * 60), Settings())
    assert changes == TicketChanges(add_tags=("call_held",), time_spent_seconds=2520)
    outbox = Outbox(store)
    outbox.add(
        [
            summary_post(
                merged(TicketChanges(status="pending", add_tags=("customer_call",)), changes)
            )
        ],
        T0,
        connected=True,
    )

    assert attempt(outbox, client).state is EntryState.SENT
    assert fields_of(tracked) == {TOTAL: 300 + 2520, LAST: 2520}
    assert tracked.ticket(TICKET)["tags"] == ["vip", "awaiting_call", "customer_call", "call_held"]
    assert tracked.ticket(TICKET)["status"] == "pending"
    (update,) = ticket_puts(tracked)
    assert update["comment"] == {"body": "Thanks for the call today.", "public": True}
    assert update["safe_update"] is True
    assert update["custom_fields"] == [{"id": TOTAL, "value": 2820}, {"id": LAST, "value": 2520}]
    assert "additional_tags" not in update, "a single ticket's update has no adding form"
    assert tracked.calls("PUT", "/tags$") == [], "the tags went with the comment"
    assert len(tracked.comments(TICKET)) == 1


def test_a_concurrent_change_between_the_read_and_the_write_is_kept(
    store: Store, client: ZendeskClient, tracked: FakeZendesk
) -> None:
    def colleague(ticket: Any) -> None:
        # Another agent tracks 10 minutes and tags the ticket while the post is on its way.
        ticket.custom_fields[TOTAL] = int(ticket.custom_fields[TOTAL]) + 600
        ticket.custom_fields[LAST] = 600
        ticket.tags.append("escalated")

    tracked.after_next_read(TICKET, colleague)
    outbox = Outbox(store)
    changes = call_changes(ended_call(1800), Settings())
    outbox.add([summary_post(changes)], T0, connected=True)

    assert attempt(outbox, client).state is EntryState.SENT
    first, second = ticket_puts(tracked)
    assert first["custom_fields"][0] == {"id": TOTAL, "value": 2100}, "refused with a 409"
    assert fields_of(tracked) == {TOTAL: 300 + 600 + 1800, LAST: 1800}, "both additions"
    assert second["tags"] == ["vip", "awaiting_call", "escalated", "call_held"]
    assert tracked.ticket(TICKET)["tags"] == second["tags"], "the colleague's tag stayed"
    assert len(tracked.comments(TICKET)) == 1
    assert len(tracked.calls("GET", rf"^/api/v2/tickets/{TICKET}$")) == 2, "read again"


def test_a_no_show_reply_writes_the_time_waited_and_its_tag(
    store: Store, client: ZendeskClient, tracked: FakeZendesk
) -> None:
    waited = ended_call(12 * 60 + 30, Outcome.NO_SHOW)
    changes = call_changes(waited, Settings())
    assert changes == TicketChanges(add_tags=("call_no_show",), time_spent_seconds=750)
    emergency = call_changes(ended_call(5400, call_type="emergency"), Settings())
    assert emergency.add_tags == ("call_emergency",)
    outbox = Outbox(store)
    marker = new_marker()
    reply = NewPost(
        ticket=TICKET,
        body="Sorry we missed you today.",
        public=True,
        marker=marker,
        kind=OutboxKind.NO_SHOW,
        label="No-show reply",
        call_id=None,
        connection_id="abcd1234",
        changes=merged(TicketChanges(status="pending"), changes),
    )
    outbox.add([reply], T0, connected=True)
    assert attempt(outbox, client).state is EntryState.SENT
    assert fields_of(tracked) == {TOTAL: 1050, LAST: 750}
    assert "call_no_show" in tracked.ticket(TICKET)["tags"]


def test_renamed_outcome_tags_and_time_tracking_turned_off(
    store: Store, client: ZendeskClient, tracked: FakeZendesk
) -> None:
    settings = Settings(track_time=False, outcome_tag_held="customer_call_done")
    changes = call_changes(ended_call(1800), settings)
    assert changes == TicketChanges(add_tags=("customer_call_done",))
    assert call_changes(ended_call(60), Settings(outcome_tag_held="")) == TicketChanges(
        time_spent_seconds=60
    )
    outbox = Outbox(store)
    outbox.add([summary_post(changes)], T0, connected=True)
    assert attempt(outbox, client).state is EntryState.SENT
    assert fields_of(tracked) == {TOTAL: "300", LAST: "300"}, "nothing tracked"
    assert tracked.calls("GET", "/ticket_fields") == [], "not even looked for"
    assert "custom_fields" not in ticket_puts(tracked)[0]
    assert "customer_call_done" in tracked.ticket(TICKET)["tags"]


def test_an_account_without_time_tracking_gets_the_post_and_no_error(
    store: Store, client: ZendeskClient, zendesk: FakeZendesk
) -> None:
    outbox = Outbox(store)
    outbox.add([summary_post(call_changes(ended_call(1800), Settings()))], T0, connected=True)
    sent = attempt(outbox, client)
    assert sent.state is EntryState.SENT
    assert sent.last_error is None
    (update,) = ticket_puts(zendesk)
    assert "custom_fields" not in update
    assert zendesk.ticket(TICKET)["tags"] == ["vip", "awaiting_call", "call_held"]


def test_a_lost_answer_never_adds_the_time_twice(
    store: Store, client: ZendeskClient, tracked: FakeZendesk
) -> None:
    tracked.fail("PUT", rf"/tickets/{TICKET}$", LoseResponse())  # applied, answer lost
    outbox = Outbox(store)
    changes = call_changes(ended_call(1800), Settings())
    outbox.add([summary_post(changes)], T0, connected=True)

    first = attempt(outbox, client)
    assert first.state is EntryState.PENDING
    assert first.outcome_unknown
    assert fields_of(tracked)[TOTAL] == 2100
    later = T0 + timedelta(minutes=5)
    assert attempt(outbox, client, later).state is EntryState.SENT
    assert fields_of(tracked) == {TOTAL: 2100, LAST: 1800}, "added once"
    assert len(tracked.comments(TICKET)) == 1
    assert len(ticket_puts(tracked)) == 1, "found by its text: the whole update was in"


def test_an_internal_note_found_by_its_marker_is_not_sent_again(
    store: Store, client: ZendeskClient, tracked: FakeZendesk
) -> None:
    tracked.fail("PUT", rf"/tickets/{TICKET}$", Status(502, {"error": "bad gateway"}))
    tracked.fail("GET", rf"/tickets/{TICKET}/comments$", Status(503, {"error": "busy"}))
    outbox = Outbox(store)
    outbox.add(
        [summary_post(call_changes(ended_call(900), Settings()), public=False)], T0, connected=True
    )
    # A 5xx answer: not applied here, but Zendesk may have; then the look-up itself fails.
    assert attempt(outbox, client).outcome_unknown
    assert attempt(outbox, client, T0 + timedelta(minutes=1)).outcome_unknown
    assert attempt(outbox, client, T0 + timedelta(minutes=5)).state is EntryState.SENT
    assert fields_of(tracked) == {TOTAL: 1200, LAST: 900}
    assert len(tracked.comments(TICKET)) == 1


def test_a_dropped_request_is_sent_again_with_the_total_read_afresh(
    store: Store, client: ZendeskClient, tracked: FakeZendesk
) -> None:
    tracked.fail("PUT", rf"/tickets/{TICKET}$", Drop())  # never applied
    outbox = Outbox(store)
    outbox.add([summary_post(call_changes(ended_call(1800), Settings()))], T0, connected=True)
    assert attempt(outbox, client).state is EntryState.PENDING
    with tracked._lock:  # meanwhile a colleague tracked 4 minutes in Zendesk
        tracked._tickets[TICKET].custom_fields[TOTAL] = 540
        tracked._tickets[TICKET].updated_at += timedelta(seconds=5)
    assert attempt(outbox, client, T0 + timedelta(minutes=5)).state is EntryState.SENT
    assert fields_of(tracked) == {TOTAL: 540 + 1800, LAST: 1800}
    assert len(tracked.comments(TICKET)) == 1


def test_the_team_file_field_ids_are_used_when_the_account_has_them(
    store: Store, client: ZendeskClient, zendesk: FakeZendesk
) -> None:
    zendesk.ticket_fields += [
        {"id": 901, "title": "Call minutes total", "type": "integer", "active": True},
        {"id": 902, "title": "Call minutes last", "type": "integer", "active": True},
    ]
    outbox = Outbox(store)
    outbox.add([summary_post(TicketChanges(time_spent_seconds=60))], T0, connected=True)
    outbox.add([summary_post(TicketChanges(time_spent_seconds=30))], T0, connected=True)
    attempt(outbox, client, time_field_ids=(901, 902))
    assert fields_of(zendesk) == {901: 60, 902: 60}
    # Ids another instance's team file gave: this account has no such fields, so none is
    # written (and it has no Time Tracking fields by title either).
    attempt(outbox, client, time_field_ids=(555, 556))
    assert fields_of(zendesk) == {901: 60, 902: 60}
    assert len(zendesk.comments(TICKET)) == 2


def test_ticket_fields_are_read_page_by_page_once_per_client(
    client: ZendeskClient, zendesk: FakeZendesk
) -> None:
    zendesk.ticket_fields += [
        {"id": 1000 + n, "title": f"Field {n}", "type": "text", "active": True} for n in range(230)
    ]
    zendesk.add_time_tracking_fields(TOTAL, LAST)
    fields = client.ticket_fields()
    assert len(fields) == 6 + 230 + 3
    assert TicketField(TOTAL, "Total time spent (sec)", "integer") in fields
    pages = zendesk.calls("GET", "/ticket_fields")
    assert [p.query.get("page[after]") for p in pages] == [None, ["1093"], ["1193"]]
    client.ticket_fields()
    assert len(zendesk.calls("GET", "/ticket_fields")) == 3, "kept for the client's life"


def test_ticket_fields_paged_by_offset_are_followed(
    client: ZendeskClient, zendesk: FakeZendesk
) -> None:
    zendesk.add_time_tracking_fields(TOTAL, LAST)
    first = {
        "ticket_fields": [{"id": 10, "title": "Subject", "type": "subject"}],
        "next_page": "https://example.zendesk.com/api/v2/ticket_fields.json?page=2&per_page=6",
    }
    zendesk.fail("GET", "/ticket_fields", Status(200, first))
    fields = client.ticket_fields()
    assert [p.query.get("page") for p in zendesk.calls("GET", "/ticket_fields")] == [None, ["2"]]
    assert {f.id for f in fields} >= {10, 360001, TOTAL, LAST}


def test_a_post_that_sets_fields_adds_and_removes_its_tags_after_the_comment(
    store: Store, client: ZendeskClient, zendesk: FakeZendesk
) -> None:
    macro = TicketChanges(
        status="hold",
        add_tags=("upgrade",),
        remove_tags=("awaiting_call",),
        custom_fields=((360001, "area_upgrades"),),
        assignee_id=9001,
        group_id=360001,
    )
    changes = merged(call_changes(ended_call(600), Settings(track_time=False)), macro)
    outbox = Outbox(store)
    outbox.add([summary_post(changes)], T0, connected=True)
    assert attempt(outbox, client).state is EntryState.SENT
    (update,) = ticket_puts(zendesk)
    assert "tags" not in update, "a drop-down's tag must not be contradicted by a whole list"
    assert update["custom_fields"] == [{"id": 360001, "value": "area_upgrades"}]
    assert (update["status"], update["assignee_id"], update["group_id"]) == ("hold", 9001, 360001)
    assert zendesk.ticket(TICKET)["tags"] == ["vip", "call_held", "upgrade"]
    assert len(zendesk.calls("DELETE", "/tags$")) == 1


def test_an_entry_queued_by_the_previous_version_goes_as_it_did(
    tmp_path: Path, client: ZendeskClient, zendesk: FakeZendesk
) -> None:
    copy = tmp_path / "callcompanion.sqlite"
    shutil.copyfile(fixture_path(5), copy)
    opened = open_store(copy, now=T0)
    try:
        outbox = Outbox(opened.store)
        entry = outbox.get(1)
        assert entry is not None
        assert entry.changes == TicketChanges(status="pending", add_tags=("call_done",))
        assert entry.tags_after_comment
        zendesk.add_ticket(entry.ticket, subject="Upgrade fails", tags=["vip"])
        claimed = outbox.claim(entry, T0)
        assert claimed is not None
        assert deliver(claimed, client).state is EntryState.SENT
    finally:
        opened.store.close()
    (update,) = ticket_puts(zendesk)
    assert set(update) == {"comment", "status", "safe_update", "updated_stamp"}
    assert zendesk.ticket(TICKET)["tags"] == ["vip", "call_done"]
    assert len(zendesk.calls("PUT", "/tags$")) == 1
    assert zendesk.calls("GET", "/ticket_fields") == []


def test_a_refused_update_names_its_changes_and_can_go_without_them(
    store: Store, client: ZendeskClient, tracked: FakeZendesk
) -> None:
    outbox = Outbox(store)
    macro = TicketChanges(status="hold", custom_fields=((360001, "area_x"),))
    changes = merged(call_changes(ended_call(1800), Settings()), macro)
    (entry_id,) = outbox.add([summary_post(changes)], T0, connected=True)
    refused = {"error": "RecordInvalid", "description": "Record validation errors"}
    tracked.fail("PUT", rf"/tickets/{TICKET}$", Status(422, refused))
    failed = attempt(outbox, client)
    assert failed.state is EntryState.FAILED
    assert failed.last_error is not None
    assert "(422)" in failed.last_error
    for named in ("status On-hold", "tags +call_held", "field 360001 “area_x”", "30 minutes"):
        assert named in failed.last_error
    assert "Post without the ticket changes" in failed.last_error

    assert outbox.without_changes(entry_id)
    assert outbox.retry(entry_id)
    assert attempt(outbox, client).state is EntryState.SENT
    sent = ticket_puts(tracked)[-1]
    assert sent["comment"]["body"] == "Thanks for the call today."
    assert not {"status", "tags", "custom_fields"} & sent.keys()
    assert tracked.ticket(TICKET)["status"] == "open"
    assert fields_of(tracked) == {TOTAL: "300", LAST: "300"}, "no time was added"
    stored = outbox.get(entry_id)
    assert stored is not None
    assert stored.changes == TicketChanges()


def test_a_post_being_sent_keeps_its_changes(store: Store) -> None:
    outbox = Outbox(store)
    changes = TicketChanges(status="hold", add_tags=("call_held",))
    (entry_id,) = outbox.add([summary_post(changes)], T0, connected=True)
    due = outbox.next_due(T0)
    assert due is not None
    assert outbox.claim(due, T0) is not None
    assert not outbox.without_changes(entry_id)
    assert outbox.get(entry_id).changes == changes  # type: ignore[union-attr]
