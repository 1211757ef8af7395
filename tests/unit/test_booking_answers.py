"""Finding the ticket in a booking's answers."""

from __future__ import annotations

import pytest

from callcompanion.core.booking_answers import find_ticket, is_ticket_question, ticket_from_answer
from callcompanion.core.ticket import TicketRef


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("12345", TicketRef(12345)),
        ("#12345", TicketRef(12345)),
        ("  # 12345 ", TicketRef(12345)),
        ("ticket 12345", TicketRef(12345)),
        ("Ticket #12345", TicketRef(12345)),
        ("Zendesk ticket number: 12345.", TicketRef(12345)),
        ("ticket no. 12345", TicketRef(12345)),
        ("“12345”", TicketRef(12345)),
        ("https://acme.zendesk.com/agent/tickets/12345", TicketRef(12345, "acme")),
        ("acme.zendesk.com/agent/tickets/12345/", TicketRef(12345, "acme")),
        ("<https://acme.zendesk.com/agent/tickets/12345>", TicketRef(12345, "acme")),
        (
            "It is https://Acme.zendesk.com/agent/tickets/12345, the upgrade one",
            TicketRef(12345, "acme"),
        ),
        ("http://acme.zendesk.com/agent/tickets/12345", TicketRef(12345, "acme")),
        ("https://acme.zendesk.com/hc/en-us/requests/777", TicketRef(777, "acme")),
        ("https://acme.zendesk.com/hc/requests/777", TicketRef(777, "acme")),
        ("It's about #4242 from last week", TicketRef(4242)),
    ],
)
def test_each_form_of_answer_gives_the_ticket(answer: str, expected: TicketRef) -> None:
    assert ticket_from_answer(answer) == expected


@pytest.mark.parametrize(
    "answer",
    [
        None,
        "",
        "   ",
        "n/a",
        "-",
        "0",
        "#0",
        "I don't have one yet",
        "version 17.3 on 2 servers",
        "#12 or #13",  # two tickets: the engineer decides
        "https://example.com/agent/tickets/12345",  # not Zendesk
        "https://acme.zendesk.com/agent/users/12345",  # not a ticket
        "1234567890123",  # more digits than a ticket number has
    ],
)
def test_an_answer_without_a_usable_ticket_gives_none(answer: str | None) -> None:
    assert ticket_from_answer(answer) is None


def test_the_ticket_question_is_found_by_its_name() -> None:
    assert is_ticket_question("Zendesk ticket number")
    assert is_ticket_question("TICKET")
    assert is_ticket_question("Your Ticket #")
    assert not is_ticket_question("What should we talk about?")


def test_the_ticket_question_answer_wins_over_numbers_elsewhere() -> None:
    ticket, typed = find_ticket(
        [
            ("How many users are affected?", "250"),
            ("Zendesk ticket number", "#12345"),
            ("Anything else?", "see #999"),
        ]
    )
    assert ticket == TicketRef(12345)
    assert typed == "#12345"


def test_a_missing_ticket_keeps_what_was_typed() -> None:
    ticket, typed = find_ticket([("Zendesk ticket number", "  don't know  ")])
    assert ticket is None
    assert typed == "don't know"
    assert find_ticket([("Zendesk ticket number", "")]) == (None, "")
    assert find_ticket([]) == (None, "")


def test_a_bare_number_outside_the_ticket_question_is_not_taken() -> None:
    assert find_ticket([("How many users?", "12345")]) == (None, "")


def test_a_ticket_link_in_another_answer_is_taken_when_the_ticket_question_has_none() -> None:
    ticket, typed = find_ticket(
        [
            ("Zendesk ticket number", "see below"),
            ("Anything else?", "Details: https://acme.zendesk.com/agent/tickets/321"),
        ]
    )
    assert ticket == TicketRef(321, "acme")
    assert typed == "see below"


def test_the_first_usable_ticket_question_wins() -> None:
    ticket, typed = find_ticket(
        [("Ticket (if any)", "none"), ("Zendesk ticket number", "ticket 456")]
    )
    assert ticket == TicketRef(456)
    assert typed == "ticket 456"
