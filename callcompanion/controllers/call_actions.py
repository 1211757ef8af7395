"""What can be done to the running call right now, as one list every remote offers.

The main window's banners, the tray menu, the prompt card, the mini timer and the global
shortcuts all offer the same things: the answers of the prompt that is due, then the call's own
next steps. They take them from here, so a label, an order or a rule ("End call is never the
default") is written once.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtCore import QObject, Signal

from callcompanion.controllers.call import CallController
from callcompanion.core.call import DEFAULT_CONTINUE_MINUTES, Answer, CallError, Outcome, Prompt
from callcompanion.core.timefmt import format_minutes


class Step(StrEnum):
    """The call's own next steps (not answers to a prompt)."""

    CUSTOMER_JOINED = "customer_joined"
    NO_SHOW = "no_show"
    NOTES = "notes"
    END_CALL = "end_call"
    OUTBOX = "outbox"

    @property
    def label(self) -> str:
        return {
            Step.CUSTOMER_JOINED: "Customer joined",
            Step.NO_SHOW: "Customer didn't show",
            Step.NOTES: "Notes",
            Step.END_CALL: "End call",
            Step.OUTBOX: "Outbox",
        }[self]


@dataclass(frozen=True)
class CallAction:
    """One thing a remote offers.

    Attributes:
        key: Stable id for :meth:`CallActions.trigger` (``answer:<prompt>:<answer>[:<min>]``
            or ``step:<step>``).
        label: What the button or menu item says.
        prompt: The prompt this answers (``None`` for the call's own steps).
        destructive: Ends the call or gives up on the customer: never a default, never one
            keystroke away by accident.
    """

    key: str
    label: str
    prompt: Prompt | None = None
    destructive: bool = False


# Answers that end the call or give up on the customer (the window never leaves focus on them).
DESTRUCTIVE_ANSWERS = frozenset({Answer.CUSTOMER_NO_SHOW, Answer.CLOSE_BRIDGE})


class CallActions(QObject):
    """The due prompt's answers and the call's next steps, kept current.

    Signals:
        changed: What is offered changed (a prompt came or went, the call changed).
        notes_requested: *Notes* was chosen (the app opens the notes).
        outbox_requested: *Outbox* was chosen.
        refused: An action could not be done; carries the sentence saying why.
    """

    changed = Signal()
    notes_requested = Signal()
    outbox_requested = Signal()
    refused = Signal(str)

    def __init__(self, controller: CallController, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        controller.call_changed.connect(self.changed)
        controller.prompts_changed.connect(lambda _prompts: self.changed.emit())

    @property
    def controller(self) -> CallController:
        """The call these actions act on (for remotes that also show it)."""
        return self._controller

    def prompt(self) -> Prompt | None:
        """The prompt a remote answers: the one due first."""
        prompts = self._controller.due_prompts()
        return prompts[0] if prompts else None

    def answers(self) -> list[CallAction]:
        """The due prompt's answers, its default first (``Continue`` for the usual minutes)."""
        prompt = self.prompt()
        if prompt is None:
            return []
        actions = []
        for answer in prompt.answers:
            if answer is Answer.CONTINUE:
                minutes = format_minutes(DEFAULT_CONTINUE_MINUTES)
                actions.append(
                    CallAction(
                        f"answer:{prompt.key}:{answer.value}:{DEFAULT_CONTINUE_MINUTES}",
                        f"Continue ({minutes})",
                        prompt,
                    )
                )
                continue
            actions.append(
                CallAction(
                    f"answer:{prompt.key}:{answer.value}",
                    answer.label,
                    prompt,
                    destructive=answer in DESTRUCTIVE_ANSWERS,
                )
            )
        return actions

    def default_answer(self) -> CallAction | None:
        """What "answer the prompt" does: the prompt's own first answer, if it is safe.

        When the first answer ends the call or gives up on the customer there is none: the
        engineer chooses. Never a later answer instead: for the emergency's last timer the
        second answer is *Customer joined*, which would record something that did not happen.
        """
        answers = self.answers()
        return answers[0] if answers and not answers[0].destructive else None

    def steps(self) -> list[CallAction]:
        """The call's own next steps (an empty list when no call runs)."""
        call = self._controller.call
        if call is None:
            return [CallAction(f"step:{Step.OUTBOX.value}", Step.OUTBOX.label)]
        steps = []
        if not call.customer_joined:
            steps.append(Step.CUSTOMER_JOINED)
            steps.append(Step.NO_SHOW)
        steps += [Step.NOTES, Step.END_CALL, Step.OUTBOX]
        return [
            CallAction(
                f"step:{step.value}",
                step.label,
                destructive=step in (Step.NO_SHOW, Step.END_CALL),
            )
            for step in steps
        ]

    def all(self) -> list[CallAction]:
        """The due prompt's answers, then the call's steps (without repeating an answer)."""
        answers = self.answers()
        labels = {a.label for a in answers}
        return answers + [s for s in self.steps() if s.label not in labels]

    def trigger(self, key: str) -> bool:
        """Do what *key* names; ``False`` (and :attr:`refused`) when it no longer applies."""
        kind, _, rest = key.partition(":")
        try:
            if kind == "answer":
                return self._answer(rest)
            if kind == "step":
                return self._step(Step(rest))
        except (CallError, ValueError) as err:
            self.refused.emit(str(err))
            return False
        self.refused.emit("That choice is no longer offered.")
        return False

    def _answer(self, rest: str) -> bool:
        prompt_key, _, answer_and_minutes = rest.partition(":")
        answer_text, _, minutes_text = answer_and_minutes.partition(":")
        prompt = self._controller.prompt(prompt_key)
        if prompt is None:
            self.refused.emit("That prompt has already been answered.")
            return False
        answer = Answer(answer_text)
        if answer not in prompt.answers:
            raise ValueError(f"{answer.label} is not an answer to {prompt.title}.")
        minutes = int(minutes_text) if minutes_text else None
        self._controller.answer(prompt.key, answer, minutes)
        return True

    def _step(self, step: Step) -> bool:
        controller = self._controller
        if step is Step.OUTBOX:
            self.outbox_requested.emit()
            return True
        call = controller.call
        if call is None:
            self.refused.emit("No call is running.")
            return False
        if step is Step.NOTES:
            self.notes_requested.emit()
        elif step is Step.END_CALL:
            controller.end_call(Outcome.COMPLETED)
        elif call.customer_joined:
            self.refused.emit("The customer has already joined.")
            return False
        elif step is Step.CUSTOMER_JOINED:
            controller.mark_joined()
        else:
            controller.mark_no_show()
        return True
