"""One attempt at an outbox entry, with the Zendesk client (run it on a worker thread).

Each request is bounded by the client's deadline, so an attempt against a stalled server ends
and the posts to other tickets get their turn; a write cut off by the deadline is an unknown
outcome, looked for in the ticket before it is sent again (an internal note by its marker,
a public reply, which carries none, by its author, time and text). A 401 marks the entry as
waiting for a token, so saving one resumes it. A post of a kind this version does not know (a
newer version queued it) is not sent: the engineer is told what to do with it.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from callcompanion.core.outbox_kind import OutboxKind
from callcompanion.core.summary import same_text, without_marker
from callcompanion.services.outbox import (
    Delivery,
    EntryState,
    OutboxEntry,
    backoff_seconds,
)
from callcompanion.services.zendesk import (
    AuthError,
    ConflictError,
    RateLimitedError,
    ZendeskClient,
    ZendeskError,
)

log = logging.getLogger(__name__)

CONFLICT_RETRIES = 3
# How far Zendesk's clock may lag this machine's when a lost post is looked for by its text.
CLOCK_SKEW = timedelta(minutes=5)
UNKNOWN_KIND = (
    "This post was queued by a newer version of callcompanion, and this version does not know "
    "how to send it. It is kept here: post it from the newer version, or copy its text into "
    "the ticket yourself and then discard it."
)


def deliver(entry: OutboxEntry, client: ZendeskClient) -> Delivery:
    """Make one attempt at *entry* (blocking: call it on a worker thread)."""
    if entry.kind is None:
        log.warning("outbox %d: a kind of post this version does not know", entry.id)
        return Delivery(
            EntryState.FAILED, entry.comment_sent, entry.outcome_unknown, error=UNKNOWN_KIND
        )
    if entry.kind is OutboxKind.ORG_NOTES:
        return _deliver_org_notes(entry, client)
    comment_sent = entry.comment_sent
    outcome_unknown = entry.outcome_unknown
    stamp = entry.updated_stamp
    putting = False
    try:
        if not comment_sent and outcome_unknown:
            if already_posted(entry, client):
                comment_sent = True
            outcome_unknown = False
        if not comment_sent:
            if not stamp:
                stamp = client.ticket(entry.ticket).updated_at
            for attempt in range(CONFLICT_RETRIES):
                try:
                    putting = True
                    stamp = client.update_ticket(
                        entry.ticket,
                        body=entry.body,
                        public=entry.public,
                        status=entry.status,
                        priority=entry.priority,
                        updated_stamp=stamp,
                    )
                    putting = False
                    comment_sent = True
                    break
                except ConflictError:
                    putting = False
                    if attempt == CONFLICT_RETRIES - 1:
                        raise
                    log.info("outbox %d: ticket changed (409), re-reading", entry.id)
                    stamp = client.ticket(entry.ticket).updated_at
        if entry.tags:
            client.add_tags(entry.ticket, entry.tags)
            stamp = None  # tags change updated_at; the next post reads it afresh
    except RateLimitedError as err:
        return Delivery(
            EntryState.PENDING,
            comment_sent,
            outcome_unknown,
            retry_in=err.retry_after,
            error=str(err),
            updated_stamp=stamp,
        )
    except ZendeskError as err:
        if putting and err.outcome_unknown:
            outcome_unknown = True
        if err.retryable:
            return Delivery(
                EntryState.PENDING,
                comment_sent,
                outcome_unknown,
                retry_in=backoff_seconds(entry.attempts + 1),
                error=str(err),
                updated_stamp=None if isinstance(err, ConflictError) else stamp,
            )
        return Delivery(
            EntryState.FAILED,
            comment_sent,
            outcome_unknown,
            error=str(err),
            updated_stamp=stamp,
            auth_failed=isinstance(err, AuthError),
        )
    return Delivery(EntryState.SENT, True, False, updated_stamp=stamp)


def already_posted(entry: OutboxEntry, client: ZendeskClient) -> bool:
    """Whether an attempt whose answer was lost put *entry*'s comment in the ticket.

    An internal note carries its marker. A public reply carries none (the customer reads it),
    so it counts as there when one of the newest comments is by the same agent, has the same
    visibility, was made after the post was queued (less :data:`CLOCK_SKEW`) and reads the
    same once Markdown and whitespace are set aside.
    """
    comments = client.recent_comments(entry.ticket)
    if any(entry.marker in c.text for c in comments):
        log.info("outbox %d: already in ticket %d (marker found)", entry.id, entry.ticket)
        return True
    body = without_marker(entry.body, entry.marker)
    since = entry.created_at - CLOCK_SKEW
    candidates = [
        c
        for c in comments
        if c.public == entry.public
        and _created_since(c.created_at, since)
        and same_text(body, c.bodies, (c.html_body,))
    ]
    if not candidates:
        return False
    me = client.my_id()  # asked only when the text is there: the usual lost answer
    if any(c.author_id == me for c in candidates):
        log.info("outbox %d: already in ticket %d (same text found)", entry.id, entry.ticket)
        return True
    return False


def _created_since(created_at: str, since: datetime) -> bool:
    try:
        created = datetime.fromisoformat(created_at)
    except ValueError:
        return False
    if created.tzinfo is None:
        created = created.replace(tzinfo=UTC)
    return created >= since


def _deliver_org_notes(entry: OutboxEntry, client: ZendeskClient) -> Delivery:
    """Append the entry's text to the organization's notes, once (the marker tells)."""
    if entry.organization_id is None:
        return Delivery(EntryState.FAILED, False, False, error="The ticket has no organization.")
    try:
        notes = client.organization_notes(entry.organization_id)
        if entry.marker not in notes:
            joined = f"{notes.rstrip()}\n\n{entry.body}" if notes.strip() else entry.body
            client.set_organization_notes(entry.organization_id, joined)
    except RateLimitedError as err:
        return Delivery(EntryState.PENDING, False, False, retry_in=err.retry_after, error=str(err))
    except ZendeskError as err:
        if err.retryable:
            return Delivery(
                EntryState.PENDING,
                False,
                False,
                retry_in=backoff_seconds(entry.attempts + 1),
                error=str(err),
            )
        return Delivery(
            EntryState.FAILED, False, False, error=str(err), auth_failed=isinstance(err, AuthError)
        )
    return Delivery(EntryState.SENT, True, False)
