"""How the form looks before any page is attached: the big timer, bold titles, hidden extras.

The first paint shows the form with these looks already, so attaching the pages a moment later
changes what the window says, never how it is laid out.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QLabel, QWidget

from callcompanion.gui.forms.ui_main_window import Ui_MainWindow


def style_title(label: QLabel) -> None:
    """A page's title: a little larger and bold, its ticket link opening in the browser."""
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * 1.15)
    font.setBold(True)
    label.setFont(font)
    label.setOpenExternalLinks(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)


def style_form(ui: Ui_MainWindow) -> None:
    """The looks every page keeps, and what stays hidden until it has something to say."""
    font = QFont(ui.elapsedLabel.font())
    font.setPixelSize(60)
    font.setBold(True)
    ui.elapsedLabel.setFont(font)
    # A fixed size for the widest time, so the per-second text change repaints the label and
    # nothing else (no re-layout of the window).
    metrics = QFontMetrics(font)
    ui.elapsedLabel.setFixedSize(metrics.horizontalAdvance("00:00:00") + 8, metrics.height() + 4)
    ui.callLayout.setAlignment(ui.elapsedLabel, Qt.AlignmentFlag.AlignHCenter)
    ui.callLayout.setAlignment(ui.stateLabel, Qt.AlignmentFlag.AlignHCenter)
    style_title(ui.callTitle)
    style_title(ui.endedTitle)
    ui.followUpBox.hide()
    ui.ticketError.hide()


def fit_default_size(window: QWidget) -> None:
    """The form's default size, made to fit the screen the window opens on.

    The default is tall enough for a call's standard checklist; a saved size, restored later,
    wins over this.
    """
    room = window.screen().availableGeometry()
    size = window.size()
    width = min(size.width(), room.width())
    height = min(size.height(), room.height() - 48)  # the title bar and a little air
    if (width, height) != (size.width(), size.height()):
        window.resize(max(width, window.minimumWidth()), max(height, window.minimumHeight()))
