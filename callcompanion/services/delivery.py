"""One attempt at an outbox entry, with the Zendesk client (run it on a worker thread).

Each request is bounded by the client's deadline, so an attempt against a stalled server ends
and the posts to other tickets get their turn; a write cut off by the deadline is an unknown
outcome, looked for in the ticket before it is sent again (an internal note by its marker,
a public reply, which carries none, by its author, time and text). A 401 marks the entry as
waiting for a token, so saving one resumes it. A post of a kind this version does not know (a
newer version queued it) is not sent: the engineer is told what to do with it.

The comment goes in one update with what the post changes on the ticket (status, tags, fields,
assignee, the time spent: :mod:`callcompanion.services.ticket_update`), so once its comment is
found the whole post is in: time added to the ticket's total is never added twice.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from callcompanion.core.macro_actions import changes_in_words
from callcompanion.core.outbox_kind import OutboxKind
from callcompanion.core.summary import same_text, without_marker
from callcompanion.core.ticket_changes import TicketChanges
from callcompanion.services.outbox import (
    WITHOUT_CHANGES,
    Delivery,
    EntryState,
    OutboxEntry,
    backoff_seconds,
)
from callcompanion.services.ticket_update import (
    TimeFields,
    find_time_fields,
    needs_ticket,
    tags_after_comment,
    ticket_update,
)
from callcompanion.services.zendesk import (
    AuthError,
    ConflictError,
    ForbiddenError,
    InvalidError,
    NotFoundError,
    RateLimitedError,
    TicketInfo,
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


def deliver(
    entry: OutboxEntry,
    client: ZendeskClient,
    *,
    time_field_ids: tuple[int | None, int | None] = (None, None),
) -> Delivery:
    """Make one attempt at *entry* (blocking: call it on a worker thread).

    *time_field_ids*: the Time Tracking fields' ids from the team file, if it gives them.
    """
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
    changes = entry.changes
    separate_tags = entry.tags_after_comment or tags_after_comment(changes)
    putting = False
    try:
        if not comment_sent and outcome_unknown:
            # The comment and the changes went in one request: found, the whole post is in.
            if already_posted(entry, client):
                comment_sent = True
            outcome_unknown = False
        if not comment_sent:
            time_fields = _time_fields(entry, client, time_field_ids)
            ticket: TicketInfo | None = None
            if needs_ticket(changes, time_fields, separate_tags=separate_tags) or not stamp:
                ticket = client.ticket(entry.ticket)
                stamp = ticket.updated_at
            for attempt in range(CONFLICT_RETRIES):
                update = ticket_update(changes, ticket, time_fields, separate_tags=separate_tags)
                try:
                    putting = True
                    stamp = client.update_ticket(
                        entry.ticket,
                        body=entry.body,
                        public=entry.public,
                        updated_stamp=stamp,
                        **update.as_kwargs(),
                    )
                    putting = False
                    comment_sent = True
                    break
                except ConflictError:
                    putting = False
                    if attempt == CONFLICT_RETRIES - 1:
                        raise
                    log.info("outbox %d: ticket changed (409), re-reading", entry.id)
                    ticket = client.ticket(entry.ticket)
                    stamp = ticket.updated_at
        if separate_tags and (changes.add_tags or changes.remove_tags):
            # Adding and removing tags may be repeated: done after the comment, until done.
            if changes.add_tags:
                client.add_tags(entry.ticket, changes.add_tags)
            if changes.remove_tags:
                client.remove_tags(entry.ticket, changes.remove_tags)
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
            error=_refused(err, changes) if putting else str(err),
            updated_stamp=stamp,
            auth_failed=isinstance(err, AuthError),
        )
    return Delivery(EntryState.SENT, True, False, updated_stamp=stamp)


def _refused(err: ZendeskError, changes: TicketChanges) -> str:
    """Why the update was refused, naming the ticket changes it carried (one may be why)."""
    what = changes_in_words(changes)
    if not what or not isinstance(err, InvalidError | ForbiddenError):
        return str(err)
    return (
        f"{err} The update also carried these ticket changes: {what}. If one of them is the "
        f"problem, choose “{WITHOUT_CHANGES}” to post the comment alone."
    )


def _time_fields(
    entry: OutboxEntry, client: ZendeskClient, configured: tuple[int | None, int | None]
) -> TimeFields | None:
    """The account's Time Tracking fields when the post adds time; ``None``: nothing tracked."""
    seconds = entry.changes.time_spent_seconds
    if not seconds or seconds <= 0:
        return None
    try:
        found = find_time_fields(client.ticket_fields(), configured)
    except (ForbiddenError, NotFoundError) as err:
        log.info("outbox %d: ticket fields not readable (%s); no time tracked", entry.id, err)
        return None
    if found is None:
        log.info("outbox %d: the account has no Time Tracking fields; no time tracked", entry.id)
    return found


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
