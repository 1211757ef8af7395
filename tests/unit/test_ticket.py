from __future__ import annotations

import pytest

from callcompanion.core.ticket import ACCEPTED_FORMS, TicketRef, TicketRefError, parse_ticket_ref


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12345", TicketRef(12345)),
        ("#12345", TicketRef(12345)),
        ("  # 987 ", TicketRef(987)),
        ("https://acme.zendesk.com/agent/tickets/12345", TicketRef(12345, "acme")),
        ("https://ACME.zendesk.com/agent/tickets/12345/", TicketRef(12345, "acme")),
        ("https://gitlab-gov.zendesk.com/agent/tickets/7?ref=x#frag", TicketRef(7, "gitlab-gov")),
        ("acme.zendesk.com/agent/tickets/55", TicketRef(55, "acme")),
    ],
)
def test_accepted_forms(text: str, expected: TicketRef) -> None:
    assert parse_ticket_ref(text) == expected


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("", "Which ticket"),
        ("hello", "is not a ticket"),
        ("12a45", "is not a ticket"),
        ("#0", "start at 1"),
        ("http://acme.zendesk.com/agent/tickets/1", "https://"),
        ("https://example.com/agent/tickets/1", "not a Zendesk address"),
        ("https://evil.zendesk.com.example.org/agent/tickets/1", "not a Zendesk address"),
        ("https://acme.zendesk.com/hc/requests/12", "does not point to a ticket"),
        ("https://acme.zendesk.com/agent/tickets/12/events", "does not point to a ticket"),
        ("https://-bad.zendesk.com/agent/tickets/12", "not a Zendesk address"),
    ],
)
def test_refused_with_a_message_saying_what_is_accepted(text: str, hint: str) -> None:
    with pytest.raises(TicketRefError) as info:
        parse_ticket_ref(text)
    message = str(info.value)
    assert hint in message
    assert ACCEPTED_FORMS in message or "start at 1" in message


def test_long_input_is_clipped_in_the_message() -> None:
    with pytest.raises(TicketRefError) as info:
        parse_ticket_ref("x" * 500)
    assert len(str(info.value)) < 250


def test_display_and_links() -> None:
    assert str(TicketRef(42)) == "#42"
    assert TicketRef(42).agent_url() is None
    assert TicketRef(42).agent_url("acme") == "https://acme.zendesk.com/agent/tickets/42"
    assert TicketRef(42, "own").agent_url("acme") == "https://own.zendesk.com/agent/tickets/42"
