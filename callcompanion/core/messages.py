"""Messages to the ticket besides the summary.

The no-show reply, the invitation, the pre-call email and the emergency follow-ups. Each has a
template (editable in Settings), may need a scheduling link, and sets the ticket's status or
priority when posted (docs/workflow.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from callcompanion.core.call import CallRecord
from callcompanion.core.calltypes import CallType
from callcompanion.core.settings import Settings
from callcompanion.core.ticket import TicketRef
from callcompanion.core.timefmt import format_minutes

NO_SHOW_TEMPLATE = "no_show.md.j2"
LINK_PLACEHOLDER = "[scheduling link]"
NAME_PLACEHOLDER = "[your name]"
# Invitation macros carry one of these where the engineer's link goes.
LINK_MARKERS = ("ONETIME_PERSONAL_CALENDLY_LINK", "PERSONAL_CALENDLY_LINK")


class MessageKind(StrEnum):
    NO_SHOW = "no_show"
    INVITE = "invite"
    PRE_CALL = "pre_call"
    EMERGENCY_FOLLOW_UP = "emergency_follow_up"
    EMERGENCY_CLOSED = "emergency_closed"


@dataclass(frozen=True)
class MessageSpec:
    """How a kind of message is written and posted.

    Attributes:
        kind: Which message.
        title: What the dialog and the outbox call it.
        template: The template file.
        needs_link: It carries a fresh single-use scheduling link.
        fields: Inputs the engineer fills in (id, label, placeholder).
        priority: Ticket priority to set with it.
    """

    kind: MessageKind
    title: str
    template: str
    needs_link: bool = False
    fields: tuple[tuple[str, str, str], ...] = ()
    priority: str | None = None


SPECS: dict[MessageKind, MessageSpec] = {
    MessageKind.NO_SHOW: MessageSpec(
        MessageKind.NO_SHOW, "No-show reply", NO_SHOW_TEMPLATE, needs_link=True
    ),
    MessageKind.INVITE: MessageSpec(
        MessageKind.INVITE, "Invitation to a call", "invite.md.j2", needs_link=True
    ),
    MessageKind.PRE_CALL: MessageSpec(
        MessageKind.PRE_CALL,
        "Pre-call email",
        "pre_call.md.j2",
        fields=(
            ("goals", "Goals", "What should the call achieve?"),
            ("attendees", "Who must attend", "e.g. the administrator of the GitLab instance"),
        ),
    ),
    MessageKind.EMERGENCY_FOLLOW_UP: MessageSpec(
        MessageKind.EMERGENCY_FOLLOW_UP, "Emergency follow-up", "emergency_follow_up.md.j2"
    ),
    MessageKind.EMERGENCY_CLOSED: MessageSpec(
        MessageKind.EMERGENCY_CLOSED,
        "Bridge closed",
        "emergency_closed.md.j2",
        priority="high",
    ),
}


def default_status(kind: MessageKind, settings: Settings) -> str | None:
    """The status a message sets by default (the no-show reply: configurable, pending)."""
    return settings.no_show_status if kind is MessageKind.NO_SHOW else None


def message_context(
    *,
    ticket: TicketRef,
    call_type: CallType | None,
    settings: Settings,
    link: str,
    single_use: bool = False,
    fields: dict[str, str] | None = None,
    record: CallRecord | None = None,
) -> dict[str, Any]:
    """What the message templates can use.

    ``single_use_link`` tells a template whether it may promise the link books only once.
    """
    context: dict[str, Any] = {
        "ticket": str(ticket),
        "ticket_number": ticket.number,
        # Shown as a placeholder, so an unsigned message cannot go out unnoticed.
        "engineer_name": settings.engineer_name.strip() or NAME_PLACEHOLDER,
        "scheduling_link": link or LINK_PLACEHOLDER,
        "meeting_link": settings.meeting_link,
        "call_type": call_type.name if call_type else "",
        "duration": (
            format_minutes(call_type.planned_minutes)
            if call_type and call_type.planned_minutes
            else "open-ended"
        ),
        "open_ended": not (call_type and call_type.planned_minutes),
        "platform": "",
        "waited_minutes": 0,
        "call_date": "",
        "call_time": "",
        "goals": "",
        "attendees": "",
    }
    if record is not None:
        context.update(_call_facts(record))
    context["single_use_link"] = bool(link) and single_use
    context.update({k: v.strip() for k, v in (fields or {}).items()})
    return context


def _call_facts(record: CallRecord) -> dict[str, Any]:
    """What a message about an earlier call can say about it (a no-show, an emergency)."""
    started = record.started_at.astimezone()
    return {
        "call_type": record.call_type_name,
        "platform": record.platform.label,
        "call_date": f"{started:%A %d %B %Y}",
        "call_time": f"{started:%H:%M}",
        "waited_minutes": int(record.duration // 60),
    }


def fill_link_markers(text: str, link: str) -> str:
    """Put *link* where a pasted macro says ``PERSONAL_CALENDLY_LINK`` (either spelling)."""
    for marker in LINK_MARKERS:
        text = text.replace(marker, link or LINK_PLACEHOLDER)
    return text


# "[what we want to achieve on the call]", but not a Markdown link "[text](url)" or "[x]".
_PLACEHOLDER = re.compile(r"\[([^\[\]\n]{2,120})\](?![(\[])")
_SIGN_OFF = re.compile(r"(regards|wishes|thanks|thank you|cheers|sincerely)\W*$", re.IGNORECASE)


@dataclass(frozen=True)
class Missing:
    """Something a message still lacks before it can go to the customer.

    Attributes:
        what: What is missing, for a sentence ("your name", "a scheduling link").
        seen: What the customer would see instead ("[scheduling link]", "Best regards,").
    """

    what: str
    seen: str


def missing_parts(text: str) -> list[Missing]:
    """Placeholders left in *text*, and a sign-off with no name under it."""
    found: list[Missing] = []
    for marker in LINK_MARKERS:
        if marker in text and not (
            marker == "PERSONAL_CALENDLY_LINK" and "ONETIME_" + marker in text
        ):
            found.append(Missing("a scheduling link", marker))
    for match in _PLACEHOLDER.finditer(text):
        seen = match.group(0)
        what = {LINK_PLACEHOLDER: "a scheduling link", NAME_PLACEHOLDER: "your name"}.get(seen)
        found.append(Missing(what or f"the text for “{seen}”", seen))
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if lines and _SIGN_OFF.search(lines[-1]):
        found.append(Missing("your name", lines[-1]))
    unique: dict[str, Missing] = {}
    for item in found:
        unique.setdefault(item.what, item)
    return list(unique.values())


def describe_missing(missing: list[Missing]) -> str:
    """``your name and a scheduling link``: the list as words in a sentence."""
    names = [item.what for item in missing]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def fill_placeholder(text: str, placeholder: str, value: str) -> str:
    """Put *value* where *text* says *placeholder*; a link also where a macro's marker is."""
    text = text.replace(placeholder, value)
    if placeholder == LINK_PLACEHOLDER:
        text = fill_link_markers(text, value)
    return text


def sign(text: str, name: str) -> str:
    """Put *name* for :data:`NAME_PLACEHOLDER`, or under a sign-off that has no name."""
    if NAME_PLACEHOLDER in text:
        return text.replace(NAME_PLACEHOLDER, name)
    stripped = text.rstrip()
    last = stripped.splitlines()[-1] if stripped else ""
    if _SIGN_OFF.search(last):
        return f"{stripped}\n{name}\n"
    return text
