"""The notice that a new version is out: one calm line in the window, with its release notes.

No balloon and no dialog: it waits in the window's notice area (the update check holds it back
until no call is running) and closing it means "not this version": it is not shown again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl

from callcompanion import __version__
from callcompanion.controllers.update_check import UpdateCheck
from callcompanion.services.update_check import Release

if TYPE_CHECKING:
    from callcompanion.gui.main_window import MainWindow


def notice_text(release: Release) -> str:
    return f"callcompanion {release.version} is available (you have {__version__})."


def show_update_notice(window: MainWindow, release: Release, updates: UpdateCheck) -> None:
    """Show *release* in *window*'s notices, with *Release notes*; closing it dismisses it."""
    from callcompanion.gui.main_window import open_url

    text = notice_text(release)
    if text in window.notices():
        return
    banner = window.add_notice(text)
    notes = banner.add_button("Release notes", f"Release notes of callcompanion {release.version}")
    notes.setToolTip(release.notes_url)
    notes.clicked.connect(lambda: open_url(QUrl(release.notes_url)))
    banner.dismissed.connect(lambda: updates.dismiss(release))


def update_notice(window: MainWindow, updates: UpdateCheck) -> Callable[[Release], None]:
    """A slot for :attr:`UpdateCheck.available` showing the notice in *window*."""
    return lambda release: show_update_notice(window, release, updates)
