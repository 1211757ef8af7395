"""What message templates are told about a call."""

from __future__ import annotations

from typing import Any

from callcompanion.core.call import CallRecord
from callcompanion.core.settings import Settings

NO_SHOW_TEMPLATE = "no_show.md.j2"
LINK_PLACEHOLDER = "[scheduling link]"


def no_show_context(record: CallRecord, settings: Settings) -> dict[str, Any]:
    """The facts the no-show reply template can use."""
    waited = record.ended_at if record.ended_at is not None else record.last_elapsed
    started = record.started_at.astimezone()
    return {
        "ticket": str(record.ticket),
        "ticket_number": record.ticket.number,
        "call_type": record.call_type_name,
        "platform": record.platform.label,
        "call_date": f"{started:%A %d %B %Y}",
        "call_time": f"{started:%H:%M}",
        "waited_minutes": int(waited // 60),
        "engineer_name": settings.engineer_name,
        "scheduling_link": settings.scheduling_link or LINK_PLACEHOLDER,
    }
