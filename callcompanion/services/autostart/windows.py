r"""Windows: the per-user Run value ``callcompanion`` (no administrator rights needed).

The installer's *Start callcompanion when I sign in* task writes the same value (``"…\
callcompanion.exe" --tray``). Task Manager's Startup apps page can turn an entry off without
removing it: it keeps a flag under ``StartupApproved\Run``, which counts as off here; turning
start at login on in the app clears that flag. A value that starts another copy (another
profile, a moved install) counts as off too, and ticking the box writes this copy's.

The registry is reached through :class:`Registry` (``winreg`` on Windows, a dictionary in
tests), so this module is tested on any system.
"""

from __future__ import annotations

import importlib
import subprocess
from typing import Any, Protocol

from callcompanion.services.autostart import AutostartError

VALUE_NAME = "callcompanion"
RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
APPROVED_KEY = r"Software\Microsoft\Windows\CurrentVersion\Explorer\StartupApproved\Run"


class Registry(Protocol):
    """Values under ``HKEY_CURRENT_USER``; errors are ``OSError``."""

    def read(self, key: str, name: str) -> str | bytes | None:
        """The value, or ``None`` when the key or value does not exist."""
        ...

    def write_string(self, key: str, name: str, value: str) -> None: ...

    def delete(self, key: str, name: str) -> None:
        """Remove the value; nothing happens when it does not exist."""
        ...


def _winreg() -> Any:
    # Looked up at run time: the module exists on Windows only (and type checks run elsewhere).
    return importlib.import_module("winreg")


class WinRegistry:
    """:class:`Registry` on ``winreg`` (Windows only)."""

    def read(self, key: str, name: str) -> str | bytes | None:
        winreg = _winreg()
        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, key) as handle:
                value, _kind = winreg.QueryValueEx(handle, name)
        except FileNotFoundError:
            return None
        return value if isinstance(value, str | bytes) else str(value)

    def write_string(self, key: str, name: str, value: str) -> None:
        winreg = _winreg()
        with winreg.CreateKey(winreg.HKEY_CURRENT_USER, key) as handle:
            winreg.SetValueEx(handle, name, 0, winreg.REG_SZ, value)

    def delete(self, key: str, name: str) -> None:
        winreg = _winreg()
        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, key, 0, winreg.KEY_SET_VALUE) as handle:
                winreg.DeleteValue(handle, name)
        except FileNotFoundError:
            return


def run_value(command: list[str]) -> str:
    """*command* as the Run value: the program always in quotes, as the installer writes it."""
    program, *args = command
    rest = subprocess.list2cmdline(args)
    return f'"{program}"' + (f" {rest}" if rest else "")


def _same_command(stored: str, wanted: str) -> bool:
    """Whether the Run value *stored* is *wanted*: Windows paths are not case sensitive."""
    return " ".join(stored.split()).casefold() == " ".join(wanted.split()).casefold()


class WindowsAutostart:
    r"""The ``callcompanion`` value under ``HKCU\…\Run`` (*registry*: winreg by default)."""

    def __init__(self, command: list[str], registry: Registry | None = None) -> None:
        self.command = command
        self.registry: Registry = registry if registry is not None else WinRegistry()

    def enabled(self) -> bool:
        try:
            value = self.registry.read(RUN_KEY, VALUE_NAME)
            if not isinstance(value, str) or not _same_command(value, run_value(self.command)):
                return False
            approved = self.registry.read(APPROVED_KEY, VALUE_NAME)
        except OSError:
            return False
        # Task Manager writes 12 bytes: an even first byte is "enabled", an odd one "disabled".
        return not (isinstance(approved, bytes) and approved and approved[0] % 2 == 1)

    def enable(self) -> None:
        try:
            self.registry.write_string(RUN_KEY, VALUE_NAME, run_value(self.command))
            self.registry.delete(APPROVED_KEY, VALUE_NAME)
        except OSError as err:
            raise AutostartError(
                f"callcompanion cannot be set to start when you sign in: the registry refused "
                f"({err.strerror or err})."
            ) from err

    def disable(self) -> None:
        try:
            self.registry.delete(RUN_KEY, VALUE_NAME)
            self.registry.delete(APPROVED_KEY, VALUE_NAME)
        except OSError as err:
            raise AutostartError(
                f"callcompanion still starts when you sign in: the registry refused "
                f"({err.strerror or err})."
            ) from err

    def describe(self) -> str:
        return "Task Manager → Startup apps"
