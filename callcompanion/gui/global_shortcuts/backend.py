"""The small interface every platform's global shortcuts sit behind.

A backend grabs key combinations system-wide and says when one is pressed. It knows nothing
about calls: :class:`~callcompanion.gui.global_shortcuts.manager.GlobalShortcuts` decides what
a press does.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from callcompanion.core.hotkeys import KeyCombo

TAKEN = "{combo} is already used by another application: choose other keys."


class HotkeyBackend(QObject):
    """Grabs and releases key combinations for the whole desktop.

    Signals:
        activated: A grabbed combination was pressed (once per press, never on key repeat);
            carries the id it was grabbed under.
        failed: A grab made earlier did not hold (asynchronous desktops); carries the id and
            a sentence.
    """

    activated = Signal(str)
    failed = Signal(str, str)

    #: Said in Settings for what this desktop offers (``None``: nothing worth saying).
    description: str | None = None

    def unavailable(self) -> str | None:
        """A sentence when this desktop offers no global shortcuts, else ``None``."""
        return None

    def grab(self, ident: str, combo: KeyCombo) -> str | None:
        """Grab *combo* under *ident*; ``None`` when it is ours, else a sentence saying why not."""
        raise NotImplementedError

    def release(self, ident: str) -> None:
        """Give *ident*'s combination back (nothing when it was not grabbed)."""
        raise NotImplementedError

    def release_all(self) -> None:
        """Give every combination back (quitting, or shortcuts turned off)."""
        raise NotImplementedError

    def close(self) -> None:
        """Give every combination back and let go of the desktop (quitting; once)."""
        self.release_all()

    def probe(self, combo: KeyCombo) -> str | None:
        """Whether *combo* could be grabbed now (grabbed and given back at once)."""
        ident = "probe"
        problem = self.grab(ident, combo)
        self.release(ident)
        return problem


class UnavailableBackend(HotkeyBackend):
    """A desktop without global shortcuts: every grab answers with the same sentence."""

    def __init__(self, reason: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._reason = reason

    def unavailable(self) -> str | None:
        return self._reason

    def grab(self, ident: str, combo: KeyCombo) -> str | None:
        return self._reason

    def release(self, ident: str) -> None:
        pass

    def release_all(self) -> None:
        pass
