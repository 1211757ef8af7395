"""What an outbox entry is: one name per kind of post, stored as its value."""

from __future__ import annotations

from enum import StrEnum

from callcompanion.core.messages import MessageKind


class OutboxKind(StrEnum):
    """The kinds of post the outbox sends.

    The values are what the store keeps; ``SUMMARY_NOTE`` keeps the value it has always had so
    that posts queued by earlier versions still read back as what they are.
    """

    SUMMARY = "summary"  # the call summary (public reply or internal note)
    SUMMARY_NOTE = "internal_note"  # the summary's separate internal note
    UPGRADE_NOTE = "upgrade_note"  # the upgrade facts, as an internal note on the ticket
    ORG_NOTES = "org_notes"  # the upgrade facts appended to the organization's notes
    NO_SHOW = MessageKind.NO_SHOW.value
    INVITE = MessageKind.INVITE.value
    PRE_CALL = MessageKind.PRE_CALL.value
    EMERGENCY_FOLLOW_UP = MessageKind.EMERGENCY_FOLLOW_UP.value
    EMERGENCY_CLOSED = MessageKind.EMERGENCY_CLOSED.value

    @classmethod
    def for_message(cls, kind: MessageKind) -> OutboxKind:
        """The outbox kind of a message sent from the message dialog."""
        return cls(kind.value)

    @property
    def is_summary(self) -> bool:
        """Part of a call's summary (the reply and its internal note)."""
        return self in (OutboxKind.SUMMARY, OutboxKind.SUMMARY_NOTE)
