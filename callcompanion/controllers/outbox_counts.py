"""How many posts wait, by where they stand (what the window and ``--status`` show)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from callcompanion.services.outbox import EntryState


@dataclass(frozen=True)
class OutboxCounts:
    """Open posts by where they stand; ``waiting`` includes the ``in_flight`` ones."""

    waiting: int = 0
    failed: int = 0
    not_connected: int = 0
    in_flight: int = 0

    @classmethod
    def of(cls, by_state: Mapping[EntryState, int]) -> OutboxCounts:
        """From the store's count of open posts by state."""
        return cls(
            waiting=by_state[EntryState.PENDING] + by_state[EntryState.SENDING],
            failed=by_state[EntryState.FAILED],
            not_connected=by_state[EntryState.NOT_CONNECTED],
            in_flight=by_state[EntryState.SENDING],
        )

    @property
    def total(self) -> int:
        return self.waiting + self.failed + self.not_connected

    def describe(self) -> str:
        """``1 summary waiting to post · 1 needs attention``, or empty when all is sent."""
        parts = []
        if self.waiting:
            parts.append(f"{self.waiting} post{'s' if self.waiting != 1 else ''} waiting to go out")
        if self.not_connected:
            parts.append(f"{self.not_connected} waiting for a Zendesk connection")
        if self.failed:
            parts.append(f"{self.failed} need{'s' if self.failed == 1 else ''} your attention")
        return " · ".join(parts)
