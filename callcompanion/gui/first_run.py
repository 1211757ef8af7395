"""First start: a card with the three things worth setting once, and where a setting is missing.

The hint is shown where the missing setting stops something (no Zendesk: summaries cannot be
posted).

The card sits at the top of the window on a fresh profile, offers *About you*, *Zendesk* and
*Calendly*, each with *Set up…* (Settings at that tab) and *Skip*, and goes away for good once
each is set or skipped, or when *Later* is pressed. A profile that already has a name or a
Zendesk connection that can post never sees it. When the settings hold a connection that signs
in with Zendesk (the team file put it there) and nobody has signed in yet, the Zendesk step's
button is *Sign in with Zendesk* and the sign-in runs from the card, its progress shown there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from callcompanion.controllers.settings import SettingsModel
from callcompanion.core.connections import ZendeskConnection
from callcompanion.core.settings import Settings
from callcompanion.gui.palette import INFO, error_style, text_colour, warn_style
from callcompanion.gui.start_at_login import LoginTick
from callcompanion.services.autostart import Autostart, for_this_system

if TYPE_CHECKING:
    from callcompanion.controllers.sign_in import SignInController
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
        lambda s: can_post(s),
    ),
    Step(
        "calendly",
        "Calendly",
        "Single-use scheduling links for invites and no-show replies.",
        "calendlyTab",
        lambda s: bool(s.calendly_event_type),
    ),
)


def can_post(settings: Settings) -> bool:
    """A connection can post: it uses an API token, or someone has signed in with Zendesk."""
    return any(c.oauth is None or c.email for c in settings.zendesk_connections)


def to_sign_in(settings: Settings) -> ZendeskConnection | None:
    """The connection the card signs in to, or ``None`` (there is none, or one can post).

    One that signs in with Zendesk and nobody has signed in to yet, the default first.
    """
    if can_post(settings):
        return None
    waiting = [c for c in settings.zendesk_connections if c.oauth is not None and not c.email]
    for connection in waiting:
        if connection.id == settings.default_connection:
            return connection
    return waiting[0] if waiting else None


def wants_first_run(settings: Settings) -> bool:
    """A fresh profile: the card was never put away and nothing has been set up yet.

    Connections the team file added, with nobody signed in yet, do not count as set up.
    """
    return not (settings.first_run_done or settings.engineer_name or can_post(settings))


def _card_style(name: str) -> str:
    accent = text_colour(INFO).name()
    return (
        f"QFrame#{name} {{ border: 1px solid {accent}; border-left: 5px solid {accent}; "
        "border-radius: 4px; background: palette(alternate-base); }"
    )


class FirstRunCard(QFrame):
    """Welcome, and the three settings worth making now (each skippable).

    With a *sign_in* controller, a Zendesk connection waiting for its first sign-in is signed
    in from the card.

    Signals:
        setup_requested: Open Settings at a tab; carries the tab's object name.
        finished: Every step was set or skipped, or the engineer chose *Later*.
    """

    setup_requested = Signal(str)
    finished = Signal()

    def __init__(
        self,
        settings: SettingsModel,
        parent: QWidget | None = None,
        *,
        sign_in: SignInController | None = None,
        autostart: Autostart | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._sign_in = sign_in
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
            if step.key == "zendesk":
                setup.clicked.connect(self._zendesk_clicked)
            else:
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
        # The sign-in's progress and result, and the address when no browser opened.
        self.sign_in_status = QLabel("", self)
        self.sign_in_status.setWordWrap(True)
        self.sign_in_status.setAccessibleDescription("Sign-in progress")
        self.sign_in_status.setVisible(False)
        layout.addWidget(self.sign_in_status)
        address_row = QHBoxLayout()
        self.address_edit = QLineEdit(self)
        self.address_edit.setReadOnly(True)
        self.address_edit.setAccessibleName("Sign-in address to open in your browser")
        self.copy_address = QPushButton("Copy address", self)
        self.copy_address.setAccessibleName("Copy the sign-in address")
        self.copy_address.setAutoDefault(False)
        self.copy_address.clicked.connect(self._copy_address)
        address_row.addWidget(self.address_edit, 1)
        address_row.addWidget(self.copy_address)
        layout.addLayout(address_row)
        self._show_address("")
        if sign_in is not None:
            sign_in.started.connect(self._started)
            sign_in.browser_failed.connect(self._browser_failed)
            sign_in.signed_in.connect(self._signed_in)
            sign_in.failed.connect(self._failed)
        bottom = QHBoxLayout()
        self.login_tick: LoginTick | None = None  # start at login, switched at once
        if autostart is not None:
            self.login_tick = LoginTick(autostart, self)
            bottom.addWidget(self.login_tick)
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
        self._update_sign_in_button()
        if not self.pending():
            self.finish()

    # -- signing in from the card --------------------------------------------------------------

    def _zendesk_clicked(self) -> None:
        connection = to_sign_in(self._settings.value)
        if self._sign_in is None or connection is None:
            self.setup_requested.emit("zendeskTab")
        elif self._sign_in.busy:
            self._sign_in.cancel()
        elif not self._sign_in.sign_in(connection):
            self._say("Another sign-in is waiting in your browser.", error=True)

    def _update_sign_in_button(self) -> None:
        button = self.setup_buttons["zendesk"]
        connection = to_sign_in(self._settings.value)
        if self._sign_in is None or connection is None:
            button.setText("Set up…")
            button.setAccessibleName("Set up Zendesk")
        elif self._sign_in.busy:
            button.setText("Cancel sign-in")
            button.setAccessibleName("Cancel the sign-in waiting in your browser")
        else:
            button.setText("Sign in with Zendesk")
            button.setAccessibleName(f"Sign in to {connection.describe()} with Zendesk")

    def _started(self, _connection_id: str) -> None:
        self._show_address("")
        self._say("Waiting for you to sign in in your browser…")
        self._update_sign_in_button()

    def _browser_failed(self, _connection_id: str, url: str) -> None:
        self._show_address(url)
        self._say(
            "No browser opened. Copy this address into your browser to sign in; the app keeps "
            "waiting.",
            warning=True,
        )

    def _signed_in(self, connection: ZendeskConnection, me: object) -> None:
        self._show_address("")
        self._say(f"Signed in to {connection.describe()} as {connection.email}.")
        self.refresh()

    def _failed(self, _connection_id: str, text: str) -> None:
        self._show_address("")
        self._say(text, error=True)
        self._update_sign_in_button()

    def _say(self, text: str, *, error: bool = False, warning: bool = False) -> None:
        self.sign_in_status.setText(text)
        self.sign_in_status.setStyleSheet(
            error_style() if error else warn_style() if warning else ""
        )
        self.sign_in_status.setVisible(bool(text))

    def _show_address(self, url: str) -> None:
        self.address_edit.setText(url)
        self.address_edit.setCursorPosition(0)
        self.address_edit.setVisible(bool(url))
        self.copy_address.setVisible(bool(url))

    def _copy_address(self) -> None:
        QGuiApplication.clipboard().setText(self.address_edit.text())
        self._say("Address copied. Paste it into your browser to sign in; the app keeps waiting.")

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
    """Said where posting is offered while no Zendesk connection can post.

    Signals:
        setup_requested: Open Settings at the Zendesk tab.
    """

    setup_requested = Signal()
    TEXT = (
        "Summaries can't be posted yet: no Zendesk is set up. They wait in the outbox until "
        "you add one in Settings → Zendesk."
    )
    NOT_SIGNED_IN = (
        "Summaries can't be posted yet: you have not signed in to Zendesk. They wait in the "
        "outbox until you sign in in Settings → Zendesk."
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
        value = self._settings.value
        self.label.setText(self.NOT_SIGNED_IN if value.zendesk_connections else self.TEXT)
        self.setVisible(not can_post(value))


def _open_at(open_settings: OpenSettings, tab: str) -> None:
    dialog = open_settings()
    page = dialog.findChild(QWidget, tab)
    if page is not None:
        dialog.tabs.setCurrentWidget(page)


class FirstStart:
    """What the window shows for settings not made yet.

    Attributes:
        hint: On the ended page, under *Write the summary*, while no Zendesk connection can post.
        card: The first-run card at the top of the window; ``None`` once put away (or never
            shown, for a profile that is set up already).
    """

    def __init__(
        self,
        window: MainWindow,
        settings: SettingsModel,
        open_settings: OpenSettings,
        sign_in: SignInController | None = None,
        profile: Path | None = None,
    ) -> None:
        """*profile*: the ``--profile`` folder, which starting at login passes on."""
        self.hint = ZendeskHint(settings, window.endedPage)
        self.hint.setup_requested.connect(lambda: _open_at(open_settings, "zendeskTab"))
        layout = window.endedLayout
        layout.insertWidget(layout.indexOf(window.summaryButton) + 1, self.hint)
        self.card: FirstRunCard | None = None
        if wants_first_run(settings.value):
            card = FirstRunCard(
                settings, window.noticeArea, sign_in=sign_in, autostart=for_this_system(profile)
            )
            card.setup_requested.connect(lambda tab: _open_at(open_settings, tab))
            card.finished.connect(self._card_done)
            window.noticeLayout.insertWidget(0, card)
            self.card = card

    def _card_done(self) -> None:
        self.card = None
