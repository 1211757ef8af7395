"""Global shortcut bindings: what can be a shortcut, doubles, and how settings keep them."""

from __future__ import annotations

import pytest

from callcompanion.core.hotkeys import (
    DEFAULT_BINDINGS,
    HotkeyAction,
    HotkeyError,
    KeyCombo,
    parse_combo,
    problems,
)
from callcompanion.core.settings import Settings


def test_a_combination_is_read_in_any_spelling_and_written_one_way() -> None:
    assert parse_combo("shift+ctrl+alt+a") == KeyCombo(frozenset({"Ctrl", "Alt", "Shift"}), "A")
    assert parse_combo("Ctrl + Alt + F5").text() == "Ctrl+Alt+F5"
    assert parse_combo("Meta+space").text() == "Meta+Space"
    assert parse_combo("Super+Shift+7").text() == "Shift+Meta+7"


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("A", "needs Ctrl, Alt or Meta"),
        ("Shift+A", "needs Ctrl, Alt or Meta"),
        ("Ctrl+Alt+Delete", "cannot be a global shortcut"),
        ("Hyper+A", "is not Ctrl, Alt, Shift or Meta"),
        ("Ctrl+", "is not a key combination"),
        ("", "is not a key combination"),
    ],
)
def test_combinations_that_cannot_be_global_say_why(text: str, says: str) -> None:
    with pytest.raises(HotkeyError, match=says):
        parse_combo(text)


def test_the_same_keys_for_two_actions_is_a_problem_for_the_second() -> None:
    bindings = dict(DEFAULT_BINDINGS)
    assert problems(bindings) == {}
    bindings[HotkeyAction.END_CALL.value] = "ctrl+shift+alt+n"
    assert problems(bindings) == {
        HotkeyAction.END_CALL.value: "Ctrl+Alt+Shift+N is already used for Notes."
    }
    bindings[HotkeyAction.END_CALL.value] = ""  # no keys: not a conflict
    assert problems(bindings) == {}


def test_settings_keep_the_bindings_and_the_switch() -> None:
    settings = Settings(
        global_shortcuts_enabled=False,
        global_shortcuts={**DEFAULT_BINDINGS, "notes": "Alt+F9", "end_call": ""},
    )
    data = settings.to_dict()
    assert data["global_shortcuts"]["notes"] == "Alt+F9"
    loaded, warnings = Settings.from_dict(data)
    assert warnings == []
    assert loaded.global_shortcuts_enabled is False
    assert loaded.global_shortcuts["notes"] == "Alt+F9"
    assert loaded.global_shortcuts["end_call"] == ""
    assert loaded.global_shortcuts["answer_prompt"] == "Ctrl+Alt+Shift+A"


def test_a_file_without_an_action_gets_its_default_and_bad_tables_are_refused() -> None:
    loaded, warnings = Settings.from_dict({"global_shortcuts": {"notes": "alt+f9"}})
    assert warnings == []
    assert loaded.global_shortcuts == {**DEFAULT_BINDINGS, "notes": "Alt+F9"}

    bad_tables: list[object] = [
        {"notes": "A"},
        {"notes": "Alt+F9", "end_call": "alt+f9"},
        {"fly": "Alt+F"},
        [],
    ]
    for bad in bad_tables:
        loaded, warnings = Settings.from_dict({"global_shortcuts": bad})
        assert loaded.global_shortcuts == DEFAULT_BINDINGS
        (warning,) = warnings
        assert "global_shortcuts" in warning
