"""Applies a macro in the real app's summary editor, for tests that kill the app afterwards.

    python -m tests.fakes.macro_driver PROFILE WORDS

Starts a call on #12345 as the window's Start button does, ends it, and in the summary editor
that opens applies the macro found by searching for WORDS, through the macro dialog as the
engineer would (search, pick the one result, OK). Prints ``{"applied": call_id, "line": …}``
once the editor shows the macro's line, then keeps running until it is killed; prints
``{"failed": …}`` when the dialog never offered the macro.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from callcompanion.app import CallCompanion, run
from callcompanion.gui.macro_dialog import MacroDialog
from callcompanion.log import setup_logging
from callcompanion.paths import AppPaths
from tests.fakes.app_driver import say

POLL_MS = 20
DIALOG_SECONDS = 20.0


def choose_in_dialog(words: str, failures: list[str]) -> None:
    """Once the macro dialog is open: search for *words*, pick the result, press OK."""
    deadline = time.monotonic() + DIALOG_SECONDS

    def dialog() -> MacroDialog | None:
        widgets = QApplication.topLevelWidgets()
        shown = [w for w in widgets if isinstance(w, MacroDialog) and w.isVisible()]
        return shown[0] if shown else None

    def opened() -> None:
        found = dialog()
        if found is None:
            if time.monotonic() > deadline:
                failures.append("the macro dialog never opened")
                return
            QTimer.singleShot(POLL_MS, opened)
            return
        QTest.keyClicks(found.search, words)
        picked(found)

    def picked(found: MacroDialog) -> None:
        if time.monotonic() > deadline:
            failures.append(f"the dialog offered no macro for {words!r}")
            found.reject()
            return
        if found.results.count() != 1:
            QTimer.singleShot(POLL_MS, lambda: picked(found))
            return
        if found.results.currentRow() != 0:
            found.results.setCurrentRow(0)
        if found.effect is None:
            QTimer.singleShot(POLL_MS, lambda: picked(found))
            return
        found.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    QTimer.singleShot(0, opened)


def main(profile: str, words: str) -> int:
    paths = AppPaths.for_profile(Path(profile))
    paths.create()
    setup_logging(paths.log_file)

    def ready(app: CallCompanion) -> None:
        app.window.ticketEdit.setText("12345")
        app.window.joinedCheck.setChecked(True)
        app.window.start_call()
        app.controller.end_call()
        ended = app.controller.last_ended
        assert ended is not None
        editor = app.summary_windows.editor(ended.id)
        assert editor is not None
        failures: list[str] = []
        choose_in_dialog(words, failures)
        editor.use_macro()  # the dialog runs modal until the steps above press OK
        if failures or not editor.macroBar.isVisible():
            say(failed=failures or ["the editor shows no macro"])
            return
        say(applied=ended.id, line=editor.macroBar.label.text())

    return run(paths, on_ready=ready)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
