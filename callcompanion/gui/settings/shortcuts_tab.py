"""The Shortcuts tab: keys that act on the call while the meeting app has the focus.

Each action has a key field and a line saying whether its keys work: free, taken by another
application, used twice, or not possible on this desktop. While a key field has the focus the
app gives its own shortcuts back, so pressing them records them instead of setting them off.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QFocusEvent, QFont, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QGridLayout,
    QKeySequenceEdit,
    QLabel,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from callcompanion.core.hotkeys import HotkeyAction, HotkeyError, parse_combo, problems
from callcompanion.core.settings import Settings
from callcompanion.gui.global_shortcuts import GlobalShortcuts
from callcompanion.gui.palette import error_style

WORKS = "Works while other applications have the focus."
NO_KEYS = "No keys: click the field and press the keys to use."


class KeyField(QKeySequenceEdit):
    """One key combination; says when it gains and loses the focus."""

    focused = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMaximumSequenceLength(1)
        self.setClearButtonEnabled(True)

    def text(self) -> str:
        return self.keySequence().toString(QKeySequence.SequenceFormat.PortableText)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.focused.emit(True)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.focused.emit(False)


class ShortcutsTab(QObject):
    """The on/off switch, a key field and a status line per action."""

    def __init__(
        self,
        dialog: QDialog,
        tabs: QTabWidget,
        shortcuts: GlobalShortcuts | None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._shortcuts = shortcuts
        self.page = QWidget()
        self.page.setObjectName("shortcutsTab")
        layout = QVBoxLayout(self.page)

        self.availability = QLabel(self.page)
        self.availability.setWordWrap(True)
        self.availability.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.availability)
        self.enabledCheck = QCheckBox("Use global shortcuts", self.page)
        self.enabledCheck.setToolTip(
            "They act on the call while Zoom, WebEx or any other application has the focus."
        )
        layout.addWidget(self.enabledCheck)

        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        grid.setHorizontalSpacing(12)
        self.fields: dict[HotkeyAction, KeyField] = {}
        self.states: dict[HotkeyAction, QLabel] = {}
        for row, action in enumerate(HotkeyAction):
            name = QLabel(action.label, self.page)
            bold = QFont(name.font())
            bold.setBold(True)
            name.setFont(bold)
            name.setToolTip(action.explanation)
            field = KeyField(self.page)
            field.setAccessibleName(f"{action.label} shortcut")
            field.setToolTip(action.explanation)
            name.setBuddy(field)
            state = QLabel(self.page)
            state.setWordWrap(True)
            state.setAccessibleName(f"{action.label} shortcut status")
            explanation = QLabel(action.explanation, self.page)
            explanation.setWordWrap(True)
            grid.addWidget(name, row * 3, 0)
            grid.addWidget(field, row * 3, 1)
            grid.addWidget(explanation, row * 3 + 1, 0, 1, 2)
            grid.addWidget(state, row * 3 + 2, 0, 1, 2)
            grid.setRowMinimumHeight(row * 3 + 2, 8)
            self.fields[action] = field
            self.states[action] = state
            field.keySequenceChanged.connect(lambda _seq: self._refresh())
            field.focused.connect(self._focused)
        layout.addLayout(grid)
        layout.addStretch(1)
        self.enabledCheck.toggled.connect(lambda _on: self._refresh())
        tabs.addTab(self.page, "Shortcuts")
        dialog.finished.connect(self._resume)

        unavailable = shortcuts.unavailable() if shortcuts is not None else None
        if unavailable is not None:
            self.availability.setText(unavailable)
            self.availability.setStyleSheet(error_style())
        else:
            description = shortcuts.description if shortcuts is not None else None
            self.availability.setText(
                (description + " " if description else "")
                + "End call needs its keys pressed twice within 2 seconds."
            )

    def load(self, settings: Settings) -> None:
        self.enabledCheck.setChecked(settings.global_shortcuts_enabled)
        for action, field in self.fields.items():
            field.setKeySequence(QKeySequence(settings.global_shortcuts.get(action.value, "")))
        self._refresh(initial=True)

    def bindings(self) -> dict[str, str]:
        return {action.value: field.text() for action, field in self.fields.items()}

    def apply(self, settings: Settings) -> Settings:
        """*settings* with this tab's keys (``ValueError`` when one is unusable or doubled)."""
        bindings = self.bindings()
        found = problems(bindings)
        if found:
            action, problem = next(iter(found.items()))
            raise ValueError(f"Shortcut for {HotkeyAction(action).label}: {problem}")
        canonical = {a: parse_combo(t).text() if t else "" for a, t in bindings.items()}
        return replace(
            settings,
            global_shortcuts_enabled=self.enabledCheck.isChecked(),
            global_shortcuts=canonical,
        )

    # -- status lines ----------------------------------------------------------------------------

    def _refresh(self, *, initial: bool = False) -> None:
        enabled = self.enabledCheck.isChecked()
        unavailable = self._shortcuts.unavailable() if self._shortcuts is not None else None
        bindings = self.bindings()
        doubled = problems(bindings)
        for action, field in self.fields.items():
            field.setEnabled(enabled)
            text = bindings[action.value]
            problem: str | None
            if not enabled:
                problem, plain = None, "Turned off."
            elif unavailable is not None:
                problem, plain = None, "Not available on this desktop."
            elif not text:
                problem, plain = None, NO_KEYS
            elif action.value in doubled:
                problem, plain = doubled[action.value], ""
            else:
                problem, plain = self._check(action, text, initial=initial), WORKS
            label = self.states[action]
            label.setText(problem or plain)
            label.setStyleSheet(error_style() if problem else "")

    def _check(self, action: HotkeyAction, text: str, *, initial: bool) -> str | None:
        if self._shortcuts is None:
            try:
                parse_combo(text)
            except HotkeyError as err:
                return str(err)
            return None
        if initial:
            return self._shortcuts.problem(action)
        return self._shortcuts.check(action, text)

    def _focused(self, focused: bool) -> None:
        if self._shortcuts is None:
            return
        if focused:
            self._shortcuts.pause()
        else:
            self._shortcuts.resume()

    def _resume(self) -> None:
        if self._shortcuts is not None:
            self._shortcuts.resume()
