"""What a global shortcut does to the call, and which of them this desktop let us have."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, Signal

from callcompanion.controllers.call_actions import CallActions, Step
from callcompanion.controllers.settings import SettingsModel
from callcompanion.core.clock import Clock, SystemClock
from callcompanion.core.hotkeys import HotkeyAction, HotkeyError, parse_combo, problems
from callcompanion.gui.global_shortcuts.backend import HotkeyBackend

log = logging.getLogger(__name__)

END_CONFIRM_SECONDS = 2.0
# Two presses closer than this are one press that bounced, not a confirmation.
END_BOUNCE_SECONDS = 0.15
OFF = "Global shortcuts are turned off."


class GlobalShortcuts(QObject):
    """Grabs the engineer's global shortcuts and does what each one names.

    *Answer the prompt* gives the due prompt its default answer (never a destructive one);
    *End call* ends the call only when pressed twice within :data:`END_CONFIRM_SECONDS`. What a
    press did (or why it did nothing) is said through *notify* (the tray's balloon: title and
    sentence), since the window is usually
    behind the meeting when a shortcut is used.

    Signals:
        states_changed: Which shortcuts work changed (Settings shows it).
    """

    states_changed = Signal()

    def __init__(
        self,
        actions: CallActions,
        settings: SettingsModel,
        notify: Callable[[str, str], object],
        parent: QObject | None = None,
        *,
        backend: HotkeyBackend | None = None,
        clock: Clock | None = None,
    ) -> None:
        super().__init__(parent)
        if backend is None:
            from callcompanion.gui.global_shortcuts import desktop_backend

            backend = desktop_backend(self)
        self._backend = backend
        self._actions = actions
        self._settings = settings
        self._notify = notify
        self._clock = clock or SystemClock()
        self._applied: dict[str, str] | None = None
        self._problems: dict[str, str] = {}
        self._end_pressed_at: float | None = None
        self._paused = False
        backend.activated.connect(self._activated)
        backend.failed.connect(self._grab_failed)
        settings.changed.connect(self.apply)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop)
        self._stopped = False
        self.apply()

    # -- what Settings shows ---------------------------------------------------------------------

    @property
    def description(self) -> str | None:
        return self._backend.description

    def unavailable(self) -> str | None:
        """Why this desktop has no global shortcuts (``None``: it has them)."""
        return self._backend.unavailable()

    def problem(self, action: HotkeyAction) -> str | None:
        """Why *action*'s shortcut does not work (``None``: it works, or has no keys)."""
        if not self._settings.value.global_shortcuts_enabled:
            return None
        return self._problems.get(action.value)

    def check(self, action: HotkeyAction, text: str) -> str | None:
        """Whether *text* could be *action*'s shortcut: the keys, and whether they are free."""
        try:
            combo = parse_combo(text)
        except HotkeyError as err:
            return str(err)
        if self._applied is not None and self._applied.get(action.value) == combo.text():
            return self._problems.get(action.value)
        return self._backend.probe(combo)

    # -- grabbing --------------------------------------------------------------------------------

    def apply(self) -> None:
        """Grab what the settings name (again only when they changed)."""
        settings = self._settings.value
        wanted = dict(settings.global_shortcuts) if settings.global_shortcuts_enabled else {}
        if wanted == self._applied or self._paused or self._stopped:
            return
        self._backend.release_all()
        self._applied = wanted
        self._problems = problems(wanted)
        for action in HotkeyAction:
            text = wanted.get(action.value, "")
            if not text or action.value in self._problems:
                continue
            problem = self._backend.grab(action.value, parse_combo(text))
            if problem is not None:
                self._problems[action.value] = problem
                log.info("global shortcut %s (%s) not set up: %s", action.value, text, problem)
        self.states_changed.emit()

    def pause(self) -> None:
        """Give the keys back for a while (a key field in Settings is recording keys)."""
        self._paused = True
        self._backend.release_all()
        self._applied = None

    def resume(self) -> None:
        """Grab the keys the settings name again."""
        if self._paused:
            self._paused = False
            self.apply()

    def stop(self) -> None:
        """Give every key back (closing or quitting; once)."""
        if self._stopped:
            return
        self._stopped = True
        self._backend.close()
        self._applied = None

    def _grab_failed(self, ident: str, problem: str) -> None:
        self._problems[ident] = problem
        self.states_changed.emit()

    # -- presses ---------------------------------------------------------------------------------

    def _activated(self, ident: str) -> None:
        try:
            action = HotkeyAction(ident)
        except ValueError:
            return
        log.info("global shortcut: %s", action.value)
        self._do(action)

    def _do(self, action: HotkeyAction) -> None:
        if action is not HotkeyAction.END_CALL:
            self._end_pressed_at = None
        if action is HotkeyAction.ANSWER_PROMPT:
            self._answer()
        elif action is HotkeyAction.CUSTOMER_JOINED:
            if self._actions.trigger(f"step:{Step.CUSTOMER_JOINED.value}"):
                self._say("Customer joined: noted.")
        elif action is HotkeyAction.NOTES:
            self._actions.trigger(f"step:{Step.NOTES.value}")
        elif action is HotkeyAction.END_CALL:
            self._end_call()
        else:
            settings = self._settings
            settings.update(mini_timer_visible=not settings.value.mini_timer_visible)

    def _answer(self) -> None:
        answer = self._actions.default_answer()
        if answer is None:
            prompt = self._actions.prompt()
            self._say(
                "No prompt is waiting for an answer."
                if prompt is None
                else f"“{prompt.title}” needs you to choose: open the window or the tray menu."
            )
        elif self._actions.trigger(answer.key):
            self._say(f"Answered: {answer.label}.")

    def _end_call(self) -> None:
        if not any(step.key == f"step:{Step.END_CALL.value}" for step in self._actions.steps()):
            self._say("No call is running.")
            return
        now = self._clock.monotonic()
        first = self._end_pressed_at
        if first is not None and now - first < END_BOUNCE_SECONDS:
            return
        if first is not None and now - first <= END_CONFIRM_SECONDS:
            self._end_pressed_at = None
            self._actions.trigger(f"step:{Step.END_CALL.value}")
            return
        self._end_pressed_at = now
        keys = self._settings.value.global_shortcuts.get(HotkeyAction.END_CALL.value, "")
        within = f"{END_CONFIRM_SECONDS:g} second{'' if END_CONFIRM_SECONDS == 1 else 's'}"
        self._say(f"Press {keys} again within {within} to end the call.", "End the call?")

    def _say(self, sentence: str, title: str = "callcompanion") -> None:
        self._notify(title, sentence)
