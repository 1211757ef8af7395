"""The outbox against a loopback Zendesk with scripted faults: nothing lost, nothing twice."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from callcompanion.core.summary import new_marker, with_marker
from callcompanion.core.ticket_changes import TicketChanges
from callcompanion.services.delivery import deliver
from callcompanion.services.outbox import (
    LEASE_SECONDS,
    Delivery,
    EntryState,
    NewPost,
    Outbox,
    OutboxEntry,
    backoff_seconds,
)
from callcompanion.services.storage import Store, open_store
from callcompanion.services.zendesk import ZendeskClient
from tests.fakes.zendesk_server import (
    EMAIL,
    TOKEN,
    Drip,
    Drop,
    FakeZendesk,
    Fault,
    Hang,
    LoseResponse,
    RateLimit,
    Status,
)

FAST = httpx.Timeout(connect=2.0, read=0.4, write=2.0, pool=2.0)
T0 = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
TICKET = 12345


@pytest.fixture
def zendesk() -> Iterator[FakeZendesk]:
    with FakeZendesk() as fake:
        fake.add_ticket(TICKET, subject="Upgrade fails")
        yield fake


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(tmp_path / "store.sqlite3")
    yield opened.store
    opened.store.close()


@pytest.fixture
def client(zendesk: FakeZendesk) -> Iterator[ZendeskClient]:
    with ZendeskClient(zendesk.url, EMAIL, TOKEN, timeout=FAST) as made:
        yield made


def post(body: str = "Summary of our call", **changes: object) -> NewPost:
    marker = new_marker()
    fields: dict[str, object] = {
        "ticket": TICKET,
        "body": with_marker(body, marker),
        "public": True,
        "marker": marker,
        "kind": "summary",
        "label": f"Summary for #{TICKET}",
        "call_id": None,
        "connection_id": "abcd1234",
    }
    fields.update(changes)
    return NewPost(**fields)  # type: ignore[arg-type]


@dataclass
class Run:
    outbox: Outbox
    now: datetime = T0
    attempts: int = 0

    def drive(self, client: ZendeskClient, *, max_attempts: int = 20) -> None:
        """Send until nothing is due, jumping the clock to each retry time."""
        while self.attempts < max_attempts:
            entry = self.outbox.next_due(self.now)
            if entry is None:
                wake = self.outbox.next_wake()
                if wake is None:
                    return
                self.now = max(self.now, wake)
                continue
            self.attempts += 1
            sending = self.outbox.claim(entry, self.now)
            assert sending is not None
            self.outbox.apply(sending, deliver(sending, client), self.now)


def claimed(outbox: Outbox, entry: OutboxEntry | None, now: datetime = T0) -> OutboxEntry:
    """*entry*, claimed for an attempt by *outbox*."""
    assert entry is not None
    claim = outbox.claim(entry, now)
    assert claim is not None
    return claim


def only_comment_bodies(zendesk: FakeZendesk) -> list[str]:
    return [str(c["body"]) for c in zendesk.comments(TICKET)]


def test_a_post_goes_out_once_with_public_explicit_and_status(
    store: Store, client: ZendeskClient, zendesk: FakeZendesk
) -> None:
    outbox = Outbox(store)
    (entry_id,) = outbox.add(
        [post(changes=TicketChanges(status="pending", add_tags=("customer_call",)))],
        T0,
        connected=True,
    )
    Run(outbox).drive(client)
    entry = outbox.get(entry_id)
    assert entry is not None
    assert entry.state is EntryState.SENT
    (body,) = only_comment_bodies(zendesk)
    assert body.startswith("Summary of our call")
    assert entry.marker in body
    assert zendesk.ticket(TICKET)["status"] == "pending"
    assert zendesk.ticket(TICKET)["tags"] == ["customer_call"]
    (put,) = zendesk.calls("PUT", rf"/tickets/{TICKET}$")
    assert put.body["ticket"]["comment"]["public"] is True
    assert put.body["ticket"]["safe_update"] is True


@pytest.mark.parametrize(
    ("fault", "puts"),
    [
        (Status(500, {"error": "InternalError"}), 2),
        (Status(503, {"errors": [{"code": "Unavailable", "title": "Maintenance"}]}), 2),
        (RateLimit(3), 2),
        (Drop(), 2),
        (LoseResponse(), 1),
        (Hang(1.5, apply_first=True), 1),
        (Hang(1.5, apply_first=False), 2),
    ],
    ids=["500", "503", "429", "dropped", "response-lost", "hang-applied", "hang-not-applied"],
)
def test_faults_lose_nothing_and_post_once(
    store: Store, client: ZendeskClient, zendesk: FakeZendesk, fault: Fault, puts: int
) -> None:
    outbox = Outbox(store)
    (entry_id,) = outbox.add([post()], T0, connected=True)
    zendesk.fail("PUT", rf"/tickets/{TICKET}$", fault)
    run = Run(outbox)
    run.drive(client)
    entry = outbox.get(entry_id)
    assert entry is not None
    assert entry.state is EntryState.SENT
    assert len(only_comment_bodies(zendesk)) == 1, "exactly one comment"
    assert len(zendesk.calls("PUT", rf"/tickets/{TICKET}$")) == puts
    if puts == 1:
        assert zendesk.calls("GET", rf"/tickets/{TICKET}/comments"), "the marker was looked for"


def test_429_waits_for_retry_after(
    store: Store, client: ZendeskClient, zendesk: FakeZendesk
) -> None:
    outbox = Outbox(store)
    (entry_id,) = outbox.add([post()], T0, connected=True)
    zendesk.fail("PUT", rf"/tickets/{TICKET}$", RateLimit(30))
    sending = claimed(outbox, outbox.next_due(T0))
    outbox.apply(sending, deliver(sending, client), T0)
    entry = outbox.get(entry_id)
    assert entry is not None
    assert entry.state is EntryState.PENDING
    assert entry.next_attempt_at == T0 + timedelta(seconds=30)
    assert outbox.next_due(T0 + timedelta(seconds=29)) is None
    assert outbox.next_due(T0 + timedelta(seconds=30)) is not None


def test_409_rereads_and_retries(store: Store, client: ZendeskClient, zendesk: FakeZendesk) -> None:
    outbox = Outbox(store)
    stale = zendesk.ticket(TICKET)["updated_at"]
    outbox.add([post(updated_stamp=stale)], T0, connected=True)
    zendesk.touch(TICKET)  # an agent replied meanwhile
    Run(outbox).drive(client)
    assert len(only_comment_bodies(zendesk)) == 1
    puts = zendesk.calls("PUT", rf"/tickets/{TICKET}$")
    assert [p.body["ticket"]["updated_stamp"] == stale for p in puts] == [True, False]


def test_the_app_killed_mid_post_checks_before_posting_again(
    store: Store, client: ZendeskClient, zendesk: FakeZendesk, tmp_path: Path
) -> None:
    outbox = Outbox(store)
    (entry_id,) = outbox.add([post()], T0, connected=True)
    sending = claimed(outbox, outbox.next_due(T0))
    client.update_ticket(TICKET, body=sending.body, public=True)  # it reached Zendesk…
    store.close()  # …and the app died before recording the answer

    reopened = open_store(tmp_path / "store.sqlite3").store
    try:
        again = Outbox(reopened)
        assert again.recover(T0) == 0, "its sender's lease runs: it may still be sending"
        later = T0 + timedelta(seconds=LEASE_SECONDS)
        assert again.recover(later) == 1
        entry = again.get(entry_id)
        assert entry is not None
        assert entry.outcome_unknown
        Run(again, now=later).drive(client)
        assert again.get(entry_id).state is EntryState.SENT  # type: ignore[union-attr]
    finally:
        reopened.close()
    assert len(only_comment_bodies(zendesk)) == 1


@pytest.mark.parametrize(
    ("fault", "words"),
    [
        (Status(401, {"error": "Couldn't authenticate you"}), "refused the email and API token"),
        (Status(403, {"error": "Forbidden"}), "may not do that"),
        (Status(404, {"error": "RecordNotFound", "description": "Not found"}), "ticket number"),
        (
            Status(422, {"error": "RecordInvalid", "description": "Record validation errors"}),
            "refused",
        ),
    ],
)
def test_errors_that_need_the_engineer_stop_and_keep_the_post(
    store: Store, client: ZendeskClient, zendesk: FakeZendesk, fault: Fault, words: str
) -> None:
    outbox = Outbox(store)
    (entry_id,) = outbox.add([post()], T0, connected=True)
    zendesk.fail("PUT", rf"/tickets/{TICKET}$", fault)
    run = Run(outbox)
    run.drive(client)
    entry = outbox.get(entry_id)
    assert entry is not None
    assert entry.state is EntryState.FAILED
    assert entry.last_error is not None
    assert words in entry.last_error
    assert run.attempts == 1, "not retried by itself"
    assert only_comment_bodies(zendesk) == []
    outbox.retry(entry_id)
    run.drive(client)
    assert outbox.get(entry_id).state is EntryState.SENT  # type: ignore[union-attr]
    assert len(only_comment_bodies(zendesk)) == 1


def test_a_failed_tag_step_never_reposts_the_comment(
    store: Store, client: ZendeskClient, zendesk: FakeZendesk
) -> None:
    outbox = Outbox(store)
    # A post that sets a custom field adds its tags after the comment, through the tags
    # endpoint (a drop-down's value is a tag: a whole tag list could contradict it).
    field = TicketChanges(add_tags=("customer_call",), custom_fields=((360001, "area_a"),))
    (entry_id,) = outbox.add([post(changes=field)], T0, connected=True)
    zendesk.fail("PUT", rf"/tickets/{TICKET}/tags", Status(500, {"error": "boom"}))
    Run(outbox).drive(client)
    assert outbox.get(entry_id).state is EntryState.SENT  # type: ignore[union-attr]
    assert len(only_comment_bodies(zendesk)) == 1
    assert zendesk.ticket(TICKET)["tags"] == ["customer_call"]
    assert len(zendesk.calls("PUT", rf"/tickets/{TICKET}/tags")) == 2


def test_posts_to_one_ticket_go_in_order_with_a_fresh_stamp(
    store: Store, client: ZendeskClient, zendesk: FakeZendesk
) -> None:
    outbox = Outbox(store)
    first, second = outbox.add(
        [post("Public summary"), post("Internal details", public=False, kind="internal_note")],
        T0,
        connected=True,
    )
    zendesk.fail("PUT", rf"/tickets/{TICKET}$", Status(503, {"error": "busy"}))
    assert outbox.next_due(T0).id == first  # type: ignore[union-attr]
    Run(outbox).drive(client)
    comments = zendesk.comments(TICKET)
    assert [c["public"] for c in comments] == [True, False]
    assert comments[0]["body"].startswith("Public summary")
    assert comments[1]["body"].startswith("Internal details")
    assert outbox.get(second).state is EntryState.SENT  # type: ignore[union-attr]
    # The first post's answer carried the ticket's new stamp on to the second: one read only.
    assert len(zendesk.calls("GET", rf"/tickets/{TICKET}$")) == 1


def test_a_failed_post_holds_back_the_next_one_for_the_same_ticket(
    store: Store, client: ZendeskClient, zendesk: FakeZendesk
) -> None:
    outbox = Outbox(store)
    first, second = outbox.add([post("A"), post("B", public=False)], T0, connected=True)
    zendesk.fail("PUT", rf"/tickets/{TICKET}$", Status(422, {"error": "RecordInvalid"}))
    Run(outbox).drive(client)
    assert outbox.get(first).state is EntryState.FAILED  # type: ignore[union-attr]
    assert outbox.get(second).state is EntryState.PENDING  # type: ignore[union-attr]
    assert only_comment_bodies(zendesk) == []


def test_not_connected_waits_then_goes(
    store: Store, client: ZendeskClient, zendesk: FakeZendesk
) -> None:
    outbox = Outbox(store)
    (entry_id,) = outbox.add([post(connection_id=None)], T0, connected=False)
    assert outbox.get(entry_id).state is EntryState.NOT_CONNECTED  # type: ignore[union-attr]
    assert outbox.next_due(T0) is None
    assert outbox.connect("abcd1234") == 1
    Run(outbox).drive(client)
    entry = outbox.get(entry_id)
    assert entry is not None
    assert entry.state is EntryState.SENT
    assert entry.connection_id == "abcd1234"


def test_edit_keeps_a_notes_marker_and_discard_removes(store: Store) -> None:
    outbox = Outbox(store)
    first, second, reply = outbox.add(
        [post("Old text", public=False), post("Other"), post("Old reply")], T0, connected=False
    )
    marker = outbox.get(first).marker  # type: ignore[union-attr]
    outbox.edit(first, "New text")
    edited = outbox.get(first)
    assert edited is not None
    assert edited.body == with_marker("New text", marker)
    outbox.edit(reply, "New reply")
    assert outbox.get(reply).body == "New reply", "a public reply carries no marker"  # type: ignore[union-attr]
    outbox.discard(second)
    assert outbox.get(second) is None


def test_a_reply_whose_outcome_became_unknown_after_it_was_read_is_not_edited(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    outbox = Outbox(store)
    (reply,) = outbox.add([post("Old reply")], T0, connected=True)
    read = outbox.get(reply)
    assert read is not None
    # Another app's attempt loses its answer after this one read the post.
    with store.transaction("test") as tx:
        tx.execute("UPDATE outbox SET outcome_unknown = 1 WHERE id = ?", (reply,))
    monkeypatch.setattr(outbox, "get", lambda _entry_id: read)
    assert not outbox.edit(reply, "New reply"), "it may be on the ticket: new text is a 2nd reply"
    monkeypatch.undo()
    assert outbox.get(reply).body == read.body  # type: ignore[union-attr]


def test_backoff_grows_and_is_capped() -> None:
    assert [backoff_seconds(n) for n in (1, 2, 3)] == [5.0, 15.0, 45.0]
    assert backoff_seconds(30) == 900.0


def test_a_marker_check_that_fails_keeps_the_outcome_unknown(
    store: Store, client: ZendeskClient, zendesk: FakeZendesk
) -> None:
    outbox = Outbox(store)
    (entry_id,) = outbox.add([post()], T0, connected=True)
    zendesk.fail("PUT", rf"/tickets/{TICKET}$", LoseResponse())
    zendesk.fail("GET", rf"/tickets/{TICKET}/comments", Status(503, {"error": "busy"}))
    entry: OutboxEntry | None = outbox.next_due(T0)
    assert entry is not None
    first = deliver(claimed(outbox, entry), client)
    assert first.outcome_unknown
    outbox.apply(outbox.get(entry_id), first, T0)  # type: ignore[arg-type]
    entry = outbox.get(entry_id)
    assert entry is not None
    second: Delivery = deliver(claimed(outbox, entry, T0 + timedelta(minutes=1)), client)
    assert second.state is EntryState.PENDING
    assert second.outcome_unknown, "still unknown: must look again before posting"
    assert len(only_comment_bodies(zendesk)) == 1


def test_a_write_answered_oddly_is_checked_before_it_is_sent_again(
    store: Store, client: ZendeskClient, zendesk: FakeZendesk
) -> None:
    # A 200 without the ticket in it (a proxy page, a truncated body): the comment may be there.
    zendesk.fail("PUT", rf"/tickets/{TICKET}$", Status(200, {"unexpected": True}))
    outbox = Outbox(store)
    (entry_id,) = outbox.add([post()], T0, connected=True)
    run = Run(outbox)
    run.drive(client, max_attempts=1)
    entry = outbox.get(entry_id)
    assert entry is not None
    assert entry.outcome_unknown
    outbox.retry(entry_id)
    run.drive(client)
    assert len(only_comment_bodies(zendesk)) == 1
    assert zendesk.calls("GET", rf"/tickets/{TICKET}/comments"), "looked for the marker first"


def test_the_same_ticket_number_on_two_instances_is_two_queues(
    store: Store, client: ZendeskClient, zendesk: FakeZendesk
) -> None:
    outbox = Outbox(store)
    (stuck,) = outbox.add([post(connection_id="other999")], T0, connected=True)
    outbox.apply(
        claimed(outbox, outbox.get(stuck)),
        Delivery(EntryState.FAILED, False, False, error="refused"),
        T0,
    )
    (ours,) = outbox.add([post()], T0, connected=True)
    due = outbox.next_due(T0)
    assert due is not None
    assert due.id == ours, "a failed post on another instance's #12345 does not hold this one"


# -- one sender per post: claims and leases ------------------------------------------------------


def alive(_owner: str) -> bool:
    return True


def test_a_claimed_post_cannot_be_claimed_by_another_sender_until_its_lease_lapses(
    store: Store, client: ZendeskClient, zendesk: FakeZendesk
) -> None:
    first = Outbox(store, owner="host/1/first", is_alive=alive)
    second = Outbox(store, owner="host/2/second", is_alive=alive)
    (entry_id,) = first.add([post()], T0, connected=True)
    entry = first.next_due(T0)
    assert entry is not None
    held = first.claim(entry, T0)
    assert held is not None
    assert held.claim_owner == "host/1/first"
    assert second.claim(entry, T0) is None, "two senders can never hold one post"
    assert second.next_due(T0) is None
    assert second.recover(T0) == 0, "its owner is alive: recovery leaves it alone"
    # The first sender renews while its request runs: the lease moves on.
    assert first.renew_all(T0 + timedelta(seconds=50)) == 1
    assert second.next_wake() == T0 + timedelta(seconds=50 + LEASE_SECONDS)
    assert second.claim(entry, T0 + timedelta(seconds=LEASE_SECONDS + 1)) is None
    # The first sender dies mid-PUT (the comment is in); its lease lapses.
    client.update_ticket(TICKET, body=held.body, public=True)
    lapsed = T0 + timedelta(seconds=50 + LEASE_SECONDS)
    taken = second.next_due(lapsed)
    assert taken is not None
    assert taken.id == entry_id
    claimed_again = second.claim(taken, lapsed)
    assert claimed_again is not None
    assert claimed_again.outcome_unknown, "taken over: the marker is looked for first"
    assert first.renew_all(lapsed) == 0, "the first sender's claim is gone"
    second.apply(claimed_again, deliver(claimed_again, client), lapsed)
    assert len(only_comment_bodies(zendesk)) == 1, "exactly one comment"
    assert zendesk.calls("GET", rf"/tickets/{TICKET}/comments"), "the marker was looked for"
    # A late report from the first sender is not stored over the second one's.
    late = first.apply(held, Delivery(EntryState.PENDING, False, True, 5.0, "late"), lapsed)
    assert late.state is EntryState.SENT
    assert first.get(entry_id).state is EntryState.SENT  # type: ignore[union-attr]


def test_a_sender_that_is_gone_is_taken_over_without_waiting(store: Store) -> None:
    gone = Outbox(store, owner="host/1/gone")
    (entry_id,) = gone.add([post()], T0, connected=True)
    assert gone.claim(gone.get(entry_id), T0) is not None  # type: ignore[arg-type]
    survivor = Outbox(store, owner="host/2/survivor", is_alive=lambda owner: owner != "host/1/gone")
    assert survivor.recover(T0) == 1
    entry = survivor.get(entry_id)
    assert entry is not None
    assert entry.state is EntryState.PENDING
    assert entry.outcome_unknown
    assert entry.claim_owner is None


def test_a_quitting_sender_releases_its_claim_with_the_outcome_unknown(store: Store) -> None:
    quitting = Outbox(store, owner="host/1/quitting", is_alive=alive)
    (entry_id,) = quitting.add([post()], T0, connected=True)
    assert quitting.claim(quitting.get(entry_id), T0) is not None  # type: ignore[arg-type]
    assert quitting.release() == 1
    relaunched = Outbox(store, owner="host/1/relaunched", is_alive=alive)
    due = relaunched.next_due(T0)
    assert due is not None, "the next start need not wait for the lease"
    assert due.outcome_unknown


def test_a_post_being_sent_cannot_be_retried_edited_or_discarded(store: Store) -> None:
    outbox = Outbox(store)
    (entry_id,) = outbox.add([post("Original")], T0, connected=True)
    claimed(outbox, outbox.get(entry_id))
    assert not outbox.retry(entry_id)
    assert not outbox.edit(entry_id, "Changed")
    assert not outbox.discard(entry_id)
    entry = outbox.get(entry_id)
    assert entry is not None
    assert entry.state is EntryState.SENDING
    assert entry.body.startswith("Original")


def test_retry_then_a_crash_still_looks_for_the_marker(
    store: Store, client: ZendeskClient, zendesk: FakeZendesk, tmp_path: Path
) -> None:
    outbox = Outbox(store)
    (entry_id,) = outbox.add([post()], T0, connected=True)
    sending = claimed(outbox, outbox.get(entry_id))
    client.update_ticket(TICKET, body=sending.body, public=True)  # it reached Zendesk…
    assert not outbox.retry(entry_id), "Retry while it is being sent is refused"
    store.close()  # …and the app died before the answer

    reopened = open_store(tmp_path / "store.sqlite3").store
    try:
        later = T0 + timedelta(seconds=LEASE_SECONDS)
        again = Outbox(reopened)
        assert again.recover(later) == 1
        Run(again, now=later).drive(client)
        assert again.get(entry_id).state is EntryState.SENT  # type: ignore[union-attr]
    finally:
        reopened.close()
    assert len(only_comment_bodies(zendesk)) == 1, "not posted twice"
    assert len(zendesk.calls("PUT", rf"/tickets/{TICKET}$")) == 1, "only the first one"


def test_a_refused_token_waits_until_a_token_is_saved(
    store: Store, client: ZendeskClient, zendesk: FakeZendesk
) -> None:
    outbox = Outbox(store)
    (entry_id,) = outbox.add([post()], T0, connected=True)
    zendesk.fail("PUT", rf"/tickets/{TICKET}$", Status(401, {"error": "Couldn't authenticate you"}))
    Run(outbox).drive(client)
    entry = outbox.get(entry_id)
    assert entry is not None
    assert entry.state is EntryState.FAILED
    assert entry.auth_failed
    assert outbox.resume_auth(["other999"]) == 0, "another connection's token frees nothing"
    assert outbox.resume_auth(["abcd1234"]) == 1
    Run(outbox).drive(client)
    assert outbox.get(entry_id).state is EntryState.SENT  # type: ignore[union-attr]
    assert len(only_comment_bodies(zendesk)) == 1


def test_a_trickling_ticket_does_not_hold_up_the_other_tickets(
    store: Store, zendesk: FakeZendesk
) -> None:
    other = TICKET + 1
    zendesk.add_ticket(other, subject="Another customer")
    outbox = Outbox(store)
    stuck, free = outbox.add([post(), post(ticket=other)], T0, connected=True)
    zendesk.fail("GET", rf"/tickets/{TICKET}$", Drip(0.3))
    with ZendeskClient(zendesk.url, EMAIL, TOKEN, timeout=FAST, deadline=1.5) as bounded:
        run = Run(outbox)
        started = time.monotonic()
        entry = outbox.next_due(T0)
        assert entry is not None
        assert entry.id == stuck
        sending = claimed(outbox, entry)
        result = deliver(sending, bounded)
        assert time.monotonic() - started < 3.0, "the stalled request ended at its deadline"
        outbox.apply(sending, result, T0)
        assert result.state is EntryState.PENDING
        assert result.error is not None
        assert "did not answer completely" in result.error
        run.drive(bounded, max_attempts=1)
    assert outbox.get(free).state is EntryState.SENT  # type: ignore[union-attr]
    assert [c["body"] for c in zendesk.comments(other)] != []
