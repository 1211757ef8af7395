"""Messages to the ticket besides the summary.

The no-show reply, the invitation, the pre-call email and the emergency follow-ups. Each has a
template (editable in Settings), may need a scheduling link, and sets the ticket's status or
priority when posted (workflow.md §9).
"""

from __future__ import annotations

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
# Invitation macros carry one of these where the engineer's link goes (workflow.md §2.2).
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
        "engineer_name": settings.engineer_name,
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
