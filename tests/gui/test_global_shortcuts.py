"""Global shortcuts, with a fake desktop behind the backend interface (CI is Linux).

The fake grabs like a desktop does: a combination another application holds is refused, and
"pressing" one emits what the real backends emit. The real X11 backend is tested against a
real X server in ``test_global_shortcuts_x11.py``.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QObject
from PySide6.QtGui import QKeySequence
from pytestqt.qtbot import QtBot

from callcompanion.app import CallCompanion
from callcompanion.core.call import Platform
from callcompanion.core.calltypes import CallTypeCatalog
from callcompanion.core.hotkeys import DEFAULT_BINDINGS, HotkeyAction, KeyCombo
from callcompanion.core.ticket import TicketRef
from callcompanion.gui.global_shortcuts import (
    NO_DESKTOP,
    WAYLAND,
    GlobalShortcuts,
    UnavailableBackend,
    manager,
)
from callcompanion.gui.global_shortcuts.backend import TAKEN, HotkeyBackend
from callcompanion.gui.settings import SettingsDialog
from tests.fakes.clock import FakeClock


class FakeDesktop(HotkeyBackend):
    """Grabs in a dict; *taken* are held by "another application"."""

    description = "Fake desktop."

    def __init__(self, taken: set[str] | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.taken = taken or set()
        self.grabs: dict[str, KeyCombo] = {}

    def grab(self, ident: str, combo: KeyCombo) -> str | None:
        if combo.text() in self.taken:
            return TAKEN.format(combo=combo)
        self.grabs[ident] = combo
        return None

    def release(self, ident: str) -> None:
        self.grabs.pop(ident, None)

    def release_all(self) -> None:
        self.grabs.clear()

    def press(self, text: str) -> None:
        ident = next((i for i, c in self.grabs.items() if c.text() == text), None)
        if ident is not None:
            self.activated.emit(ident)


class Said:
    def __init__(self) -> None:
        self.lines: list[tuple[str, str]] = []

    def __call__(self, title: str, text: str) -> bool:
        self.lines.append((title, text))
        return True

    @property
    def last(self) -> str:
        return self.lines[-1][1] if self.lines else ""


def shortcuts_for(
    companion: CallCompanion, desktop: FakeDesktop, clock: FakeClock, said: Said
) -> GlobalShortcuts:
    return GlobalShortcuts(
        companion.call_actions, companion.settings, said, companion, backend=desktop, clock=clock
    )


def start(companion: CallCompanion, *, joined: bool = False) -> None:
    companion.controller.start_call(
        TicketRef(12345),
        CallTypeCatalog().get("troubleshooting"),
        Platform.ZOOM,
        customer_joined=joined,
    )


KEYS = DEFAULT_BINDINGS


def test_every_action_is_grabbed_with_its_keys(companion: CallCompanion, clock: FakeClock) -> None:
    desktop = FakeDesktop()
    shortcuts_for(companion, desktop, clock, Said())
    assert {i: c.text() for i, c in desktop.grabs.items()} == KEYS


def test_answer_the_prompt_gives_its_first_answer_and_says_which(
    companion: CallCompanion, clock: FakeClock
) -> None:
    desktop, said = FakeDesktop(), Said()
    shortcuts_for(companion, desktop, clock, said)
    start(companion)
    desktop.press(KEYS["answer_prompt"])
    assert said.last == "No prompt is waiting for an answer."

    clock.advance(minutes=10)
    companion.controller.tick_now()
    assert companion.controller.due_prompts()
    desktop.press(KEYS["answer_prompt"])
    call = companion.controller.call
    assert call is not None
    assert call.customer_joined
    assert companion.controller.due_prompts() == []
    assert said.last == "Answered: Customer joined."


def test_customer_joined_notes_and_the_mini_timer(
    qtbot: QtBot, companion: CallCompanion, clock: FakeClock
) -> None:
    desktop, said = FakeDesktop(), Said()
    shortcuts_for(companion, desktop, clock, said)
    start(companion)
    desktop.press(KEYS["customer_joined"])
    call = companion.controller.call
    assert call is not None
    assert call.customer_joined
    assert said.last == "Customer joined: noted."

    with qtbot.waitSignal(companion.call_actions.notes_requested):
        desktop.press(KEYS["notes"])

    def wanted() -> bool:
        return companion.settings.value.mini_timer_visible

    assert not wanted()
    desktop.press(KEYS["mini_timer"])
    assert wanted()
    assert companion.mini_timer.widget.isVisible()
    assert companion.window.miniTimerCheck.isChecked()
    desktop.press(KEYS["mini_timer"])
    assert not companion.mini_timer.widget.isVisible()


def test_end_call_needs_the_keys_twice_within_two_seconds(
    companion: CallCompanion, clock: FakeClock
) -> None:
    desktop, said = FakeDesktop(), Said()
    shortcuts_for(companion, desktop, clock, said)
    start(companion, joined=True)

    def running() -> bool:
        return companion.controller.call is not None

    desktop.press(KEYS["end_call"])
    assert running()
    assert said.lines[-1] == (
        "End the call?",
        "Press Ctrl+Alt+Shift+E again within 2 seconds to end the call.",
    )
    clock.advance(seconds=2.5)  # too late: this press asks again
    desktop.press(KEYS["end_call"])
    assert running()
    clock.advance(seconds=0.05)  # a bounce of the same press is not a confirmation
    desktop.press(KEYS["end_call"])
    assert running()
    clock.advance(seconds=0.3)  # another shortcut in between starts over
    desktop.press(KEYS["answer_prompt"])
    desktop.press(KEYS["end_call"])
    assert running()
    clock.advance(seconds=1.5)
    desktop.press(KEYS["end_call"])
    assert not running()
    assert companion.controller.last_ended is not None

    desktop.press(KEYS["end_call"])
    assert said.last == "No call is running."


def test_the_sentence_gives_the_confirmation_time_the_shortcut_waits(
    companion: CallCompanion, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(manager, "END_CONFIRM_SECONDS", 3.0)
    desktop, said = FakeDesktop(), Said()
    shortcuts_for(companion, desktop, clock, said)
    start(companion, joined=True)
    desktop.press(KEYS["end_call"])
    assert said.last == "Press Ctrl+Alt+Shift+E again within 3 seconds to end the call."
    clock.advance(seconds=2.5)
    desktop.press(KEYS["end_call"])
    assert companion.controller.call is None, "within the 3 seconds it said"


class ClosedDesktop(FakeDesktop):
    """Counts how often the app let go of the desktop."""

    closed = 0

    def close(self) -> None:
        self.closed += 1
        super().close()


def test_quitting_closes_the_backend_once_and_every_backend_can_be_closed(
    companion: CallCompanion, clock: FakeClock
) -> None:
    desktop = ClosedDesktop()
    shortcuts = shortcuts_for(companion, desktop, clock, Said())
    assert desktop.grabs
    shortcuts.stop()
    shortcuts.stop()
    assert desktop.closed == 1
    assert desktop.grabs == {}
    UnavailableBackend(NO_DESKTOP).close()  # nothing to let go of, and no error


def test_keys_taken_by_another_application_or_doubled_are_reported(
    companion: CallCompanion, clock: FakeClock
) -> None:
    desktop = FakeDesktop(taken={"Ctrl+Alt+Shift+N"})
    shortcuts = shortcuts_for(companion, desktop, clock, Said())
    assert shortcuts.problem(HotkeyAction.NOTES) == (
        "Ctrl+Alt+Shift+N is already used by another application: choose other keys."
    )
    assert "notes" not in desktop.grabs
    assert shortcuts.problem(HotkeyAction.END_CALL) is None

    companion.settings.update(
        global_shortcuts={**KEYS, "notes": "Alt+F9", "mini_timer": "Ctrl+Alt+Shift+A"}
    )
    assert shortcuts.problem(HotkeyAction.NOTES) is None
    assert desktop.grabs["notes"].text() == "Alt+F9"
    assert shortcuts.problem(HotkeyAction.MINI_TIMER) == (
        "Ctrl+Alt+Shift+A is already used for Answer the prompt."
    )
    assert desktop.grabs["answer_prompt"].text() == "Ctrl+Alt+Shift+A"


def test_turned_off_nothing_is_grabbed_and_quitting_gives_keys_back(
    companion: CallCompanion, clock: FakeClock
) -> None:
    desktop = FakeDesktop()
    shortcuts = shortcuts_for(companion, desktop, clock, Said())
    companion.settings.update(global_shortcuts_enabled=False)
    assert desktop.grabs == {}
    companion.settings.update(global_shortcuts_enabled=True)
    assert len(desktop.grabs) == len(HotkeyAction)
    shortcuts.stop()
    assert desktop.grabs == {}


def test_settings_show_which_keys_work_and_record_new_ones(
    qtbot: QtBot, companion: CallCompanion, clock: FakeClock
) -> None:
    desktop = FakeDesktop(taken={"Ctrl+Alt+Shift+N", "Alt+F2"})
    shortcuts = shortcuts_for(companion, desktop, clock, Said())
    dialog = SettingsDialog(
        companion.settings.value,
        companion.paths,
        None,
        companion.credentials,
        companion.templates,
        {},
        companion.window,
        shortcuts=shortcuts,
    )
    qtbot.addWidget(dialog)
    dialog.show()
    tab = dialog.shortcuts
    dialog.tabs.setCurrentWidget(tab.page)
    states = {action: label.text() for action, label in tab.states.items()}
    assert states[HotkeyAction.NOTES] == (
        "Ctrl+Alt+Shift+N is already used by another application: choose other keys."
    )
    assert states[HotkeyAction.ANSWER_PROMPT] == "Works while other applications have the focus."

    # Recording keys: the app lets its own go meanwhile, so pressing them records them.
    field = tab.fields[HotkeyAction.NOTES]
    field.setFocus()
    qtbot.waitUntil(lambda: desktop.grabs == {})
    field.setKeySequence(QKeySequence("Alt+F2"))
    assert tab.states[HotkeyAction.NOTES].text().startswith("Alt+F2 is already used by another")
    field.setKeySequence(QKeySequence("Ctrl+Alt+Shift+E"))
    assert tab.states[HotkeyAction.END_CALL].text() == (
        "Ctrl+Alt+Shift+E is already used for Notes."
    )
    with pytest.raises(ValueError, match="Shortcut for End call: .* already used for Notes"):
        dialog.result_settings()
    field.setKeySequence(QKeySequence("Alt+F9"))
    assert tab.states[HotkeyAction.NOTES].text() == (
        "Works while other applications have the focus."
    )
    dialog.accept()
    companion.settings.set(dialog.result_settings())
    assert companion.settings.value.global_shortcuts["notes"] == "Alt+F9"
    qtbot.waitUntil(lambda: desktop.grabs.get("notes") == KeyCombo(frozenset({"Alt"}), "F9"))
    assert shortcuts.problem(HotkeyAction.NOTES) is None


def test_a_desktop_without_global_shortcuts_says_so_plainly(
    qtbot: QtBot, companion: CallCompanion, clock: FakeClock
) -> None:
    shortcuts = GlobalShortcuts(
        companion.call_actions,
        companion.settings,
        Said(),
        companion,
        backend=UnavailableBackend(WAYLAND),
    )
    dialog = SettingsDialog(
        companion.settings.value,
        companion.paths,
        None,
        companion.credentials,
        companion.templates,
        {},
        companion.window,
        shortcuts=shortcuts,
    )
    qtbot.addWidget(dialog)
    assert dialog.shortcuts.availability.text() == WAYLAND
    assert WAYLAND.startswith("Global shortcuts are not available on this desktop")
    assert {label.text() for label in dialog.shortcuts.states.values()} == {
        "Not available on this desktop."
    }


def test_the_app_builds_its_shortcuts_for_the_desktop_it_runs_on(
    companion: CallCompanion,
) -> None:
    # Offscreen there is no desktop to grab keys on: Settings says so instead of failing.
    assert companion.shortcuts.unavailable() == NO_DESKTOP
    dialog = companion.open_settings()
    assert "need a desktop session" in dialog.shortcuts.availability.text()
    dialog.reject()
