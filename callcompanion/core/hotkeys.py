"""Global shortcuts as the engineer writes them: which actions have one, and which keys.

A binding is text such as ``Ctrl+Alt+Shift+A`` (Qt's portable spelling: on macOS *Ctrl* is the
Command key and *Meta* the Control key). Only keys every desktop can grab are accepted: letters,
digits, F1–F12 and Space, with at least one of Ctrl, Alt or Meta so that typing in the meeting
app never sets one off.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum


class HotkeyAction(StrEnum):
    """What a global shortcut does."""

    ANSWER_PROMPT = "answer_prompt"
    CUSTOMER_JOINED = "customer_joined"
    NOTES = "notes"
    END_CALL = "end_call"
    MINI_TIMER = "mini_timer"

    @property
    def label(self) -> str:
        return {
            HotkeyAction.ANSWER_PROMPT: "Answer the prompt",
            HotkeyAction.CUSTOMER_JOINED: "Customer joined",
            HotkeyAction.NOTES: "Notes",
            HotkeyAction.END_CALL: "End call",
            HotkeyAction.MINI_TIMER: "Mini timer on/off",
        }[self]

    @property
    def explanation(self) -> str:
        return {
            HotkeyAction.ANSWER_PROMPT: (
                "Gives the prompt on screen its first answer (Customer joined, Start wrapping "
                "up, Wrap up, Write the follow-up); never Customer didn't show or closing the "
                "bridge."
            ),
            HotkeyAction.CUSTOMER_JOINED: "The customer is in the meeting.",
            HotkeyAction.NOTES: "Opens the call's notes.",
            HotkeyAction.END_CALL: "Press it twice within 2 seconds to end the call.",
            HotkeyAction.MINI_TIMER: "Shows or hides the small timer beside the meeting.",
        }[self]


DEFAULT_BINDINGS: dict[str, str] = {
    HotkeyAction.ANSWER_PROMPT.value: "Ctrl+Alt+Shift+A",
    HotkeyAction.CUSTOMER_JOINED.value: "Ctrl+Alt+Shift+J",
    HotkeyAction.NOTES.value: "Ctrl+Alt+Shift+N",
    HotkeyAction.END_CALL.value: "Ctrl+Alt+Shift+E",
    HotkeyAction.MINI_TIMER.value: "Ctrl+Alt+Shift+M",
}

MODIFIERS = ("Ctrl", "Alt", "Shift", "Meta")
_MODIFIER_NAMES = {
    "ctrl": "Ctrl",
    "control": "Ctrl",
    "alt": "Alt",
    "option": "Alt",
    "shift": "Shift",
    "meta": "Meta",
    "super": "Meta",
    "win": "Meta",
}
FUNCTION_KEYS = tuple(f"F{n}" for n in range(1, 13))
KEYS = (
    tuple(chr(c) for c in range(ord("A"), ord("Z") + 1))
    + tuple(str(d) for d in range(10))
    + FUNCTION_KEYS
    + ("Space",)
)


class HotkeyError(ValueError):
    """A binding that cannot be used; ``str(err)`` says why in a sentence."""


@dataclass(frozen=True)
class KeyCombo:
    """Modifiers (a subset of :data:`MODIFIERS`) and one key of :data:`KEYS`."""

    modifiers: frozenset[str]
    key: str

    def text(self) -> str:
        """``Ctrl+Alt+Shift+A``: modifiers in a fixed order, then the key."""
        return "+".join([m for m in MODIFIERS if m in self.modifiers] + [self.key])

    def __str__(self) -> str:
        return self.text()


def parse_combo(text: str) -> KeyCombo:
    """``ctrl+alt+a`` → :class:`KeyCombo`; :class:`HotkeyError` with a sentence otherwise."""
    parts = [p.strip() for p in text.replace(" ", "").split("+")]
    if not text.strip() or any(not p for p in parts):
        raise HotkeyError(f"“{text}” is not a key combination.")
    *mods, key = parts
    modifiers = set()
    for mod in mods:
        name = _MODIFIER_NAMES.get(mod.lower())
        if name is None:
            raise HotkeyError(f"“{mod}” is not Ctrl, Alt, Shift or Meta.")
        modifiers.add(name)
    key = key.upper() if len(key) == 1 else key.capitalize()
    if key not in KEYS:
        raise HotkeyError(
            f"{key} cannot be a global shortcut: use a letter, a digit, F1–F12 or Space."
        )
    if not modifiers & {"Ctrl", "Alt", "Meta"}:
        raise HotkeyError(
            f"{'+'.join([*sorted(modifiers), key])} needs Ctrl, Alt or Meta as well, "
            "or typing in the meeting would set it off."
        )
    return KeyCombo(frozenset(modifiers), key)


def normalized(bindings: Mapping[str, str]) -> dict[str, str]:
    """Every action with its binding: the defaults for missing ones, canonical spelling."""
    result = {}
    for action in HotkeyAction:
        text = bindings.get(action.value, DEFAULT_BINDINGS[action.value])
        try:
            result[action.value] = parse_combo(text).text() if text else ""
        except HotkeyError:
            result[action.value] = DEFAULT_BINDINGS[action.value]
    return result


def problems(bindings: Mapping[str, str]) -> dict[str, str]:
    """Action → a sentence for each binding that is not valid or is used twice."""
    found: dict[str, str] = {}
    seen: dict[KeyCombo, str] = {}
    for action in HotkeyAction:
        text = bindings.get(action.value, "")
        if not text:
            continue
        try:
            combo = parse_combo(text)
        except HotkeyError as err:
            found[action.value] = str(err)
            continue
        first = seen.get(combo)
        if first is not None:
            found[action.value] = f"{combo} is already used for {HotkeyAction(first).label}."
        else:
            seen[combo] = action.value
    return found


def check_bindings(value: object) -> bool:
    """The settings file's ``global_shortcuts``: a table of known actions to text."""
    return (
        isinstance(value, Mapping)
        and all(k in {a.value for a in HotkeyAction} for k in value)
        and all(isinstance(v, str) for v in value.values())
        and not problems(value)
    )
