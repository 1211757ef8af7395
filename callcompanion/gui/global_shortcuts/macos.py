"""Global shortcuts on macOS: Carbon's ``RegisterEventHotKey`` through ctypes.

Carbon hot keys need no accessibility permission. Their presses arrive as Carbon events on the
application's event target, which the Cocoa run loop under Qt dispatches; the handler installed
here reads the hot key's id and says which shortcut it was. As Qt does, *Ctrl* is the Command
key and *Meta* the Control key.
"""

from __future__ import annotations

import ctypes
from ctypes import POINTER, Structure, byref, c_int32, c_uint32, c_void_p
from typing import Any

from PySide6.QtCore import QObject

from callcompanion.core.hotkeys import KeyCombo
from callcompanion.gui.global_shortcuts.backend import TAKEN, HotkeyBackend

CARBON = "/System/Library/Frameworks/Carbon.framework/Carbon"
CMD_KEY, SHIFT_KEY, OPTION_KEY, CONTROL_KEY = 0x100, 0x200, 0x800, 0x1000
MODIFIERS = {"Ctrl": CMD_KEY, "Shift": SHIFT_KEY, "Alt": OPTION_KEY, "Meta": CONTROL_KEY}
EVENT_HOT_KEY_EXISTS = -9878
EVENT_HOT_KEY_PRESSED = 5
SIGNATURE = int.from_bytes(b"ccmp", "big")

# kVK_ANSI_* and the function keys (HIToolbox/Events.h): positions, not characters.
KEY_CODES = {
    **dict(zip("ASDFHGZXCV", (0, 1, 2, 3, 4, 5, 6, 7, 8, 9), strict=True)),
    **dict(zip("BQWERYT", (0x0B, 0x0C, 0x0D, 0x0E, 0x0F, 0x10, 0x11), strict=True)),
    **dict(zip("123465", (0x12, 0x13, 0x14, 0x15, 0x16, 0x17), strict=True)),
    **dict(zip("9780", (0x19, 0x1A, 0x1C, 0x1D), strict=True)),
    **dict(zip("OUIPLJKNM", (0x1F, 0x20, 0x22, 0x23, 0x25, 0x26, 0x28, 0x2D, 0x2E), strict=True)),
    "Space": 0x31,
    **{
        f"F{n}": code
        for n, code in enumerate(
            (0x7A, 0x78, 0x63, 0x76, 0x60, 0x61, 0x62, 0x64, 0x65, 0x6D, 0x67, 0x6F), start=1
        )
    },
}


def four_cc(text: str) -> int:
    return int.from_bytes(text.encode("ascii"), "big")


class EventHotKeyID(Structure):
    _fields_ = [("signature", c_uint32), ("id", c_uint32)]


class EventTypeSpec(Structure):
    _fields_ = [("eventClass", c_uint32), ("eventKind", c_uint32)]


_HANDLER = ctypes.CFUNCTYPE(c_int32, c_void_p, c_void_p, c_void_p)


def carbon_modifiers(combo: KeyCombo) -> int:
    mods = 0
    for name in combo.modifiers:
        mods |= MODIFIERS[name]
    return mods


class MacBackend(HotkeyBackend):
    """One Carbon hot key per shortcut, one event handler for all of them."""

    description = "Global shortcuts work in every application on this Mac."

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        carbon: Any = ctypes.CDLL(CARBON)
        carbon.GetApplicationEventTarget.restype = c_void_p
        carbon.RegisterEventHotKey.argtypes = [
            c_uint32,
            c_uint32,
            EventHotKeyID,
            c_void_p,
            c_uint32,
            POINTER(c_void_p),
        ]
        carbon.RegisterEventHotKey.restype = c_int32
        carbon.UnregisterEventHotKey.argtypes = [c_void_p]
        carbon.InstallEventHandler.argtypes = [
            c_void_p,
            _HANDLER,
            ctypes.c_size_t,
            POINTER(EventTypeSpec),
            c_void_p,
            POINTER(c_void_p),
        ]
        carbon.InstallEventHandler.restype = c_int32
        carbon.RemoveEventHandler.argtypes = [c_void_p]
        carbon.GetEventParameter.argtypes = [
            c_void_p,
            c_uint32,
            c_uint32,
            c_void_p,
            ctypes.c_size_t,
            c_void_p,
            c_void_p,
        ]
        carbon.GetEventParameter.restype = c_int32
        self._carbon = carbon
        self._refs: dict[str, tuple[int, c_void_p]] = {}
        self._next = 1
        self._callback = _HANDLER(self._on_event)  # kept: Carbon holds a pointer to it
        spec = EventTypeSpec(four_cc("keyb"), EVENT_HOT_KEY_PRESSED)
        self._handler_ref = c_void_p()
        carbon.InstallEventHandler(
            carbon.GetApplicationEventTarget(),
            self._callback,
            1,
            byref(spec),
            None,
            byref(self._handler_ref),
        )

    def grab(self, ident: str, combo: KeyCombo) -> str | None:
        self.release(ident)
        number = self._next
        self._next += 1
        ref = c_void_p()
        status = self._carbon.RegisterEventHotKey(
            KEY_CODES[combo.key],
            carbon_modifiers(combo),
            EventHotKeyID(SIGNATURE, number),
            self._carbon.GetApplicationEventTarget(),
            0,
            byref(ref),
        )
        if status == EVENT_HOT_KEY_EXISTS:
            return TAKEN.format(combo=combo)
        if status != 0:
            return f"{combo} could not be set up (macOS error {status})."
        self._refs[ident] = (number, ref)
        return None

    def release(self, ident: str) -> None:
        entry = self._refs.pop(ident, None)
        if entry is not None:
            self._carbon.UnregisterEventHotKey(entry[1])

    def release_all(self) -> None:
        for ident in list(self._refs):
            self.release(ident)

    def close(self) -> None:
        self.release_all()
        if self._handler_ref:
            self._carbon.RemoveEventHandler(self._handler_ref)
            self._handler_ref = c_void_p()

    def _on_event(self, _call: int | None, event: int | None, _data: int | None) -> int:
        hot_key = EventHotKeyID()
        status = self._carbon.GetEventParameter(
            event,
            four_cc("----"),
            four_cc("hkid"),
            None,
            ctypes.sizeof(hot_key),
            None,
            byref(hot_key),
        )
        if status == 0 and hot_key.signature == SIGNATURE:
            ident = next((i for i, (n, _r) in self._refs.items() if n == hot_key.id), None)
            if ident is not None and ident != "probe":
                self.activated.emit(ident)
                return 0
        return -9874  # eventNotHandledErr: let others see it
