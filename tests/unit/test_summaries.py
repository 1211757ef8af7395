from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from callcompanion.core.call import Call, Platform
from callcompanion.core.calltypes import CallTypeCatalog
from callcompanion.core.settings import Settings
from callcompanion.core.summary import (
    SummaryDraft,
    SummaryState,
    as_markdown,
    new_draft,
    parse_tags,
    summary_context,
    with_marker,
)
from callcompanion.core.templates import TemplateLibrary
from callcompanion.core.ticket import TicketRef
from callcompanion.paths import resource_path
from callcompanion.services.storage import open_store
from callcompanion.services.summaries import SummaryStore
from tests.fakes.clock import FakeClock

NOW = datetime(2026, 11, 27, 10, 30, tzinfo=UTC)


def ended_call(clock: FakeClock) -> Call:
    call = Call.start(
        ticket=TicketRef(12345),
        call_type=CallTypeCatalog().get("troubleshooting"),
        platform=Platform.ZOOM,
        clock=clock,
        default_wrapup_lead_minutes=10,
        customer_joined=True,
    )
    clock.advance(minutes=42)
    call.end()
    return call


def test_drafts_round_trip_and_list(tmp_path: Path, clock: FakeClock) -> None:
    store = open_store(tmp_path / "db.sqlite3").store
    call = ended_call(clock)
    store.save_call(call.record)
    summaries = SummaryStore(store)
    draft = new_draft(call.id, Settings(summary_status="pending", summary_tags=("a",)), NOW)
    draft = draft.with_changes(NOW, learned="It was the proxy.", attendees="Chris, Ana")
    summaries.save(draft)
    assert summaries.get(call.id) == draft
    assert summaries.drafts() == [draft]
    summaries.set_state(call.id, SummaryState.QUEUED)
    assert summaries.drafts() == []
    summaries.mark_reminded(call.id, NOW + timedelta(minutes=15))
    stored = summaries.get(call.id)
    assert stored is not None
    assert stored.state is SummaryState.QUEUED
    assert stored.reminded_at == NOW + timedelta(minutes=15)


def test_the_shipped_templates_render_every_section(clock: FakeClock) -> None:
    call = ended_call(clock)
    draft = SummaryDraft(
        call_id=call.id,
        updated_at=NOW,
        attendees="Chris Customer, Ana Example",
        learned="The upgrade stopped at a migration.",
        engineer_next="Check the migration log.",
        customer_next="Send the output of gitlab-rake db:migrate:status.",
        next_call="Not needed unless the log shows more.",
    )
    library = TemplateLibrary(None, [resource_path("templates")])
    context = summary_context(call.record, draft, Settings(engineer_name="Ana Example"))
    public = library.render("summary_public.md.j2", context)
    for text in (
        "Chris Customer",
        "The upgrade stopped at a migration.",
        "Check the migration log.",
        "gitlab-rake db:migrate:status",
        "Not needed unless",
        "42 min",
        "Ana Example",
    ):
        assert text in public
    internal = library.render("summary_internal.md.j2", context)
    assert "Troubleshooting" in internal
    empty = library.render(
        "summary_public.md.j2",
        summary_context(call.record, SummaryDraft(call_id=call.id, updated_at=NOW), Settings()),
    )
    assert "None" not in empty


def test_tags_and_markdown_and_marker(clock: FakeClock) -> None:
    assert parse_tags("Customer_Call, call-summary  customer_call") == (
        "customer_call",
        "call-summary",
    )
    call = ended_call(clock)
    draft = SummaryDraft(call_id=call.id, updated_at=NOW, body="Hello", internal_note="Secret plan")
    assert as_markdown(call.record, draft) == (
        "# Call summary for #12345\n\nHello\n\n## Internal note\n\nSecret plan\n"
    )
    assert with_marker("Body\n\n", "cc-123") == "Body\n\n(ref: cc-123)"
