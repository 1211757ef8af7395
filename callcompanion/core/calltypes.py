"""Call types: the presets an engineer picks before a call (docs/workflow.md).

Planned lengths are editable settings; the defaults below come from the handbook workflow.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace

PLANNED_MINUTES_MIN = 5
PLANNED_MINUTES_MAX = 480
WRAPUP_LEAD_MIN = 5
WRAPUP_LEAD_MAX = 15
DEFAULT_WRAPUP_LEAD_MINUTES = 10


@dataclass(frozen=True)
class CallType:
    """A call preset.

    Attributes:
        key: Stable identifier, stored with each call.
        name: What the engineer sees.
        planned_minutes: The planned length, or ``None`` for an open-ended call.
        wrapup_lead_minutes: Minutes before the planned end to start wrapping up, or ``None`` to use
            the app-wide setting.
        no_show_check: Whether the 10-minute no-show prompt applies.
        purpose: One line on what the call is for, shown as help text.
        hint: How the workflow wants the call run (shown before it); :meth:`guidance` adds
            what follows from the timers below.
        response_minutes: Response timers counted from the start while the customer has not
            joined (Emergency: follow up at the first, close the bridge at the last).
        continue_at_discretion: The call is meant to be short: going past the planned length is
            the engineer's call (Discovery), which the time's-up prompt says.
    """

    key: str
    name: str
    planned_minutes: int | None
    wrapup_lead_minutes: int | None = None
    no_show_check: bool = True
    purpose: str = ""
    hint: str = ""
    response_minutes: tuple[int, ...] = ()
    continue_at_discretion: bool = False

    @property
    def open_ended(self) -> bool:
        return self.planned_minutes is None

    def effective_wrapup_lead(self, default_minutes: int) -> int | None:
        """Minutes of wrap-up lead for this type, never more than half the planned length."""
        if self.planned_minutes is None:
            return None
        lead = self.wrapup_lead_minutes if self.wrapup_lead_minutes is not None else default_minutes
        return max(1, min(lead, self.planned_minutes // 2))

    def describe_length(self) -> str:
        return "open-ended" if self.planned_minutes is None else f"{self.planned_minutes} min"

    def guidance(self) -> str:
        """How the workflow wants the call run, from its hint and its timers (shown before it)."""
        lines = [self.hint] if self.hint else []
        if self.continue_at_discretion and self.planned_minutes is not None:
            lines.append(
                f"Continue past {minutes_phrase(self.planned_minutes)} only at your discretion: "
                "if a fix is close or more information is needed."
            )
        if self.response_minutes:
            first, *rest = self.response_minutes
            text = f"No response after {minutes_phrase(first)}: follow up."
            if rest:
                text += (
                    f" After {rest[-1]}: close the bridge and set the ticket's priority to High."
                )
            lines.append(text)
        return "\n".join(lines)


def minutes_phrase(minutes: int) -> str:
    """``1 minute``, ``15 minutes``: a number of minutes inside a sentence."""
    return f"{minutes} minute{'' if minutes == 1 else 's'}"


DEFAULT_CALL_TYPES: tuple[CallType, ...] = (
    CallType(
        "discovery",
        "Discovery",
        15,
        # The default 10-minute lead, capped at half the call, would start wrap-up at minute 8;
        # a Discovery call winds down in its last 5 minutes.
        wrapup_lead_minutes=5,
        purpose="Learn just enough to continue asynchronously.",
        continue_at_discretion=True,
    ),
    CallType(
        "troubleshooting",
        "Troubleshooting",
        60,
        purpose="Work through prepared steps live with the customer.",
    ),
    CallType(
        "reset_review",
        "Reset & Review",
        30,
        purpose="Review a long-running ticket and agree on next steps.",
    ),
    CallType(
        "upgrade_assistance",
        "Upgrade Assistance",
        30,
        purpose="Final review of the customer's upgrade and rollback plans.",
    ),
    CallType(
        "installation",
        "Installation/intake",
        60,
        purpose="Guide the customer through an install or upgrade.",
    ),
    CallType(
        "emergency",
        "Emergency",
        None,
        # Emergencies follow their own 15 + 15 minute response timers instead of a no-show check.
        no_show_check=False,
        purpose="Work on a customer emergency over a bridge.",
        response_minutes=(15, 30),
    ),
    CallType(
        "unscheduled",
        "Unscheduled",
        20,
        wrapup_lead_minutes=5,
        purpose="A quick call to get information faster than by email.",
        hint="Keep it short: 5–20 minutes.",
    ),
)


def preset(key: str) -> CallType | None:
    """The built-in call type *key* (edits apply only to lengths), ``None`` if there is none."""
    return next((call_type for call_type in DEFAULT_CALL_TYPES if call_type.key == key), None)


class CallTypeError(ValueError):
    """A call-type setting is out of range or unknown."""


class CallTypeCatalog:
    """The call types in display order, with the engineer's edits applied."""

    def __init__(self, types: Iterable[CallType] = DEFAULT_CALL_TYPES) -> None:
        self._types: dict[str, CallType] = {}
        for call_type in types:
            validate_call_type(call_type)
            self._types[call_type.key] = call_type

    def __iter__(self) -> Iterator[CallType]:
        return iter(self._types.values())

    def __len__(self) -> int:
        return len(self._types)

    def __contains__(self, key: object) -> bool:
        return key in self._types

    def get(self, key: str) -> CallType:
        try:
            return self._types[key]
        except KeyError:
            raise CallTypeError(f"unknown call type {key!r}") from None

    def keys(self) -> list[str]:
        return list(self._types)

    def with_overrides(self, overrides: Mapping[str, Mapping[str, object]]) -> CallTypeCatalog:
        """Apply stored edits (``{"discovery": {"planned_minutes": 20}}``) to the defaults."""
        updated = []
        for call_type in self:
            edit = overrides.get(call_type.key)
            if edit:
                call_type = apply_override(call_type, edit)
            updated.append(call_type)
        return CallTypeCatalog(updated)

    def overrides_against(self, base: CallTypeCatalog) -> dict[str, dict[str, int | None]]:
        """The edits that turn *base* into this catalog: what the settings file stores."""
        result: dict[str, dict[str, int | None]] = {}
        for call_type in self:
            original = base.get(call_type.key)
            edit: dict[str, int | None] = {}
            if call_type.planned_minutes != original.planned_minutes:
                edit["planned_minutes"] = call_type.planned_minutes
            if call_type.wrapup_lead_minutes != original.wrapup_lead_minutes:
                edit["wrapup_lead_minutes"] = call_type.wrapup_lead_minutes
            if edit:
                result[call_type.key] = edit
        return result


def _optional_int(value: object, field: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise CallTypeError(f"{field} must be a whole number of minutes, not {value!r}")
    return value


def apply_override(call_type: CallType, edit: Mapping[str, object]) -> CallType:
    unknown = set(edit) - {"planned_minutes", "wrapup_lead_minutes"}
    if unknown:
        raise CallTypeError(f"{call_type.name}: unknown setting(s) {', '.join(sorted(unknown))}")
    planned = call_type.planned_minutes
    if "planned_minutes" in edit:
        planned = _optional_int(edit["planned_minutes"], "planned_minutes")
        if call_type.open_ended and planned is not None:
            raise CallTypeError(f"{call_type.name} calls are open-ended")
        if not call_type.open_ended and planned is None:
            raise CallTypeError(f"{call_type.name} calls need a planned length")
    lead = call_type.wrapup_lead_minutes
    if "wrapup_lead_minutes" in edit:
        lead = _optional_int(edit["wrapup_lead_minutes"], "wrapup_lead_minutes")
    updated = replace(call_type, planned_minutes=planned, wrapup_lead_minutes=lead)
    validate_call_type(updated)
    return updated


def validate_call_type(call_type: CallType) -> None:
    planned = call_type.planned_minutes
    if planned is not None and not PLANNED_MINUTES_MIN <= planned <= PLANNED_MINUTES_MAX:
        raise CallTypeError(
            f"{call_type.name}: planned length must be {PLANNED_MINUTES_MIN}–"
            f"{PLANNED_MINUTES_MAX} minutes, not {planned}"
        )
    lead = call_type.wrapup_lead_minutes
    if lead is not None and not WRAPUP_LEAD_MIN <= lead <= WRAPUP_LEAD_MAX:
        raise CallTypeError(
            f"{call_type.name}: wrap-up lead must be {WRAPUP_LEAD_MIN}–{WRAPUP_LEAD_MAX} minutes, "
            f"not {lead}"
        )
