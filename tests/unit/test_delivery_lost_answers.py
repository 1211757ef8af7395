"""A public reply carries no marker: after a lost answer it is found again by author, time, text."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from callcompanion.core.outbox_kind import OutboxKind
from callcompanion.core.summary import as_posted, new_marker, normalised_text, same_text
from callcompanion.services.delivery import deliver
from callcompanion.services.outbox import EntryState, NewPost, Outbox
from callcompanion.services.storage import Store, open_store
from callcompanion.services.zendesk import ZendeskClient
from tests.fakes.zendesk_server import AGENT_ID, EMAIL, TOKEN, Drop, FakeZendesk, LoseResponse

FAST = httpx.Timeout(connect=2.0, read=0.4, write=2.0, pool=2.0)
TICKET = 12345
REPLY = "Thanks for your time today.\n\n**Next steps for you**\n\n- Send the upgrade log"


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


def now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def queue(outbox: Outbox, *, public: bool = True, body: str = REPLY) -> int:
    marker = new_marker()
    (entry_id,) = outbox.add(
        [
            NewPost(
                ticket=TICKET,
                body=as_posted(body, marker, public=public),
                public=public,
                marker=marker,
                kind=OutboxKind.SUMMARY,
                label=f"Summary for #{TICKET}",
                call_id=None,
                connection_id="abcd1234",
            )
        ],
        now(),
        connected=True,
    )
    return entry_id


def send_until_done(outbox: Outbox, client: ZendeskClient, entry_id: int) -> None:
    moment = now()
    for _ in range(10):
        entry = outbox.get(entry_id)
        assert entry is not None
        if entry.state is EntryState.SENT:
            return
        claim = outbox.claim(entry, moment)
        if claim is not None:
            outbox.apply(claim, deliver(claim, client), moment)
        moment += timedelta(minutes=20)  # past any backoff
    raise AssertionError("the post never went out")


def bodies(zendesk: FakeZendesk) -> list[str]:
    return [str(c["body"]) for c in zendesk.comments(TICKET)]


def test_a_public_reply_whose_answer_was_lost_is_in_the_ticket_once_and_without_a_marker(
    store: Store, client: ZendeskClient, zendesk: FakeZendesk
) -> None:
    outbox = Outbox(store)
    entry_id = queue(outbox)
    zendesk.fail("PUT", rf"/tickets/{TICKET}$", LoseResponse())
    send_until_done(outbox, client, entry_id)
    assert bodies(zendesk) == [REPLY], "exactly one comment, as the engineer wrote it"
    assert "(ref:" not in bodies(zendesk)[0]
    assert len(zendesk.calls("PUT", rf"/tickets/{TICKET}$")) == 1, "not sent a second time"
    assert len(zendesk.calls("GET", r"/users/me")) == 1, "the author was checked"


def first_attempt_cut_off(outbox: Outbox, client: ZendeskClient, entry_id: int) -> None:
    """The connection drops mid-write: nothing lands, and the app cannot know it."""
    entry = outbox.get(entry_id)
    assert entry is not None
    claim = outbox.claim(entry, now())
    assert claim is not None
    first = deliver(claim, client)
    assert first.outcome_unknown
    outbox.apply(claim, first, now())


def test_the_same_words_by_another_agent_do_not_count_as_sent(
    store: Store, client: ZendeskClient, zendesk: FakeZendesk
) -> None:
    outbox = Outbox(store)
    entry_id = queue(outbox)
    zendesk.fail("PUT", rf"/tickets/{TICKET}$", Drop())
    first_attempt_cut_off(outbox, client, entry_id)
    zendesk.add_comment(TICKET, REPLY, author_id=AGENT_ID + 1)  # a colleague, same words
    send_until_done(outbox, client, entry_id)
    authors = [c["author_id"] for c in zendesk.comments(TICKET)]
    assert authors == [AGENT_ID + 1, AGENT_ID], "ours was posted after all"


def test_the_same_words_posted_before_this_post_was_queued_do_not_count_as_sent(
    store: Store, client: ZendeskClient, zendesk: FakeZendesk
) -> None:
    # A no-show apology is the same text each time: last week's is not this one.
    last_week = (now() - timedelta(days=7)).isoformat().replace("+00:00", "Z")
    zendesk.add_comment(TICKET, REPLY, created_at=last_week)
    outbox = Outbox(store)
    entry_id = queue(outbox)
    zendesk.fail("PUT", rf"/tickets/{TICKET}$", LoseResponse())
    send_until_done(outbox, client, entry_id)
    assert bodies(zendesk) == [REPLY, REPLY], "last week's and today's"
    assert len(zendesk.calls("PUT", rf"/tickets/{TICKET}$")) == 1


def test_a_reply_that_zendesk_reformatted_is_still_recognised(
    store: Store, client: ZendeskClient, zendesk: FakeZendesk
) -> None:
    outbox = Outbox(store)
    entry_id = queue(outbox)
    zendesk.fail("PUT", rf"/tickets/{TICKET}$", Drop())
    first_attempt_cut_off(outbox, client, entry_id)
    # It landed after all, and Zendesk gives the text back rendered: marks gone, lines joined.
    zendesk.add_comment(
        TICKET, "Thanks for your time today.  Next steps for you\n Send the upgrade log\n"
    )
    send_until_done(outbox, client, entry_id)
    assert len(zendesk.comments(TICKET)) == 1
    assert len(zendesk.calls("PUT", rf"/tickets/{TICKET}$")) == 1, "not sent a second time"


def test_an_internal_note_keeps_its_marker_and_is_found_by_it(
    store: Store, client: ZendeskClient, zendesk: FakeZendesk
) -> None:
    outbox = Outbox(store)
    entry_id = queue(outbox, public=False, body="Room locked; recording declined.")
    zendesk.fail("PUT", rf"/tickets/{TICKET}$", LoseResponse())
    send_until_done(outbox, client, entry_id)
    (body,) = bodies(zendesk)
    entry = outbox.get(entry_id)
    assert entry is not None
    assert body.endswith(f"(ref: {entry.marker})")
    assert zendesk.calls("GET", r"/users/me") == [], "the marker was enough"


def test_text_comparison_sets_markdown_and_whitespace_aside() -> None:
    assert normalised_text("**Next**  steps\n\n- one\n1. two") == "Next steps one two"
    assert same_text("Hi\n\n*there*", [], ["<div><p>Hi</p><p>there</p></div>"])
    assert not same_text("Hi there", ["Hi there, again"])
    assert not same_text("", [""])


def test_a_public_reply_that_may_be_on_the_ticket_cannot_be_edited_into_a_second_one(
    store: Store, client: ZendeskClient, zendesk: FakeZendesk
) -> None:
    """It is recognised by its text: new text would be posted beside the one that landed."""
    outbox = Outbox(store)
    entry_id = queue(outbox)
    zendesk.fail("PUT", rf"/tickets/{TICKET}$", LoseResponse())  # it lands; the answer is lost
    entry = outbox.get(entry_id)
    assert entry is not None
    claim = outbox.claim(entry, now())
    assert claim is not None
    outbox.apply(claim, deliver(claim, client), now())
    entry = outbox.get(entry_id)
    assert entry is not None
    assert entry.outcome_unknown

    assert not outbox.edit(entry_id, "Thanks, and one more thing.")

    send_until_done(outbox, client, entry_id)
    assert bodies(zendesk) == [REPLY], "exactly one reply, the one that landed"
