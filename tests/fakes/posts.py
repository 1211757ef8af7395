"""Queued internal notes for outbox tests and benchmarks, as the app writes them."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from callcompanion.core.outbox_kind import OutboxKind
from callcompanion.core.summary import new_marker, with_marker
from callcompanion.services.outbox import NewPost


def _note(index: int, ticket: int) -> str:
    return f"Note {index} for #{ticket}"


def internal_notes(
    tickets: Sequence[int],
    connection_id: str,
    *,
    text: Callable[[int, int], str] = _note,
    markers: Sequence[str] | None = None,
) -> list[NewPost]:
    """One internal note per item of *tickets* (to that ticket), each with its own marker."""
    chosen = list(markers) if markers is not None else [new_marker() for _ in tickets]
    return [
        NewPost(
            ticket=ticket,
            body=with_marker(text(index, ticket), marker),
            public=False,
            marker=marker,
            kind=OutboxKind.UPGRADE_NOTE,
            label=_note(index, ticket),
            call_id=None,
            connection_id=connection_id,
        )
        for index, (ticket, marker) in enumerate(zip(tickets, chosen, strict=True))
    ]
