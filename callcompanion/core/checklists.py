"""Checklists: the steps that are easy to forget in the first minutes of a call (docs/workflow.md).

Items are data (``resources/checklists.toml``, replaceable by a team's own file in the profile).
Each applies to some call types and platforms and belongs to a stage: before the call, when it
starts, at wrap-up. A result says whether it was ticked, skipped (with a reason) or not
applicable, which choice was made (the recording policy), and what was collected (the upgrade
facts). Gates stop a call from starting; nags prompt until ticked.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from callcompanion.core.filelimits import (
    MAX_FILE_BYTES,
    FileLimitError,
    check_nesting,
    read_limited,
)

NAG_REPEAT_MINUTES = 2


class Stage(StrEnum):
    BEFORE = "before"
    START = "start"
    WRAP_UP = "wrap_up"

    @property
    def label(self) -> str:
        return {
            Stage.BEFORE: "Before the call",
            Stage.START: "As the call starts",
            Stage.WRAP_UP: "Wrap-up",
        }[self]


class ItemState(StrEnum):
    OPEN = "open"
    DONE = "done"
    SKIPPED = "skipped"
    NOT_APPLICABLE = "not_applicable"


@dataclass(frozen=True)
class Choice:
    id: str
    label: str
    outcome: str = ""


@dataclass(frozen=True)
class Field:
    id: str
    label: str
    options: tuple[str, ...] = ()


class ItemAction(StrEnum):
    """What can be done with an item's collected fields, besides ticking it."""

    POST_INTERNAL_NOTE = "post_internal_note"
    POST_ORGANIZATION_NOTES = "post_organization_notes"

    @property
    def label(self) -> str:
        """The button that does it."""
        return {
            ItemAction.POST_INTERNAL_NOTE: "Post as internal note",
            ItemAction.POST_ORGANIZATION_NOTES: "Add to the organization's notes",
        }[self]


# The summary editor's notes sections a wrap-up step can point at.
SUMMARY_SECTIONS = ("attendees", "learned", "engineer_next", "customer_next", "next_call")


@dataclass(frozen=True)
class ChecklistItem:
    """One step.

    Attributes:
        id: Stable name; results are stored under it.
        stage: When it matters.
        title: What to do.
        help: Why, or how.
        call_types: Only for these call types (empty: all).
        platforms: Only on these platforms (empty: all).
        gate: The call cannot start until it is ticked, unless overridden with a reason.
        nag: Prompted when the call starts, and again every few minutes until ticked.
        outcome: What the summary says once it is ticked.
        copy: Text offered with a Copy button.
        choices: Options, one of which is picked and recorded.
        fields: Information to collect.
        section: The summary notes section this step fills (one of :data:`SUMMARY_SECTIONS`).
        actions: Buttons offered with the collected fields (post them to the ticket as an
            internal note, add them to the organization's notes).
    """

    id: str
    stage: Stage
    title: str
    help: str = ""
    call_types: tuple[str, ...] = ()
    platforms: tuple[str, ...] = ()
    gate: bool = False
    nag: bool = False
    outcome: str = ""
    copy: str = ""
    choices: tuple[Choice, ...] = ()
    fields: tuple[Field, ...] = ()
    section: str = ""
    actions: tuple[ItemAction, ...] = ()

    def applies(self, call_type: str, platform: str) -> bool:
        return (not self.call_types or call_type in self.call_types) and (
            not self.platforms or platform in self.platforms
        )


@dataclass(frozen=True)
class ItemResult:
    """What became of an item on one call."""

    item_id: str
    state: ItemState = ItemState.OPEN
    reason: str = ""
    choice: str = ""
    values: Mapping[str, str] = field(default_factory=dict)
    at: datetime | None = None
    snoozed_until: float | None = None  # elapsed seconds; for nags


class ChecklistError(ValueError):
    """The checklist file is not usable; ``str(err)`` names the file and the problem."""


class Checklists:
    """All items, in file order."""

    def __init__(self, items: Sequence[ChecklistItem]) -> None:
        ids = [i.id for i in items]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ChecklistError(f"item ids must be unique: {', '.join(duplicates)}")
        self.items = tuple(items)

    def for_call(
        self, call_type: str, platform: str, stage: Stage | None = None
    ) -> list[ChecklistItem]:
        return [
            item
            for item in self.items
            if item.applies(call_type, platform) and (stage is None or item.stage is stage)
        ]

    def get(self, item_id: str) -> ChecklistItem | None:
        return next((i for i in self.items if i.id == item_id), None)


def load_checklists(default: Path, override: Path | None) -> tuple[Checklists, list[str]]:
    """The team's file if it exists and is valid, else the defaults; with notices."""
    notices: list[str] = []
    if override is not None and override.exists():
        try:
            return parse_checklists(_read(override), str(override)), notices
        except ChecklistError as err:
            notices.append(f"{err} The default checklists are used instead.")
        except (OSError, UnicodeDecodeError) as err:
            notices.append(
                f"The checklist file {override} cannot be read ({err}). The default checklists "
                "are used instead."
            )
    return parse_checklists(_read(default), str(default)), notices


def _read(path: Path) -> str:
    try:
        return read_limited(path, MAX_FILE_BYTES)
    except FileLimitError as err:
        raise ChecklistError(f"The checklist file {path} cannot be read: {err}.") from err


def parse_checklists(text: str, where: str = "checklists.toml") -> Checklists:
    try:
        check_nesting(text, toml=True)
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, FileLimitError) as err:
        raise ChecklistError(f"The checklist file {where} cannot be read: {err}.") from err
    except (RecursionError, MemoryError) as err:
        raise ChecklistError(
            f"The checklist file {where} cannot be read: it is nested too deeply."
        ) from err
    raw_items = data.get("item")
    if not isinstance(raw_items, list) or not raw_items:
        raise ChecklistError(f"The checklist file {where} has no [[item]] entries.")
    items = []
    for number, raw in enumerate(raw_items, start=1):
        try:
            items.append(_item(raw))
        except (KeyError, TypeError, ValueError) as err:
            detail = str(err).strip("'\"")
            raise ChecklistError(f"The checklist file {where}, item {number}: {detail}.") from err
    try:
        return Checklists(items)
    except ChecklistError as err:
        raise ChecklistError(f"The checklist file {where}: {err}.") from err


def _text(raw: Mapping[str, Any], key: str, default: str | None = None) -> str:
    value = raw.get(key, default)
    if value is None:
        raise KeyError(f"“{key}” is missing")
    if not isinstance(value, str):
        raise TypeError(f"“{key}” must be text")
    return value


def _texts(raw: Mapping[str, Any], key: str) -> tuple[str, ...]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TypeError(f"“{key}” must be a list of text")
    return tuple(value)


def _item(raw: Any) -> ChecklistItem:
    if not isinstance(raw, dict):
        raise TypeError("an item must be a table")
    known = {
        "id", "stage", "title", "help", "call_types", "platforms", "gate", "nag", "outcome",
        "copy", "choices", "fields", "section", "actions",
    }  # fmt: skip
    unknown = sorted(set(raw) - known)
    if unknown:
        raise ValueError(f"unknown key(s) {', '.join(unknown)}")
    stage_text = _text(raw, "stage")
    try:
        stage = Stage(stage_text)
    except ValueError:
        raise ValueError(f"stage “{stage_text}” must be before, start or wrap_up") from None
    choices = tuple(
        Choice(_text(c, "id"), _text(c, "label"), _text(c, "outcome", ""))
        for c in _tables(raw, "choices")
    )
    fields = tuple(
        Field(_text(f, "id"), _text(f, "label"), _texts(f, "options"))
        for f in _tables(raw, "fields")
    )
    section = _text(raw, "section", "")
    if section and section not in SUMMARY_SECTIONS:
        raise ValueError(f"section “{section}” must be one of {', '.join(SUMMARY_SECTIONS)}")
    actions = _actions(raw, bool(fields))
    for flag in ("gate", "nag"):
        if not isinstance(raw.get(flag, False), bool):
            raise TypeError(f"“{flag}” must be true or false")
    return ChecklistItem(
        id=_text(raw, "id"),
        stage=stage,
        title=_text(raw, "title"),
        help=_text(raw, "help", ""),
        call_types=_texts(raw, "call_types"),
        platforms=_texts(raw, "platforms"),
        gate=bool(raw.get("gate", False)),
        nag=bool(raw.get("nag", False)),
        outcome=_text(raw, "outcome", ""),
        copy=_text(raw, "copy", ""),
        choices=choices,
        fields=fields,
        section=section,
        actions=actions,
    )


def _actions(raw: Mapping[str, Any], has_fields: bool) -> tuple[ItemAction, ...]:
    actions = []
    for name in _texts(raw, "actions"):
        try:
            action = ItemAction(name)
        except ValueError:
            known = " or ".join(a.value for a in ItemAction)
            raise ValueError(f"action “{name}” is not known (use {known})") from None
        if action not in actions:
            actions.append(action)
    if actions and not has_fields:
        raise ValueError("“actions” post the collected fields, so the item needs [[item.fields]]")
    return tuple(actions)


def _tables(raw: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise TypeError(f"“{key}” must be a list of tables")
    return value


# -- what the items add up to ---------------------------------------------------------------------


def gate_problems(
    items: Iterable[ChecklistItem], results: Mapping[str, ItemResult]
) -> list[ChecklistItem]:
    """Gating items not ticked (an override counts: it is a recorded, deliberate skip)."""
    problems = []
    for item in items:
        if not item.gate:
            continue
        result = results.get(item.id)
        if result is None or result.state is ItemState.OPEN:
            problems.append(item)
    return problems


def due_nags(
    items: Iterable[ChecklistItem], results: Mapping[str, ItemResult], elapsed: float
) -> list[ChecklistItem]:
    """Nagging items still open and not snoozed at *elapsed* seconds into the call."""
    due = []
    for item in items:
        if not item.nag:
            continue
        result = results.get(item.id, ItemResult(item.id))
        if result.state is not ItemState.OPEN:
            continue
        if result.snoozed_until is None or elapsed >= result.snoozed_until:
            due.append(item)
    return due


def snooze(result: ItemResult, elapsed: float, minutes: int = NAG_REPEAT_MINUTES) -> ItemResult:
    return replace(result, snoozed_until=elapsed + minutes * 60)


def outcomes(items: Iterable[ChecklistItem], results: Mapping[str, ItemResult]) -> list[str]:
    """Sentences for the summary: what was done and chosen, and what was skipped and why."""
    lines = []
    for item in items:
        result = results.get(item.id)
        if result is None or result.state is ItemState.OPEN:
            continue
        if result.state is ItemState.DONE:
            choice = next((c for c in item.choices if c.id == result.choice), None)
            if choice is not None:
                lines.append(choice.outcome or f"{item.title}: {choice.label}")
            elif item.outcome:
                lines.append(item.outcome)
            values = [
                f"{f.label}: {result.values[f.id]}" for f in item.fields if result.values.get(f.id)
            ]
            if values:
                lines.append("; ".join(values))
        elif result.state is ItemState.SKIPPED:
            reason = f" ({result.reason})" if result.reason else ""
            lines.append(f"Skipped: {item.title}{reason}")
    return lines


def upgrade_facts(item: ChecklistItem, result: ItemResult) -> str:
    """The collected fields as lines, for an internal note or the organization's notes."""
    return "\n".join(
        f"{f.label}: {result.values.get(f.id, '').strip() or '–'}" for f in item.fields
    )
