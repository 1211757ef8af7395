"""The questions the workflow asks during a call (docs/workflow.md), and their answers.

:class:`callcompanion.core.call.Call` decides *when* a prompt is due; this module says what it
asks and which answers it offers.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from callcompanion.core.ticket import TicketRef
from callcompanion.core.timefmt import format_minutes, minutes_until

NO_SHOW_WAIT_MINUTES = 5


class PromptKind(StrEnum):
    NO_SHOW = "no_show"
    WRAP_UP = "wrap_up"
    TIMES_UP = "times_up"
    RESPONSE = "response"  # an emergency's response timers


class Answer(StrEnum):
    CUSTOMER_JOINED = "customer_joined"
    WAIT_LONGER = "wait_longer"
    CUSTOMER_NO_SHOW = "customer_no_show"
    START_WRAP_UP = "start_wrap_up"
    WRAP_UP = "wrap_up"
    CONTINUE = "continue"
    SEND_FOLLOW_UP = "send_follow_up"
    CLOSE_BRIDGE = "close_bridge"

    @property
    def label(self) -> str:
        return {
            Answer.CUSTOMER_JOINED: "Customer joined",
            Answer.WAIT_LONGER: f"Wait {NO_SHOW_WAIT_MINUTES} more minutes",
            Answer.CUSTOMER_NO_SHOW: "Customer didn't show",
            Answer.START_WRAP_UP: "Start wrapping up",
            Answer.WRAP_UP: "Wrap up",
            Answer.CONTINUE: "Continue",
            Answer.SEND_FOLLOW_UP: "Write the follow-up",
            Answer.CLOSE_BRIDGE: "Close the bridge, priority High",
        }[self]


@dataclass(frozen=True)
class Prompt:
    """A question the workflow asks at a moment of the call.

    Attributes:
        kind: Which workflow step this is.
        due_at: Elapsed seconds at which it became due.
        title: Short headline (tray balloon title, banner title).
        message: One or two sentences of guidance.
        answers: The answers offered, first is the default.
    """

    kind: PromptKind
    due_at: float
    title: str
    message: str
    answers: tuple[Answer, ...]

    @property
    def key(self) -> str:
        """Identifies this occurrence: a re-prompt after "wait 5 more minutes" is a new key."""
        return f"{self.kind}@{round(self.due_at)}"


def no_show_prompt(ticket: TicketRef, due: float, waited_seconds: float | None = None) -> Prompt:
    """The customer has not joined *due* seconds into the call.

    *waited_seconds*: how long they have been waited for, when that is not *due* (a booked call
    counts from the booked start).
    """
    waited = format_minutes(int((due if waited_seconds is None else waited_seconds) // 60))
    return Prompt(
        PromptKind.NO_SHOW,
        due,
        f"{ticket}: customer not here after {waited}",
        "If they don't come: end the call, apologise on the ticket and send a new "
        "single-use scheduling link.",
        (Answer.CUSTOMER_JOINED, Answer.WAIT_LONGER, Answer.CUSTOMER_NO_SHOW),
    )


def response_prompt(ticket: TicketRef, step: int, due: float) -> Prompt:
    """An emergency's response timer ran out: the first asks for a follow-up, the next closes."""
    minutes = format_minutes(int(due // 60))
    if step == 0:
        return Prompt(
            PromptKind.RESPONSE,
            due,
            f"{ticket}: no response after {minutes}",
            "Send a follow-up: name the bridge, and say other arrangements are possible if "
            "the customer cannot join now.",
            (Answer.SEND_FOLLOW_UP, Answer.CUSTOMER_JOINED),
        )
    return Prompt(
        PromptKind.RESPONSE,
        due,
        f"{ticket}: still no response after {minutes}",
        "Close the bridge and set the ticket's priority to High; the customer may open a new "
        "emergency if needed.",
        (Answer.CLOSE_BRIDGE, Answer.CUSTOMER_JOINED),
    )


def wrap_up_prompt(ticket: TicketRef, planned_seconds: int, due: float) -> Prompt:
    """Time to wind down, *due* seconds in, before the planned end."""
    left = format_minutes(minutes_until(planned_seconds - due))
    return Prompt(
        PromptKind.WRAP_UP,
        due,
        f"{ticket}: wrap-up, {left} left",
        "Wind down and review with the customer: what was learned, next steps for you and "
        "for them, and whether another call is needed.",
        (Answer.START_WRAP_UP,),
    )


def times_up_prompt(
    ticket: TicketRef,
    planned_seconds: int,
    due: float,
    *,
    extended: bool,
    discretion_of: str | None = None,
) -> Prompt:
    """The planned length (or an extension) is over.

    Args:
        ticket: The call's ticket.
        planned_seconds: The call's planned length.
        due: Elapsed seconds at which the prompt is due.
        extended: The engineer already chose *Continue* once: this is the extension's end.
        discretion_of: The call type's name when its calls continue only at the engineer's
            discretion (Discovery).
    """
    planned = format_minutes(planned_seconds // 60)
    title = f"{ticket}: extension over" if extended else f"{ticket}: time's up ({planned} planned)"
    message = (
        "Wrap up now, or continue if a fix is close or more information is needed "
        "and the customer has the time."
    )
    if discretion_of:
        message = (
            f"{discretion_of} calls are short: continue only at your discretion, if a fix is "
            "close or more information is needed."
        )
    return Prompt(PromptKind.TIMES_UP, due, title, message, (Answer.WRAP_UP, Answer.CONTINUE))
