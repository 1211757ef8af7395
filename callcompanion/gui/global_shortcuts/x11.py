"""Global shortcuts on X11: ``XGrabKey`` on the root window, through ctypes on libX11.

The grabs live on a connection of their own (not Qt's), so their key events are read here: a
:class:`QSocketNotifier` on that connection's socket drains its queue. A grab another client
already holds fails with ``BadAccess``; an error handler is installed only around the grab and
its ``XSync``, so the rest of the process keeps Xlib's default. Key repeat is told apart from a
new press (``XkbSetDetectableAutoRepeat``, and a press of a key already down is ignored), so
holding a key down counts as one press.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
from collections.abc import Callable
from ctypes import POINTER, byref, c_char_p, c_int, c_long, c_ubyte, c_uint, c_ulong, c_void_p

from PySide6.QtCore import QObject, QSocketNotifier

from callcompanion.core.hotkeys import KeyCombo
from callcompanion.gui.global_shortcuts.backend import TAKEN, HotkeyBackend

log = logging.getLogger(__name__)

KEY_PRESS, KEY_RELEASE = 2, 3
SHIFT, LOCK, CONTROL, MOD1, MOD2, MOD4 = 1, 2, 4, 8, 16, 64
MODIFIER_MASKS = {"Shift": SHIFT, "Ctrl": CONTROL, "Alt": MOD1, "Meta": MOD4}
RELEVANT = SHIFT | CONTROL | MOD1 | MOD4
# Caps Lock and Num Lock (Mod2 on every common layout) must not stop a shortcut.
IGNORED_VARIANTS = (0, LOCK, MOD2, LOCK | MOD2)
BAD_ACCESS = 10
X_GRAB_KEY = 33
XK_F1 = 0xFFBE


def keysym(key: str) -> int:
    """The X keysym of a key of :data:`callcompanion.core.hotkeys.KEYS`."""
    if key == "Space":
        return 0x20
    if key.startswith("F") and key[1:].isdigit():
        return XK_F1 + int(key[1:]) - 1
    return ord(key.lower())


def modifier_mask(combo: KeyCombo) -> int:
    mask = 0
    for name in combo.modifiers:
        mask |= MODIFIER_MASKS[name]
    return mask


class _XKeyEvent(ctypes.Structure):
    _fields_ = [
        ("type", c_int),
        ("serial", c_ulong),
        ("send_event", c_int),
        ("display", c_void_p),
        ("window", c_ulong),
        ("root", c_ulong),
        ("subwindow", c_ulong),
        ("time", c_ulong),
        ("x", c_int),
        ("y", c_int),
        ("x_root", c_int),
        ("y_root", c_int),
        ("state", c_uint),
        ("keycode", c_uint),
        ("same_screen", c_int),
    ]


class _XEvent(ctypes.Union):
    _fields_ = [("type", c_int), ("xkey", _XKeyEvent), ("pad", c_long * 24)]


class _XErrorEvent(ctypes.Structure):
    _fields_ = [
        ("type", c_int),
        ("display", c_void_p),
        ("resourceid", c_ulong),
        ("serial", c_ulong),
        ("error_code", c_ubyte),
        ("request_code", c_ubyte),
        ("minor_code", c_ubyte),
    ]


_ERROR_HANDLER = ctypes.CFUNCTYPE(c_int, c_void_p, POINTER(_XErrorEvent))


def _load_xlib() -> ctypes.CDLL:
    name = ctypes.util.find_library("X11") or "libX11.so.6"
    xlib = ctypes.CDLL(name)
    xlib.XOpenDisplay.argtypes = [c_char_p]
    xlib.XOpenDisplay.restype = c_void_p
    xlib.XCloseDisplay.argtypes = [c_void_p]
    xlib.XDefaultRootWindow.argtypes = [c_void_p]
    xlib.XDefaultRootWindow.restype = c_ulong
    xlib.XKeysymToKeycode.argtypes = [c_void_p, c_ulong]
    xlib.XKeysymToKeycode.restype = c_ubyte
    xlib.XGrabKey.argtypes = [c_void_p, c_int, c_uint, c_ulong, c_int, c_int, c_int]
    xlib.XUngrabKey.argtypes = [c_void_p, c_int, c_uint, c_ulong]
    xlib.XSync.argtypes = [c_void_p, c_int]
    xlib.XFlush.argtypes = [c_void_p]
    xlib.XPending.argtypes = [c_void_p]
    xlib.XNextEvent.argtypes = [c_void_p, POINTER(_XEvent)]
    xlib.XPeekEvent.argtypes = [c_void_p, POINTER(_XEvent)]
    xlib.XConnectionNumber.argtypes = [c_void_p]
    xlib.XSetErrorHandler.argtypes = [c_void_p]
    xlib.XSetErrorHandler.restype = c_void_p
    xlib.XkbSetDetectableAutoRepeat.argtypes = [c_void_p, c_int, POINTER(c_int)]
    return xlib


class X11Backend(HotkeyBackend):
    """Grabs on the root window of the default screen of ``$DISPLAY``."""

    description = "Global shortcuts work in every application on this X11 desktop."

    def __init__(self, display_name: bytes | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._reason: str | None = None
        self._grabs: dict[str, tuple[int, int]] = {}  # ident → (keycode, modifier mask)
        self._down: set[int] = set()
        self._errors: list[int] = []
        self._handler = _ERROR_HANDLER(self._on_error)  # kept: C holds a pointer to it
        self._display: int | None = None
        self._notifier: QSocketNotifier | None = None
        try:
            self._xlib = _load_xlib()
        except OSError as err:
            self._reason = "Global shortcuts need libX11, which was not found."
            log.warning("global shortcuts: %s", err)
            return
        display = self._xlib.XOpenDisplay(display_name)
        if not display:
            self._reason = "Global shortcuts are not available: the X display cannot be opened."
            return
        self._display = display
        self._root = self._xlib.XDefaultRootWindow(display)
        supported = c_int(0)
        self._xlib.XkbSetDetectableAutoRepeat(display, 1, byref(supported))
        fd = self._xlib.XConnectionNumber(display)
        self._notifier = QSocketNotifier(fd, QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._read_events)

    def unavailable(self) -> str | None:
        return self._reason

    def grab(self, ident: str, combo: KeyCombo) -> str | None:
        if self._display is None:
            return self._reason
        self.release(ident)
        keycode = self._xlib.XKeysymToKeycode(self._display, keysym(combo.key))
        if not keycode:
            return f"This keyboard has no {combo.key} key."
        mask = modifier_mask(combo)
        if any(grab == (keycode, mask) for grab in self._grabs.values()):
            return None  # already ours under another id (a probe of a key in use)
        errors = self._with_errors_caught(
            lambda: [
                self._xlib.XGrabKey(self._display, keycode, mask | extra, self._root, 0, 1, 1)
                for extra in IGNORED_VARIANTS
            ]
        )
        if errors:
            self._ungrab(keycode, mask)
            if BAD_ACCESS in errors:
                return TAKEN.format(combo=combo)
            return f"{combo} could not be set up (X error {errors[0]})."
        self._grabs[ident] = (keycode, mask)
        self._read_events()  # XSync may have queued events already
        return None

    def release(self, ident: str) -> None:
        grab = self._grabs.pop(ident, None)
        if grab is not None and grab not in self._grabs.values():
            self._ungrab(*grab)
            self._xlib.XFlush(self._display)

    def release_all(self) -> None:
        for ident in list(self._grabs):
            self.release(ident)

    def close(self) -> None:
        """Release every grab and the connection (quitting)."""
        if self._display is None:
            return
        self.release_all()
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None
        self._xlib.XCloseDisplay(self._display)
        self._display = None
        self._reason = "Global shortcuts were released."

    # -- internals ------------------------------------------------------------------------------

    def _ungrab(self, keycode: int, mask: int) -> None:
        self._with_errors_caught(
            lambda: [
                self._xlib.XUngrabKey(self._display, keycode, mask | extra, self._root)
                for extra in IGNORED_VARIANTS
            ]
        )

    def _with_errors_caught(self, requests: Callable[[], object]) -> list[int]:
        """Run X requests with this backend's error handler in place; their error codes."""
        self._errors = []
        previous = self._xlib.XSetErrorHandler(ctypes.cast(self._handler, c_void_p))
        try:
            requests()
            self._xlib.XSync(self._display, 0)
        finally:
            self._xlib.XSetErrorHandler(previous)
        return list(self._errors)

    def _on_error(self, _display: int, event: ctypes._Pointer[_XErrorEvent]) -> int:
        self._errors.append(int(event.contents.error_code))
        return 0

    def _read_events(self) -> None:
        if self._display is None:
            return
        event = _XEvent()
        while self._display is not None and self._xlib.XPending(self._display):
            self._xlib.XNextEvent(self._display, byref(event))
            if event.type == KEY_RELEASE:
                if self._is_repeat(event):
                    continue
                self._down.discard(event.xkey.keycode)
            elif event.type == KEY_PRESS:
                self._pressed(event.xkey.keycode, event.xkey.state & RELEVANT)

    def _is_repeat(self, release: _XEvent) -> bool:
        """Without detectable auto-repeat, a repeat is a release and a press at one moment."""
        if not self._xlib.XPending(self._display):
            return False
        following = _XEvent()
        self._xlib.XPeekEvent(self._display, byref(following))
        return bool(
            following.type == KEY_PRESS
            and following.xkey.keycode == release.xkey.keycode
            and following.xkey.time == release.xkey.time
        )

    def _pressed(self, keycode: int, mask: int) -> None:
        if keycode in self._down:
            return  # held down: key repeat
        self._down.add(keycode)
        for ident, grab in list(self._grabs.items()):
            if grab == (keycode, mask) and ident != "probe":
                self.activated.emit(ident)
                return
