"""First start: a card with the three things worth setting once, and where a setting is missing.

The hint is shown where the missing setting stops something (no Zendesk: summaries cannot be
posted).

The card sits at the top of the window on a fresh profile, offers *About you*, *Zendesk* and
*Calendly*, each with *Set up…* (Settings at that tab) and *Skip*, and goes away for good once
each is set or skipped, or when *Later* is pressed. A profile that already has a name or a
Zendesk connection never sees it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from callcompanion.controllers.settings import SettingsModel
from callcompanion.core.settings import Settings
from callcompanion.gui.palette import INFO, text_colour

if TYPE_CHECKING:
    from callcompanion.gui.main_window import MainWindow
    from callcompanion.gui.settings import SettingsDialog

OpenSettings = Callable[[], "SettingsDialog"]


@dataclass(frozen=True)
class Step:
    """One thing to set: its key, what it is for, the Settings tab, and whether it is set."""

    key: str
    title: str
    why: str
    tab: str
    is_set: Callable[[Settings], bool]


STEPS = (
    Step(
        "about",
        "About you",
        "Your name, signed under messages to customers.",
        "generalTab",
        lambda s: bool(s.engineer_name.strip()),
    ),
    Step(
        "zendesk",
        "Zendesk",
        "Where summaries are posted. Until it is set up, they wait in the outbox.",
        "zendeskTab",
        lambda s: bool(s.zendesk_connections),
    ),
    Step(
        "calendly",
        "Calendly",
        "Single-use scheduling links for invites and no-show replies.",
        "calendlyTab",
        lambda s: bool(s.calendly_event_type),
    ),
)


def wants_first_run(settings: Settings) -> bool:
    """A fresh profile: the card was never put away and nothing has been set up yet."""
    return not (settings.first_run_done or settings.engineer_name or settings.zendesk_connections)


def _card_style(name: str) -> str:
    accent = text_colour(INFO).name()
    return (
        f"QFrame#{name} {{ border: 1px solid {accent}; border-left: 5px solid {accent}; "
        "border-radius: 4px; background: palette(alternate-base); }"
    )


class FirstRunCard(QFrame):
    """Welcome, and the three settings worth making now (each skippable).

    Signals:
        setup_requested: Open Settings at a tab; carries the tab's object name.
        finished: Every step was set or skipped, or the engineer chose *Later*.
    """

    setup_requested = Signal(str)
    finished = Signal()

    def __init__(self, settings: SettingsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self._skipped: set[str] = set()
        self.setObjectName("firstRunCard")
        self.setStyleSheet(_card_style("firstRunCard"))
        self.setAccessibleName("Getting started")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 8, 8)
        title = QLabel("Welcome to callcompanion", self)
        font = QFont(title.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        title.setFont(font)
        layout.addWidget(title)
        intro = QLabel("Three things to set once. Each can wait; calls work without them.", self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        grid = QGridLayout()
        grid.setColumnStretch(0, 1)
        grid.setHorizontalSpacing(6)
        self.status: dict[str, QLabel] = {}
        self.setup_buttons: dict[str, QPushButton] = {}
        self.skip_buttons: dict[str, QPushButton] = {}
        for row, step in enumerate(STEPS):
            text = QLabel(f"<b>{step.title}</b>: {step.why}", self)
            text.setWordWrap(True)
            text.setAccessibleName(f"{step.title}: {step.why}")
            grid.addWidget(text, row, 0)
            setup = QPushButton("Set up…", self)
            setup.setAccessibleName(f"Set up {step.title}")
            setup.setAutoDefault(False)
            setup.clicked.connect(lambda _c=False, tab=step.tab: self.setup_requested.emit(tab))
            skip = QPushButton("Skip", self)
            skip.setAccessibleName(f"Skip {step.title} for now")
            skip.setAutoDefault(False)
            skip.clicked.connect(lambda _c=False, key=step.key: self.skip(key))
            done = QLabel("✓ Set", self)
            done.setAccessibleName(f"{step.title} is set up")
            grid.addWidget(setup, row, 1, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(skip, row, 2, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(done, row, 1, 1, 2, Qt.AlignmentFlag.AlignTop)
            self.setup_buttons[step.key] = setup
            self.skip_buttons[step.key] = skip
            self.status[step.key] = done
        layout.addLayout(grid)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        self.later_button = QPushButton("Later", self)
        self.later_button.setAccessibleName("Put the getting-started card away")
        self.later_button.setToolTip("Everything here is in Settings (Ctrl+,) whenever you want it")
        self.later_button.setAutoDefault(False)
        self.later_button.clicked.connect(self.finish)
        bottom.addWidget(self.later_button)
        layout.addLayout(bottom)
        self._finished = False
        settings.changed.connect(self.refresh)
        self.refresh()

    def pending(self) -> list[str]:
        """The steps neither set nor skipped."""
        value = self._settings.value
        return [s.key for s in STEPS if not s.is_set(value) and s.key not in self._skipped]

    def skip(self, key: str) -> None:
        self._skipped.add(key)
        self.refresh()

    def refresh(self) -> None:
        value = self._settings.value
        for step in STEPS:
            is_set = step.is_set(value)
            open_step = not is_set and step.key not in self._skipped
            self.setup_buttons[step.key].setVisible(open_step)
            self.skip_buttons[step.key].setVisible(open_step)
            self.status[step.key].setVisible(is_set)
            self.status[step.key].setText("✓ Set" if is_set else "")
            if step.key in self._skipped and not is_set:
                self.status[step.key].setText("Skipped")
                self.status[step.key].setVisible(True)
        if not self.pending():
            self.finish()

    def finish(self) -> None:
        """Put the card away for good (once: saving the setting below refreshes the card)."""
        if self._finished:
            return
        self._finished = True
        self._settings.changed.disconnect(self.refresh)
        if not self._settings.value.first_run_done:
            self._settings.update(first_run_done=True)
        self.hide()
        self.finished.emit()
        self.deleteLater()


class ZendeskHint(QFrame):
    """Said where posting is offered while no Zendesk connection exists.

    Signals:
        setup_requested: Open Settings at the Zendesk tab.
    """

    setup_requested = Signal()
    TEXT = (
        "Summaries can't be posted yet: no Zendesk is set up. They wait in the outbox until "
        "you add one in Settings → Zendesk."
    )

    def __init__(self, settings: SettingsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self.setObjectName("zendeskHint")
        self.setStyleSheet(_card_style("zendeskHint"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        self.label = QLabel(self.TEXT, self)
        self.label.setWordWrap(True)
        self.label.setAccessibleDescription("Why posting does not work yet")
        layout.addWidget(self.label)
        self.button = QPushButton("Set up Zendesk…", self)
        self.button.setAccessibleName("Set up Zendesk in Settings")
        self.button.setAutoDefault(False)
        self.button.clicked.connect(self.setup_requested)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignRight)
        settings.changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        self.setVisible(not self._settings.value.zendesk_connections)


def _open_at(open_settings: OpenSettings, tab: str) -> None:
    dialog = open_settings()
    page = dialog.findChild(QWidget, tab)
    if page is not None:
        dialog.tabs.setCurrentWidget(page)


class FirstStart:
    """What the window shows for settings not made yet.

    Attributes:
        hint: On the ended page, under *Write the summary*, while no Zendesk is set up.
        card: The first-run card at the top of the window; ``None`` once put away (or never
            shown, for a profile that is set up already).
    """

    def __init__(
        self, window: MainWindow, settings: SettingsModel, open_settings: OpenSettings
    ) -> None:
        self.hint = ZendeskHint(settings, window.endedPage)
        self.hint.setup_requested.connect(lambda: _open_at(open_settings, "zendeskTab"))
        layout = window.endedLayout
        layout.insertWidget(layout.indexOf(window.summaryButton) + 1, self.hint)
        self.card: FirstRunCard | None = None
        if wants_first_run(settings.value):
            card = FirstRunCard(settings, window.noticeArea)
            card.setup_requested.connect(lambda tab: _open_at(open_settings, tab))
            card.finished.connect(self._card_done)
            window.noticeLayout.insertWidget(0, card)
            self.card = card

    def _card_done(self) -> None:
        self.card = None
