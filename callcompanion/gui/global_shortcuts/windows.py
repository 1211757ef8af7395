"""Global shortcuts on Windows: ``RegisterHotKey`` through ctypes, ``WM_HOTKEY`` from Qt's loop.

Hot keys registered without a window are posted to the GUI thread's message queue; Qt hands
every message it takes from that queue to the native event filters as ``windows_generic_MSG``,
which is where they are read. ``MOD_NOREPEAT`` keeps a held key to one press.
"""

from __future__ import annotations

import ctypes
from ctypes import c_int, c_long, c_uint, c_ulong, c_void_p
from typing import Any

from PySide6.QtCore import QAbstractNativeEventFilter, QCoreApplication, QObject

from callcompanion.core.hotkeys import KeyCombo
from callcompanion.gui.global_shortcuts.backend import TAKEN, HotkeyBackend

WM_HOTKEY = 0x0312
MOD_ALT, MOD_CONTROL, MOD_SHIFT, MOD_WIN, MOD_NOREPEAT = 0x1, 0x2, 0x4, 0x8, 0x4000
MODIFIERS = {"Alt": MOD_ALT, "Ctrl": MOD_CONTROL, "Shift": MOD_SHIFT, "Meta": MOD_WIN}
ERROR_HOTKEY_ALREADY_REGISTERED = 1409
VK_SPACE, VK_F1 = 0x20, 0x70
FIRST_ID = 0xB000  # ids an application may use: 0x0000–0xBFFF


class MSG(ctypes.Structure):
    """The Win32 ``MSG`` (hwnd, message, wParam, lParam, time, pt, lPrivate)."""

    _fields_ = [
        ("hwnd", c_void_p),
        ("message", c_uint),
        ("wParam", ctypes.c_size_t),
        ("lParam", ctypes.c_ssize_t),
        ("time", c_ulong),
        ("pt_x", c_long),
        ("pt_y", c_long),
        ("lPrivate", c_ulong),
    ]


def virtual_key(key: str) -> int:
    if key == "Space":
        return VK_SPACE
    if key.startswith("F") and key[1:].isdigit():
        return VK_F1 + int(key[1:]) - 1
    return ord(key.upper())


def hotkey_modifiers(combo: KeyCombo) -> int:
    mods = MOD_NOREPEAT
    for name in combo.modifiers:
        mods |= MODIFIERS[name]
    return mods


def hotkey_id(message_address: int) -> int | None:
    """The id of a ``WM_HOTKEY`` at *message_address* (a ``MSG*``), else ``None``."""
    msg = MSG.from_address(message_address)
    return int(msg.wParam) if msg.message == WM_HOTKEY else None


class _Filter(QAbstractNativeEventFilter):
    def __init__(self, backend: WindowsBackend) -> None:
        super().__init__()
        self._backend = backend

    def nativeEventFilter(self, event_type: Any, message: int) -> object:
        if bytes(event_type) == b"windows_generic_MSG":
            number = hotkey_id(int(message))
            if number is not None:
                return self._backend.hot_key(number), 0
        return False, 0


class WindowsBackend(HotkeyBackend):
    """``RegisterHotKey(NULL, id, …)`` per shortcut; the ids are this backend's own."""

    description = "Global shortcuts work in every application on this computer."

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        win_dll: Any = getattr(ctypes, "WinDLL")  # noqa: B009 (absent from ctypes off Windows)
        self._user32 = win_dll("user32", use_last_error=True)
        self._user32.RegisterHotKey.argtypes = [c_void_p, c_int, c_uint, c_uint]
        self._user32.UnregisterHotKey.argtypes = [c_void_p, c_int]
        self._ids: dict[str, int] = {}
        self._next = FIRST_ID
        self._filter = _Filter(self)
        app = QCoreApplication.instance()
        if app is not None:
            app.installNativeEventFilter(self._filter)

    def grab(self, ident: str, combo: KeyCombo) -> str | None:
        self.release(ident)
        number = self._next
        self._next += 1
        if not self._user32.RegisterHotKey(
            None, number, hotkey_modifiers(combo), virtual_key(combo.key)
        ):
            error = getattr(ctypes, "get_last_error")()  # noqa: B009 (Windows only)
            if error == ERROR_HOTKEY_ALREADY_REGISTERED:
                return TAKEN.format(combo=combo)
            return f"{combo} could not be set up (Windows error {error})."
        self._ids[ident] = number
        return None

    def release(self, ident: str) -> None:
        number = self._ids.pop(ident, None)
        if number is not None:
            self._user32.UnregisterHotKey(None, number)

    def release_all(self) -> None:
        for ident in list(self._ids):
            self.release(ident)

    def close(self) -> None:
        self.release_all()
        app = QCoreApplication.instance()
        if app is not None:
            app.removeNativeEventFilter(self._filter)

    def hot_key(self, number: int) -> bool:
        """A ``WM_HOTKEY`` arrived; ``True`` when it is one of ours."""
        ident = next((i for i, n in self._ids.items() if n == number), None)
        if ident is None or ident == "probe":
            return False
        self.activated.emit(ident)
        return True
