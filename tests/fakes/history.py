"""A store with a long call history (tests and benchmarks of the History tab)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from callcompanion.core.call import CallRecord, Outcome, Platform
from callcompanion.core.ticket import TicketRef
from callcompanion.services.storage import Store

FIRST_START = datetime(2020, 1, 6, 9, 0, tzinfo=UTC)
_TYPES = (("discovery", "Discovery"), ("troubleshooting", "Troubleshooting"))


def history_record(index: int) -> CallRecord:
    """The *index*-th call: one an hour from :data:`FIRST_START`, ticket ``10000 + index``."""
    key, name = _TYPES[index % 2]
    return CallRecord(
        id=f"call-{index:07d}",
        ticket=TicketRef(10000 + index),
        call_type_key=key,
        call_type_name=name,
        platform=Platform.ZOOM if index % 3 else Platform.WEBEX,
        started_at=FIRST_START + timedelta(hours=index),
        planned_seconds=1800,
        wrapup_lead_seconds=300,
        no_show_after_seconds=600,
        ended_at=float(60 * (5 + index % 50)),
        outcome=Outcome.NO_SHOW if index % 7 == 0 else Outcome.COMPLETED,
        last_elapsed=float(60 * (5 + index % 50)),
    )


def fill_history(store: Store, count: int, *, same_start_every: int = 0) -> list[CallRecord]:
    """Store *count* ended calls in one transaction (oldest first) and return them.

    *same_start_every*: give runs of that many calls the same start (ties in the order).
    """
    records = []
    with store.transaction("fill the history"):
        for index in range(count):
            record = history_record(index)
            if same_start_every:
                bucket = index - index % same_start_every
                record = replace(record, started_at=FIRST_START + timedelta(hours=bucket))
            store.save_call(record)
            records.append(record)
    return records
