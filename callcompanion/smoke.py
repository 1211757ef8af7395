"""``--smoke-test``: the whole app once, checked without acting on anyone's behalf.

It starts the app offline, checks the templates, the keyring, the HTTP stack and the window,
and writes one JSON line (:func:`smoke_report`). The smoke test never sends: no outbox attempt,
no Zendesk or Calendly request (tokens are not handed out), only its own loopback HTTP
self-check. It respects the profile's lock: when the app already runs on that profile, the
smoke test runs on a throwaway copy of it instead.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from callcompanion import __version__
from callcompanion.paths import AppPaths, resource_dir
from callcompanion.services.credentials import SERVICE_NAME, CredentialStore, KeyringStatus

if TYPE_CHECKING:
    from callcompanion.app import CallCompanion

log = logging.getLogger(__name__)


class NoTokens(CredentialStore):
    """The keyring as the app sees it, except that no token ever leaves it.

    Without a token nothing can authenticate to Zendesk or Calendly, so nothing is sent; the
    keyring's status (and ``--check-keyring``'s round trip, which uses its own throwaway
    secret) still come from the real keyring.
    """

    def get(self, user: str) -> str | None:
        return None


def throwaway_copy(paths: AppPaths) -> tuple[AppPaths, Path]:
    """A copy of *paths*' settings, templates and store in a new temporary profile.

    The store is copied with SQLite's backup API, a consistent snapshot even while the running
    app writes to it. Returns the new paths and the folder to delete afterwards.
    """
    root = Path(tempfile.mkdtemp(prefix="callcompanion-smoke-"))
    copy = AppPaths.for_profile(root / "profile")
    copy.create()
    if paths.config_dir.is_dir():
        shutil.copytree(paths.config_dir, copy.config_dir, dirs_exist_ok=True)
    if paths.store_file.exists():
        import sqlite3

        source = sqlite3.connect(paths.store_file)
        target = sqlite3.connect(copy.store_file)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
    return copy, root


def run_smoke_test(
    paths: AppPaths, started: float, output: str, check_keyring: bool, qt_args: list[str]
) -> int:
    """The whole app once, offline, on the profile or (when it is in use) a throwaway copy."""
    import faulthandler

    from PySide6.QtCore import QTimer

    from callcompanion.app import CallCompanion
    from callcompanion.bootstrap import make_qapplication
    from callcompanion.gui.crash import CrashHandler
    from callcompanion.instance import InstanceLock

    with contextlib.suppress(AttributeError, OSError, ValueError):  # no console: no trace
        faulthandler.enable(sys.stderr)
    lock = InstanceLock.acquire(paths.lock_file)
    throwaway: Path | None = None
    live_profile = paths
    if lock is None:
        from callcompanion.log import setup_logging

        paths, throwaway = throwaway_copy(paths)
        setup_logging(paths.log_file, verbose=logging.getLogger().level <= logging.DEBUG)
        log.info("the profile is in use; the smoke test runs on a copy in %s", throwaway)
        lock = InstanceLock.acquire(paths.lock_file)
    try:
        qapp = make_qapplication(qt_args)
        crash = CrashHandler(paths.log_file)
        crash.install()
        companion = CallCompanion(qapp, paths, single_instance=False, offline=True)
        report: dict[str, Any] = {}
        try:
            companion.start()

            def check_and_quit() -> None:
                report.update(smoke_report(companion, started, check_keyring=check_keyring))
                companion.quit()

            QTimer.singleShot(0, check_and_quit)
            qapp.exec()
        finally:
            companion.close()
            crash.uninstall()
        report["profile_in_use"] = throwaway is not None
        report["throwaway_profile"] = str(paths.data_dir.parent) if throwaway else None
        if throwaway is not None:
            report["notices"] = [
                *report.get("notices", []),
                f"callcompanion is running on {live_profile.data_dir}, so the smoke test ran "
                "on a throwaway copy of that profile and left the live one alone.",
            ]
        write_smoke_report(report, output)
        return 0 if report.get("ok") else 1
    finally:
        if lock is not None:
            lock.release()
        if throwaway is not None:
            shutil.rmtree(throwaway, ignore_errors=True)


def smoke_report(
    companion: CallCompanion, started: float, *, check_keyring: bool = False
) -> dict[str, Any]:
    """Check the whole app once, without waiting for a person.

    With *check_keyring*, a throwaway secret goes through the keyring and back (the check a
    frozen build needs: a missing backend module silently leaves the fail backend).
    """
    from PySide6.QtCore import qVersion
    from PySide6.QtGui import QGuiApplication

    from callcompanion.core.sample import sample_template_context
    from callcompanion.services.storage import SCHEMA_VERSION

    problems = list(companion.report.problems)
    keyring = companion.credentials_controller.keyring or companion.credentials.status()
    round_trip: str | None = None
    if check_keyring:
        round_trip = keyring_round_trip(keyring)
        if round_trip != "ok":
            problems.append(f"keyring: {round_trip}")
    templates = companion.templates
    template_names = templates.names()
    if not template_names:
        problems.append("no message templates found")
    context = sample_template_context(companion.settings.value)
    for name in template_names:
        problem = templates.check(name, context)
        if problem:
            problems.append(problem)
    window_shown = companion.window.isVisible()
    if not window_shown:
        problems.append("the main window did not show")
    network = http_self_check()
    if network != "ok":
        problems.append(f"HTTP: {network}")
    store, paths = companion.store, companion.paths
    return {
        "ok": not problems,
        "reason": "; ".join(problems) or None,
        "version": __version__,
        "qt": qVersion(),
        "platform": QGuiApplication.platformName(),
        "window_shown": window_shown,
        "tray_available": companion.tray.available,
        "keyring": {
            "backend": keyring.backend,
            "secure": keyring.secure,
            "description": keyring.description,
            "round_trip": round_trip,
        },
        "frozen": bool(getattr(sys, "frozen", False)),
        "http": network,
        "checklist_items": len(companion.checklists.checklists.items),
        "store": {
            "path": str(store.path) if store.path else None,
            "persistent": store.persistent,
            "schema": SCHEMA_VERSION,
        },
        "config_dir": str(paths.config_dir),
        "data_dir": str(paths.data_dir),
        "log_dir": str(paths.log_dir),
        "resources": _resource_dir_or_none(),
        "templates": template_names,
        "call_running": companion.controller.call is not None,
        "notices": companion.report.notices,
        "startup_ms": round((time.perf_counter() - started) * 1000, 1),
    }


def keyring_round_trip(status: KeyringStatus) -> str:
    """Store, read back and delete a throwaway secret: "ok", or what went wrong."""
    if not status.secure:
        return f"no secure backend ({status.backend})"
    import secrets

    import keyring

    user = f"smoke-test-{secrets.token_hex(4)}"
    value = secrets.token_urlsafe(16)
    try:
        keyring.set_password(SERVICE_NAME, user, value)
        try:
            read = keyring.get_password(SERVICE_NAME, user)
        finally:
            keyring.delete_password(SERVICE_NAME, user)
    except Exception as err:  # any backend failure is the answer
        return f"round trip failed: {type(err).__name__}: {err}"
    if read != value:
        return "round trip failed: the secret read back differs"
    return "ok"


def http_self_check() -> str:
    """One HTTP request through the app's client stack (httpx, TLS set-up) to a loopback socket.

    A frozen build that lacks a lazily imported part of it fails here, not at the first post.
    """
    import socket
    import threading

    import httpx

    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(5)

    def answer() -> None:
        try:
            connection, _address = server.accept()
        except OSError:
            return
        with connection:
            connection.recv(65536)
            connection.sendall(b"HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n")

    thread = threading.Thread(target=answer, daemon=True)
    thread.start()
    try:
        with httpx.Client(timeout=5) as client:  # builds the TLS context from certifi, too
            response = client.get(f"http://127.0.0.1:{server.getsockname()[1]}/smoke")
    except Exception as err:  # any failure is the answer
        return f"failed: {type(err).__name__}: {err}"
    finally:
        server.close()
        thread.join(5)
    return "ok" if response.status_code == 204 else f"unexpected status {response.status_code}"


def write_smoke_report(report: dict[str, Any], output: str) -> None:
    """One JSON line to stdout (``-``) or to the file *output*."""
    import json

    line = json.dumps(report, sort_keys=True)
    if output == "-":
        if sys.stdout is not None:  # None in a windowed build on Windows
            print(line, flush=True)  # noqa: T201
        return
    Path(output).write_text(line + "\n", encoding="utf-8")


def _resource_dir_or_none() -> str | None:
    try:
        return str(resource_dir())
    except FileNotFoundError:
        return None
