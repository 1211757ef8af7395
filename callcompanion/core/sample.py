"""A made-up ended call, to check templates against (Settings' preview, the smoke test)."""

from __future__ import annotations

from typing import Any

from callcompanion.core.call import CallRecord, Outcome, Platform
from callcompanion.core.clock import SystemClock
from callcompanion.core.messages import message_context
from callcompanion.core.settings import Settings
from callcompanion.core.summary import SummaryDraft, summary_context
from callcompanion.core.ticket import TicketRef


def sample_template_context(settings: Settings) -> dict[str, Any]:
    """Every name a message or summary template can use, filled from a made-up ended call."""
    now = SystemClock().now()
    record = CallRecord(
        id="sample",
        ticket=TicketRef(12345),
        call_type_key="troubleshooting",
        call_type_name="Troubleshooting",
        platform=Platform.ZOOM,
        started_at=now,
        planned_seconds=3600,
        wrapup_lead_seconds=600,
        no_show_after_seconds=600,
        joined_at=0.0,
        ended_at=2520.0,
        outcome=Outcome.COMPLETED,
    )
    draft = SummaryDraft(
        call_id="sample",
        updated_at=now,
        attendees="Chris Customer, Ana Example",
        learned="What was found.",
        engineer_next="What the engineer does next.",
        customer_next="What the customer does next.",
        next_call="When to meet again.",
    )
    messages = message_context(
        ticket=record.ticket,
        call_type=settings.call_types().get("troubleshooting"),
        settings=settings,
        link="https://calendly.com/d/abcd-efgh/support-call",
        single_use=True,
        fields={"goals": "Find why the upgrade stops.", "attendees": "The GitLab administrator"},
        record=record,
    )
    return {**messages, **summary_context(record, draft, settings, checklist=["Room locked"])}
