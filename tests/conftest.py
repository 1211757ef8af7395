"""Test set-up: offscreen Qt, private folders, an in-memory keyring, no real network."""

from __future__ import annotations

import os
import tempfile

# Before anything imports Qt or platformdirs: with neither a display nor a platform Qt aborts,
# and without a runtime folder platformdirs warns (and warnings fail the tests).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if not os.environ.get("XDG_RUNTIME_DIR"):
    os.environ["XDG_RUNTIME_DIR"] = tempfile.mkdtemp(prefix="xdg-runtime-")

import ipaddress
import logging
import re
import socket
import sys
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest

from callcompanion.paths import AppPaths
from tests.fakes.clock import FakeClock
from tests.fakes.memory_keyring import MemoryKeyring as MemoryKeyring  # (re-exported)
from tests.fakes.processes import app_env
from tests.fakes.zendesk_server import FakeZendesk


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if "qtbot" in fixtures or "qapp" in fixtures or "companion" in fixtures:
            item.add_marker(pytest.mark.gui)


# -- logged errors and Qt warnings fail the test ---------------------------------------------------
#
# pytest-qt fails a test on a Qt warning or critical message (qt_log_level_fail in pyproject.toml)
# seen during its set-up and its body; the hooks below add what it leaves out:
# * a `logging` record at ERROR or above, from any thread, in set-up, body or teardown fails the
#   test, unless it is marked ``@pytest.mark.expect_log_errors(reason=..., match=...)`` (only
#   records whose message matches *match* are then let through, when it is given);
# * a Qt warning during teardown (closing the app, deleting windows) fails it too, with the
#   same exceptions as pytest-qt: the qt_log_ignore list and the ``qt_log_ignore`` and
#   ``no_qt_log`` markers.
# A record is seen where it is made (the record factory), so handlers the app installs or
# removes (setup_logging replaces the root handlers) and loggers that do not propagate cannot
# hide it.

_LOGGED: list[logging.LogRecord] | None = None  # the running test's records at ERROR and above
_RESTORE_RECORDS = pytest.StashKey[Callable[[], None]]()


def _install_record_watch() -> Callable[[], None]:
    global _LOGGED
    _LOGGED = []
    previous = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        if record.levelno >= logging.ERROR and _LOGGED is not None:
            _LOGGED.append(record)
        return record

    logging.setLogRecordFactory(factory)

    def restore() -> None:
        global _LOGGED
        _LOGGED = None
        logging.setLogRecordFactory(previous)

    return restore


def _unexpected_log_errors(item: pytest.Item) -> list[logging.LogRecord]:
    """The records at ERROR and above since the last look that the test does not expect."""
    records = list(_LOGGED or ())
    if _LOGGED is not None:
        _LOGGED.clear()  # each record is reported once, in the phase it was made in
    marker = item.get_closest_marker("expect_log_errors")
    if marker is None:
        return records
    if not marker.kwargs.get("reason"):
        pytest.fail("@pytest.mark.expect_log_errors needs reason=: why the errors are expected")
    match = marker.kwargs.get("match")
    if match is None:
        return []
    return [r for r in records if re.search(match, r.getMessage()) is None]


def _fail_on_log_errors(item: pytest.Item, when: str) -> None:
    _report(_unexpected_log_errors(item), when)


def _report(records: list[logging.LogRecord], when: str) -> None:
    if records:
        lines = "\n".join(f"  {r.levelname} {r.name}: {r.getMessage()}" for r in records)
        pytest.fail(
            f"{len(records)} error(s) logged during {when}:\n{lines}\n"
            "Fix the cause, or mark the test @pytest.mark.expect_log_errors(reason=...) "
            "if it is about them.",
            pytrace=False,
        )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Generator[None, None, None]:
    item.stash[_RESTORE_RECORDS] = _install_record_watch()
    try:
        result = yield
    except BaseException:
        _unexpected_log_errors(item)  # already failing: pytest shows the captured log
        raise
    _fail_on_log_errors(item, "set-up")
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, None, None]:
    try:
        result = yield
    except BaseException:
        _unexpected_log_errors(item)  # already failing: pytest shows the captured log
        raise
    _fail_on_log_errors(item, "the test")
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item) -> Generator[None, None, None]:
    qt_messages = _QtTeardownMessages(item)
    restore = item.stash.get(_RESTORE_RECORDS, None)
    try:
        result = yield
    finally:
        qt_messages.stop()
        try:
            records = _unexpected_log_errors(item)
        finally:
            if restore is not None:
                restore()
    _report(records, "teardown")
    qt_messages.check()
    return result


class _QtTeardownMessages:
    """Qt warnings and criticals while the test's fixtures are torn down."""

    def __init__(self, item: pytest.Item) -> None:
        self.messages: list[str] = []
        self.previous: Any = None
        self.started = False
        qtcore = sys.modules.get("PySide6.QtCore")  # a test that never loaded Qt has none
        if qtcore is None or item.get_closest_marker("no_qt_log") is not None:
            return
        ignore = list(item.config.getini("qt_log_ignore"))
        marker = item.get_closest_marker("qt_log_ignore")
        if marker is not None:
            ignore += list(marker.args)
        level_marker = item.get_closest_marker("qt_log_level_fail")
        level = level_marker.args[0] if level_marker else item.config.getini("qt_log_level_fail")
        order = [
            ("DEBUG", qtcore.QtMsgType.QtDebugMsg),
            ("INFO", qtcore.QtMsgType.QtInfoMsg),
            ("WARNING", qtcore.QtMsgType.QtWarningMsg),
            ("CRITICAL", qtcore.QtMsgType.QtCriticalMsg),
            ("FATAL", qtcore.QtMsgType.QtFatalMsg),
        ]
        names = [name for name, _kind in order]
        first = names.index(level) if level in names else len(order)  # "NO": nothing fails
        failing = {kind for _name, kind in order[first:]}

        def handle(kind: Any, _context: Any, message: str) -> None:
            if kind in failing and not any(re.search(r, message) for r in ignore):
                self.messages.append(f"{kind.name}: {message}")

        self.qtcore = qtcore
        self.previous = qtcore.qInstallMessageHandler(handle)
        self.started = True

    def stop(self) -> None:
        if self.started:
            self.qtcore.qInstallMessageHandler(self.previous)
            self.started = False

    def check(self) -> None:
        if self.messages:
            pytest.fail(
                "Qt said during teardown:\n" + "\n".join(f"  {m}" for m in self.messages),
                pytrace=False,
            )


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep every test away from the real home directory."""
    for var in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        folder = tmp_path / var.lower()
        folder.mkdir()
        monkeypatch.setenv(var, str(folder))


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def no_real_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only loopback and local sockets: a test that reaches the internet fails loudly."""
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: Any) -> Any:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            host = address[0]
            try:
                loopback = ipaddress.ip_address(host).is_loopback
            except ValueError:
                loopback = host == "localhost"
            if not loopback:
                raise AssertionError(f"test tried to reach {host}: only 127.0.0.1 is allowed")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def profile(tmp_path: Path) -> AppPaths:
    paths = AppPaths.for_profile(tmp_path / "profile")
    paths.create()
    return paths


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """The environment of an app run as its own process (``tests/fakes/processes.py``)."""
    return app_env(tmp_path / "keyring.json")


@pytest.fixture
def zendesk() -> Iterator[FakeZendesk]:
    """A loopback Zendesk with ticket 12345."""
    with FakeZendesk() as server:
        server.add_ticket(12345, subject="Upgrade fails")
        yield server
