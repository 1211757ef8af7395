"""GUI fixtures: the whole app built by its composition root, on a fake clock."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import keyring
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from callcompanion.app import CallCompanion
from callcompanion.core.call import Answer, PromptKind
from callcompanion.core.connections import ZendeskConnection, make_connection
from callcompanion.core.settings import Settings
from callcompanion.gui.main_window.banners import PromptBanner
from callcompanion.paths import AppPaths
from callcompanion.services import zendesk as zendesk_service
from callcompanion.services.settings_file import save_settings
from tests.fakes.calendly_server import FakeCalendly
from tests.fakes.clock import FakeClock
from tests.fakes.zendesk_server import EMAIL, TOKEN, FakeZendesk

FAST_TIMEOUT = httpx.Timeout(connect=2.0, read=0.5, write=2.0, pool=2.0)

MakeCompanion = Callable[..., CallCompanion]


@pytest.fixture
def make_companion(
    qapp: QApplication, profile: AppPaths, clock: FakeClock
) -> Iterator[MakeCompanion]:
    created: list[CallCompanion] = []

    def make(**kwargs: Any) -> CallCompanion:
        kwargs.setdefault("clock", clock)
        kwargs.setdefault("single_instance", False)
        companion = CallCompanion(qapp, kwargs.pop("paths", profile), **kwargs)
        companion.start()
        created.append(companion)
        return companion

    yield make
    for companion in created:
        companion.close()


@pytest.fixture
def companion(make_companion: MakeCompanion) -> CallCompanion:
    return make_companion()


@dataclass
class ZendeskSetup:
    """The app with a connection to a loopback Zendesk (token in the test keyring)."""

    companion: CallCompanion
    zendesk: FakeZendesk
    connection: ZendeskConnection
    clock: FakeClock


@pytest.fixture
def fake_zendesk() -> Iterator[FakeZendesk]:
    with FakeZendesk() as server:
        server.add_ticket(12345, subject="Upgrade to 17.3 fails")
        yield server


def connect_to(
    zendesk: FakeZendesk,
    profile: AppPaths,
    monkeypatch: pytest.MonkeyPatch,
    **settings: Any,
) -> ZendeskConnection:
    """Write a profile whose settings connect to *zendesk* (token in the test keyring)."""
    monkeypatch.setattr(zendesk_service, "DEFAULT_TIMEOUT", FAST_TIMEOUT)
    connection = make_connection(id="abcd1234", label="Test", address=zendesk.url, email=EMAIL)
    save_settings(
        profile.settings_file,
        Settings(
            engineer_name="Ana Example",
            zendesk_connections=(connection,),
            default_connection=connection.id,
            **settings,
        ),
    )
    keyring.set_password("callcompanion", connection.keyring_user, TOKEN)
    return connection


@pytest.fixture
def zendesk_app(
    make_companion: MakeCompanion,
    fake_zendesk: FakeZendesk,
    profile: AppPaths,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> ZendeskSetup:
    connection = connect_to(fake_zendesk, profile, monkeypatch, summary_status="pending")
    return ZendeskSetup(make_companion(), fake_zendesk, connection, clock)


def banner(companion: CallCompanion, kind: PromptKind) -> PromptBanner:
    """The window's banner for the due prompt of *kind* (exactly one)."""
    (found,) = [b for b in companion.window.prompt_banners() if b.prompt.kind is kind]
    return found


def click_answer(qtbot: QtBot, companion: CallCompanion, kind: PromptKind, answer: Answer) -> None:
    qtbot.mouseClick(banner(companion, kind).buttons[answer], Qt.MouseButton.LeftButton)


@pytest.fixture
def fake_calendly() -> Iterator[FakeCalendly]:
    with FakeCalendly() as server:
        yield server


def settle(qtbot: QtBot, companion: CallCompanion) -> None:
    """Let the outbox finish what is due now."""
    qtbot.waitUntil(lambda: not companion.outbox.busy, timeout=10_000)
    QApplication.processEvents()
    qtbot.waitUntil(lambda: not companion.outbox.busy, timeout=10_000)


def menu_texts(companion: CallCompanion) -> list[str]:
    """The tray menu as it reads when it opens (the menu is rebuilt on aboutToShow)."""
    companion.tray.menu.aboutToShow.emit()
    return [action.text() for action in companion.tray.menu.actions() if not action.isSeparator()]


@pytest.fixture
def confirm_posting_without_notes(monkeypatch: pytest.MonkeyPatch) -> None:
    """The engineer says yes when asked to post a reply with none of their notes in it.

    For tests that post the reply exactly as the template fills it from empty notes.
    """
    from PySide6.QtWidgets import QMessageBox

    from callcompanion.gui.summary_editor import WITHOUT_NOTES_TITLE

    original = QMessageBox.question

    def answer(parent: object, title: str, *args: Any, **kwargs: Any) -> object:
        if title == WITHOUT_NOTES_TITLE:
            return QMessageBox.StandardButton.Yes
        return original(parent, title, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(QMessageBox, "question", answer)
