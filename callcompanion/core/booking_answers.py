"""Which ticket a booking is for: the invitee's answer to the event type's ticket question.

The team's event types ask "Zendesk ticket number" (any question whose text contains "ticket"
counts). Customers answer ``12345``, ``#12345``, ``ticket 12345``, the agent link an engineer
sent them, or their own help-centre link; anything else is "no ticket given", and the engineer
types it before starting the call.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from callcompanion.core.ticket import TicketRef, TicketRefError, is_subdomain, parse_ticket_ref

TICKET_WORD = "ticket"
# Longer answers are read this far (a ticket number or link comes first in practice).
MAX_ANSWER = 2000

# Plain pattern strings: re compiles (and caches) them on first use, not at start-up.
# "Ticket", "Zendesk ticket number:", "ticket no." … in front of the number.
_LEADING_WORDS = (
    r"(?:zendesk\s+)?(?:support\s+)?(?:ticket|case|request)\s*"
    r"(?:number|nr\.?|no\.?|num\.?|id)?\s*[:=\-–]?\s*(?=#|\d)"
)
# A Zendesk link inside a sentence: the agent view, or the customer's own help-centre request.
_ZENDESK_LINK = (
    r"(?:https?://)?(?P<sub>[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)\.zendesk\.com"
    r"/(?:agent/tickets/(?P<agent>\d{1,12})|hc/(?:[a-z]{2}(?:-[a-z0-9]{2,8})?/)?requests/"
    r"(?P<request>\d{1,12}))(?!\d)"
)
_HASH_NUMBER = r"(?<![\w#])#\s?(\d{1,12})\b"
# Quotes, brackets and full stops people put around an answer.
_WRAPPING = " \t\r\n\"'“”‘’«»()[]<>.,;:!?"


def is_ticket_question(question: str) -> bool:
    """Whether a booking question asks for the ticket ("Zendesk ticket number", "Ticket")."""
    return TICKET_WORD in question.casefold()


def ticket_from_answer(answer: str | None) -> TicketRef | None:
    """The ticket in one answer, or ``None`` when the answer gives none that can be used."""
    if not answer:
        return None
    text = answer[:MAX_ANSWER].strip(_WRAPPING)
    if not text:
        return None
    for candidate in (text, re.sub(_LEADING_WORDS, "", text, count=1, flags=re.IGNORECASE)):
        try:
            return parse_ticket_ref(candidate.strip())
        except TicketRefError:
            pass
    link = linked_ticket(text)
    if link is not None:
        return link
    numbers = re.findall(_HASH_NUMBER, text)
    if len(set(numbers)) == 1 and int(numbers[0]) > 0:  # one "#12345" in a sentence
        return TicketRef(int(numbers[0]))
    return None


def linked_ticket(text: str) -> TicketRef | None:
    """The first Zendesk ticket link in *text* (agent or help-centre request), if any."""
    for match in re.finditer(_ZENDESK_LINK, text, flags=re.IGNORECASE):
        subdomain = match.group("sub").lower()
        number = int(match.group("agent") or match.group("request"))
        if number > 0 and is_subdomain(subdomain):
            return TicketRef(number, subdomain)
    return None


def find_ticket(questions_and_answers: Iterable[tuple[str, str]]) -> tuple[TicketRef | None, str]:
    """The ticket a booking is for, and the answer to the ticket question as it was typed.

    The ticket questions are read in their order; the first usable answer wins. Without one, a
    Zendesk ticket link given in any other answer is taken (a link says what it is; a bare
    number in another answer could be anything). The answer is ``""`` when there was no ticket
    question or it was left empty.
    """
    pairs = [(str(q or ""), str(a or "")) for q, a in questions_and_answers]
    ticket_answers = [answer for question, answer in pairs if is_ticket_question(question)]
    typed = next((a.strip() for a in ticket_answers if a.strip()), "")
    for answer in ticket_answers:
        found = ticket_from_answer(answer)
        if found is not None:
            return found, answer.strip()
    for _question, answer in pairs:
        found = linked_ticket(answer[:MAX_ANSWER])
        if found is not None:
            return found, typed
    return None, typed
