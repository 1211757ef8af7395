"""Ticket references: what the engineer types into the ticket field."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

# The statuses an agent sets on a ticket (Zendesk's API names).
TICKET_STATUSES = ("open", "pending", "hold", "solved")

ACCEPTED_FORMS = (
    "Enter the ticket number (12345 or #12345) or the ticket's agent link, "
    "like https://example.zendesk.com/agent/tickets/12345."
)

# Plain pattern strings: re compiles (and caches) them on first use, not at start-up.
_NUMBER = r"#?\s*(\d{1,12})"
_SUBDOMAIN = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_AGENT_PATH = r"/agent/tickets/(\d{1,12})/?"


class TicketRefError(ValueError):
    """The text is not a ticket reference. ``str(err)`` is a sentence for the engineer."""


@dataclass(frozen=True)
class TicketRef:
    """A Zendesk ticket, by number, optionally with the subdomain it was linked from."""

    number: int
    subdomain: str | None = None

    def __str__(self) -> str:
        return f"#{self.number}"

    def agent_url(self, default_subdomain: str | None = None) -> str | None:
        """The agent-interface link, when the subdomain is known."""
        subdomain = self.subdomain or default_subdomain
        if not subdomain:
            return None
        return f"https://{subdomain}.zendesk.com/agent/tickets/{self.number}"


def parse_ticket_ref(text: str) -> TicketRef:
    """Parse ``12345``, ``#12345`` or ``https://<subdomain>.zendesk.com/agent/tickets/12345``.

    Raises:
        TicketRefError: with a message that says what is accepted.
    """
    value = text.strip()
    if not value:
        raise TicketRefError("Which ticket is this call about? " + ACCEPTED_FORMS)
    match = re.fullmatch(_NUMBER, value)
    if match:
        return TicketRef(_positive(match.group(1), value))
    if "://" in value or value.lower().startswith(("www.", "http")) or ".zendesk.com" in value:
        return _parse_url(value)
    raise TicketRefError(f"“{_clip(value)}” is not a ticket. " + ACCEPTED_FORMS)


def _parse_url(value: str) -> TicketRef:
    parts = urlsplit(value if "://" in value else "https://" + value)
    host = (parts.hostname or "").lower()
    if parts.scheme.lower() != "https":
        raise TicketRefError("Ticket links start with https://. " + ACCEPTED_FORMS)
    if not host.endswith(".zendesk.com"):
        raise TicketRefError(
            f"“{_clip(host or value)}” is not a Zendesk address. " + ACCEPTED_FORMS
        )
    subdomain = host.removesuffix(".zendesk.com")
    if not is_subdomain(subdomain):
        raise TicketRefError(f"“{_clip(host)}” is not a Zendesk address. " + ACCEPTED_FORMS)
    path = re.fullmatch(_AGENT_PATH, parts.path)
    if not path:
        raise TicketRefError("That link does not point to a ticket. " + ACCEPTED_FORMS)
    return TicketRef(_positive(path.group(1), value), subdomain)


def is_subdomain(text: str) -> bool:
    """Whether *text* can be a Zendesk subdomain (``example`` in example.zendesk.com)."""
    return re.fullmatch(_SUBDOMAIN, text) is not None


def _positive(digits: str, original: str) -> int:
    number = int(digits)
    if number <= 0:
        raise TicketRefError(f"Ticket numbers start at 1, not “{_clip(original)}”.")
    return number


def _clip(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
