"""The call summary: notes taken during the call, the reply built from them, and its fate.

The review sections follow the workflow's wrap-up (docs/workflow.md): what was learned and done,
next steps for the engineer, next steps for the customer, recommendations for a next call. They
are typed during the call and flow into the reply through a template when the call ends.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum
from html import unescape
from typing import Any

from callcompanion.core.call import CallRecord
from callcompanion.core.macro_actions import AppliedMacro
from callcompanion.core.settings import Settings
from callcompanion.core.timefmt import format_duration

PUBLIC_TEMPLATE = "summary_public.md.j2"
INTERNAL_TEMPLATE = "summary_internal.md.j2"
MARKER_PREFIX = "cc-"
STATUS_CHOICES: tuple[tuple[str | None, str], ...] = (
    (None, "Unchanged"),
    ("open", "Open"),
    ("pending", "Pending"),
    ("hold", "On-hold"),
    ("solved", "Solved"),
)


class SummaryState(StrEnum):
    DRAFT = "draft"  # being written (or not yet started)
    QUEUED = "queued"  # handed to the outbox
    POSTED = "posted"  # the outbox confirmed every part
    DISMISSED = "dismissed"  # the engineer decided no summary is needed

    @property
    def label(self) -> str:
        return {
            SummaryState.DRAFT: "Draft",
            SummaryState.QUEUED: "Waiting to post",
            SummaryState.POSTED: "Posted",
            SummaryState.DISMISSED: "Not needed",
        }[self]


SECTIONS: tuple[tuple[str, str], ...] = (
    ("learned", "What we learned and did"),
    ("engineer_next", "Next steps for me"),
    ("customer_next", "Next steps for you"),
    ("next_call", "Next call"),
)


@dataclass(frozen=True)
class SummaryDraft:
    """Everything typed for one call's summary (saved within seconds of each change).

    Attributes:
        call_id: The call it belongs to.
        attendees: Who was on the call.
        learned: What was learned and done.
        engineer_next: Next steps for the engineer.
        customer_next: Next steps for the customer.
        next_call: Recommendations for a next call.
        body: The reply as it will be posted.
        body_edited: The engineer changed the reply by hand (the notes no longer overwrite it).
        public: Public reply (``True``) or internal note.
        internal_note: An optional separate internal note.
        status: The ticket status to set after posting, ``None`` to leave it.
        tags: Tags to add.
        state: Where the summary stands.
        updated_at: When it was last saved.
        reminded_at: When the engineer was last reminded to post it.
        macro: The macro applied to the reply, whose changes go with the post, if any.
    """

    call_id: str
    updated_at: datetime
    attendees: str = ""
    learned: str = ""
    engineer_next: str = ""
    customer_next: str = ""
    next_call: str = ""
    body: str = ""
    body_edited: bool = False
    public: bool = True
    internal_note: str = ""
    status: str | None = None
    tags: tuple[str, ...] = field(default_factory=tuple)
    state: SummaryState = SummaryState.DRAFT
    reminded_at: datetime | None = None
    macro: AppliedMacro | None = None

    def sections(self) -> dict[str, str]:
        return {key: getattr(self, key) for key, _title in SECTIONS}

    @property
    def has_notes(self) -> bool:
        return any(v.strip() for v in self.sections().values()) or bool(self.attendees.strip())

    @property
    def written_by_engineer(self) -> bool:
        """Something in it came from the engineer: notes, attendees, or a reply edited by hand.

        A reply filled in from empty notes holds only the template's headings and the call's
        facts.
        """
        return self.has_notes or (self.body_edited and bool(self.body.strip()))

    def with_changes(self, now: datetime, **changes: Any) -> SummaryDraft:
        return replace(self, updated_at=now, **changes)


def new_draft(call_id: str, settings: Settings, now: datetime) -> SummaryDraft:
    return SummaryDraft(
        call_id=call_id,
        updated_at=now,
        status=settings.summary_status,
        tags=tuple(settings.summary_tags),
    )


def parse_tags(text: str) -> tuple[str, ...]:
    """``customer_call, call-summary`` → ``("customer_call", "call-summary")``."""
    seen: list[str] = []
    for raw in text.replace(",", " ").split():
        tag = raw.strip().lower()
        if tag and tag not in seen:
            seen.append(tag)
    return tuple(seen)


def summary_context(
    record: CallRecord,
    draft: SummaryDraft,
    settings: Settings,
    *,
    checklist: Iterable[str] = (),
) -> dict[str, Any]:
    """What the summary templates can use."""
    started = record.started_at.astimezone()
    duration = record.duration
    ended = started + timedelta(seconds=duration)
    return {
        "ticket": str(record.ticket),
        "ticket_number": record.ticket.number,
        "call_type": record.call_type_name,
        "platform": record.platform.label,
        "date": f"{started:%A %d %B %Y}",
        "start": f"{started:%H:%M}",
        "end": f"{ended:%H:%M}",
        "timezone": f"{started:%Z}" or f"{started:%z}",
        "duration": format_duration(duration),
        "outcome": record.outcome.label if record.outcome else "In progress",
        "attendees": [a.strip() for a in draft.attendees.replace(";", ",").split(",") if a.strip()],
        "engineer_name": settings.engineer_name,
        "checklist": list(checklist),
        "learned": draft.learned.strip(),
        "engineer_next": draft.engineer_next.strip(),
        "customer_next": draft.customer_next.strip(),
        "next_call": draft.next_call.strip(),
    }


def new_marker() -> str:
    """A token the app can find again in the ticket's comments (``cc-3f9a1c2b4d5e``)."""
    return MARKER_PREFIX + os.urandom(6).hex()


def with_marker(body: str, marker: str) -> str:
    """The text of an internal note as posted: the body and, on its own last line, the marker."""
    return f"{body.rstrip()}\n\n(ref: {marker})"


def as_posted(body: str, marker: str, *, public: bool) -> str:
    """The text that goes to the ticket: a public reply as written, a note with its marker.

    The customer never reads a machine reference; a public reply is found again by its text
    (:func:`same_text`) instead.
    """
    return body.rstrip() if public else with_marker(body, marker)


def without_marker(text: str, marker: str) -> str:
    """*text* without the marker line :func:`with_marker` put at its end (if it is there)."""
    footer = f"\n\n(ref: {marker})"
    stripped = text.rstrip()
    return stripped[: -len(footer)] if stripped.endswith(footer) else text


_HTML_TAG = re.compile(r"<[^>]*>")
_MARKDOWN_MARKS = re.compile(r"[*_`#>~|\\]")
_LIST_MARK = re.compile(r"(?m)^\s*(?:[-+•]|\d+[.)])\s+")


def normalised_text(text: str, *, html: bool = False) -> str:
    """*text* as compared with a comment Zendesk gives back: its words, nothing else.

    Zendesk renders a comment's Markdown and may change its whitespace, so the comparison
    drops tags (for ``html_body``), list and emphasis marks, and runs of whitespace.
    """
    if html:
        text = unescape(_HTML_TAG.sub(" ", text))
    text = _LIST_MARK.sub(" ", text)
    text = _MARKDOWN_MARKS.sub(" ", text)
    return " ".join(text.split())


def same_text(posted: str, candidates: Iterable[str], html_candidates: Iterable[str] = ()) -> bool:
    """Whether one of *candidates* (plain or Markdown) or *html_candidates* reads as *posted*."""
    wanted = normalised_text(posted)
    if not wanted:
        return False
    return any(normalised_text(c) == wanted for c in candidates if c) or any(
        normalised_text(c, html=True) == wanted for c in html_candidates if c
    )


def as_markdown(record: CallRecord, draft: SummaryDraft) -> str:
    """The summary for the clipboard: the reply, and the internal note when there is one."""
    parts = [f"# Call summary for {record.ticket}\n\n{draft.body.strip()}"]
    if draft.internal_note.strip():
        parts.append(f"## Internal note\n\n{draft.internal_note.strip()}")
    return "\n\n".join(parts) + "\n"
