r"""Start callcompanion when the engineer logs in, to the tray, without a window.

One small interface, :class:`Autostart`, with a backend per system:

- Linux (and other XDG desktops): ``$XDG_CONFIG_HOME/autostart/callcompanion.desktop``
  (:mod:`.xdg`), the same entry ``packaging/linux/install.sh --autostart`` writes.
- Windows: the per-user ``HKCU\Software\Microsoft\Windows\CurrentVersion\Run`` value
  ``callcompanion`` (:mod:`.windows`), the same value the installer's start-up task writes; no
  administrator rights.
- macOS: a LaunchAgent in ``~/Library/LaunchAgents`` (:mod:`.macos`), listed in System Settings →
  General → Login Items under *Allow in the Background*.

The state lives in the system only (the file, the value): :meth:`Autostart.enabled` reads it
every time, so a change made by an installer or in the system's own settings is what the app
shows. It is on only when the entry starts this copy (:attr:`Autostart.command`): another
profile's or a moved install's entry reads as off, is left alone by :func:`switch` turning it
off, and is replaced by turning it on. Errors are :class:`AutostartError` with a sentence.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Protocol

log = logging.getLogger(__name__)

TRAY_FLAG = "--tray"


class AutostartError(Exception):
    """Starting at login could not be switched; ``str(err)`` says why, in a sentence."""


class Autostart(Protocol):
    """Start at login, for this user, of :attr:`command`."""

    command: list[str]

    def enabled(self) -> bool:
        """Whether this copy (:attr:`command`) starts when this user logs in."""
        ...

    def enable(self) -> None:
        """Start at login from now on (raises :class:`AutostartError`)."""
        ...

    def disable(self) -> None:
        """No longer start at login (raises :class:`AutostartError`)."""
        ...

    def describe(self) -> str:
        """Where the system keeps it, for the engineer ("a login item", the file's path)."""
        ...


class FileAutostart:
    """Start at login by one file of the system's (an autostart entry, a LaunchAgent).

    Subclasses set :attr:`path` and say what the file holds (:meth:`content`) and whether it
    is switched on (:meth:`enabled`); writing and removing it are the same everywhere.
    """

    path: Path
    verb = "start"  # "callcompanion cannot be set to <verb> at login"

    def content(self) -> str:
        raise NotImplementedError

    def enable(self) -> None:
        from callcompanion.services.atomic import write_atomic

        try:
            write_atomic(self.path, self.content())
        except OSError as err:
            raise AutostartError(
                f"callcompanion cannot be set to {self.verb} at login: {self.path} cannot be "
                f"written ({err.strerror or err})."
            ) from err

    def disable(self) -> None:
        try:
            self.path.unlink(missing_ok=True)
        except OSError as err:
            raise AutostartError(
                f"callcompanion still {self.verb}s at login: {self.path} cannot be removed "
                f"({err.strerror or err})."
            ) from err


def switch(autostart: Autostart, on: bool) -> None:
    """Start at login from now on, or no longer, as *on* says (raises :class:`AutostartError`).

    Nothing is written when it already is so; an entry that starts another copy is replaced
    when turning on, and left alone when turning off (it is not this copy's).
    """
    if autostart.enabled() == on:
        return
    if on:
        autostart.enable()
    else:
        autostart.disable()
    log.info("start at login %s (%s)", "on" if on else "off", autostart.describe())


def launch_command(profile: Path | None = None, *, tray: bool = True) -> list[str]:
    """The command that starts this copy of callcompanion: the built app, or this Python.

    A built app (PyInstaller) is its own executable; from source it is ``python -m
    callcompanion`` with this interpreter (``pythonw.exe`` on Windows, so no console opens at
    sign-in). *profile* (``--profile``) is passed on, and ``--tray`` starts it in the tray.
    """
    if getattr(sys, "frozen", False):
        command = [sys.executable]
    else:
        python = Path(sys.executable)
        windowless = python.with_name("pythonw.exe")
        if sys.platform == "win32" and windowless.exists():
            python = windowless
        command = [str(python), "-m", "callcompanion"]
    if profile is not None:
        command += ["--profile", str(profile)]
    if tray:
        command.append(TRAY_FLAG)
    return command


def for_this_system(profile: Path | None = None) -> Autostart:
    """The backend for the system the app runs on, starting this copy (and *profile*)."""
    command = launch_command(profile)
    if sys.platform == "win32":
        from callcompanion.services.autostart.windows import WindowsAutostart

        return WindowsAutostart(command)
    if sys.platform == "darwin":
        from callcompanion.services.autostart.macos import MacAutostart

        return MacAutostart(command, Path.home() / "Library" / "LaunchAgents")
    from callcompanion.services.autostart.xdg import XdgAutostart

    config = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return XdgAutostart(command, Path(config) / "autostart")
