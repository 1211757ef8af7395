#!/usr/bin/env python3
"""Render the README screenshot and one PNG per window state, offscreen, on a fake clock.

    python .ci/screenshots.py [OUTPUT_DIR]     # default: docs/

Writes docs/screenshot.png (the window in a call with the tray icons of each state beside it)
and, under OUTPUT_DIR/states/, the window at each step of a call, for reviewing changes.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("XDG_RUNTIME_DIR", tempfile.mkdtemp(prefix="xdg-runtime-"))
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QPoint, QRect, Qt  # noqa: E402
from PySide6.QtGui import QColor, QFont, QPainter, QPixmap  # noqa: E402
from PySide6.QtWidgets import QApplication, QDialog  # noqa: E402

from callcompanion.app import NO_TRAY_NOTICE, CallCompanion, make_qapplication  # noqa: E402
from callcompanion.core.call import Answer, CallState, Platform  # noqa: E402
from callcompanion.core.messages import MessageKind  # noqa: E402
from callcompanion.core.ticket import TicketRef  # noqa: E402
from callcompanion.gui.tray_icon import IconFace, render_face  # noqa: E402
from callcompanion.paths import AppPaths  # noqa: E402


class ScriptClock:
    def __init__(self) -> None:
        self.mono = 1000.0
        self.wall = datetime(2026, 11, 27, 14, 0, tzinfo=UTC)

    def monotonic(self) -> float:
        return self.mono

    def now(self) -> datetime:
        return self.wall

    def advance(self, seconds: float) -> None:
        self.mono += seconds
        self.wall += timedelta(seconds=seconds)


def tray_strip() -> QPixmap:
    faces = [
        ("waiting", IconFace(CallState.WAITING, "4")),
        ("in progress", IconFace(CallState.IN_PROGRESS, "23")),
        ("wrap-up", IconFace(CallState.WRAP_UP, "52")),
        ("overtime", IconFace(CallState.OVERTIME, "63")),
    ]
    strip = QPixmap(150, 40 + 44 * len(faces))
    strip.fill(QColor("#f3f4f6"))
    painter = QPainter(strip)
    font = QFont()
    font.setPointSize(9)
    painter.setFont(font)
    painter.drawText(QRect(0, 8, 150, 20), Qt.AlignmentFlag.AlignCenter, "Tray icon")
    for index, (label, face) in enumerate(faces):
        y = 40 + index * 44
        painter.fillRect(QRect(12, y, 30, 30), QColor("#1f2937"))  # a dark panel
        painter.drawPixmap(QPoint(16, y + 4), render_face(face, 22))
        painter.drawText(QRect(52, y, 98, 30), Qt.AlignmentFlag.AlignVCenter, label)
    painter.end()
    return strip


def dismiss_dialogs(qapp: QApplication) -> None:
    """Close what opens when a call ends (the summary editor, follow-up messages)."""
    qapp.processEvents()
    for widget in qapp.topLevelWidgets():
        if isinstance(widget, QDialog) and widget.isVisible():
            widget.reject()
    qapp.processEvents()


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs"
    states = out / "states"
    states.mkdir(parents=True, exist_ok=True)
    qapp = make_qapplication([])
    clock = ScriptClock()
    with tempfile.TemporaryDirectory() as tmp:
        paths = AppPaths.for_profile(Path(tmp))
        paths.create()
        app = CallCompanion(qapp, paths, clock=clock, single_instance=False)
        app.start()
        app.window.remove_notice(NO_TRAY_NOTICE)  # this machine has no tray; users' do
        window = app.window
        window.resize(440, 600)

        def shot(name: str) -> QPixmap:
            app.controller.tick_now()
            for _ in range(3):  # layout requests cascade through the scroll area
                qapp.processEvents()
            pixmap = window.grab()
            pixmap.save(str(states / f"{name}.png"))
            return pixmap

        shot("1-new-call")
        window.ticketEdit.setText("https://example.zendesk.com/agent/tickets/12345")
        window.typeCombo.setCurrentIndex(window.typeCombo.findData("troubleshooting"))
        window.start_call()
        shot("2-waiting")
        clock.advance(600)
        shot("3-no-show-prompt")
        app.controller.mark_joined()
        clock.advance(31 * 60 + 12)
        shot("4-in-progress")
        clock.advance(9 * 60)
        readme = shot("5-wrap-up-prompt")
        prompt = app.controller.due_prompts()[0]
        app.controller.answer(prompt.key, Answer.START_WRAP_UP)
        clock.advance(12 * 60)
        shot("6-overtime")
        app.controller.end_call()
        shot("7-ended")
        app.controller.start_call(
            TicketRef(23456),
            app.settings.value.call_types().get("discovery"),
            Platform.WEBEX,
        )
        clock.advance(600)
        app.controller.answer(app.controller.due_prompts()[0].key, Answer.CUSTOMER_NO_SHOW)
        shot("8-no-show-follow-up")

        dismiss_dialogs(qapp)
        window.new_call()

        # Before an upgrade call: the backup gate refuses Start until it is ticked.
        window.ticketEdit.setText("34567")
        window.typeCombo.setCurrentIndex(window.typeCombo.findData("upgrade_assistance"))
        window.start_call()
        shot("9-upgrade-gate")

        # A WebEx call: the room-lock reminder stays until it is ticked.
        app.settings.update(scheduling_link="https://calendly.com/ana-example/support")
        window.typeCombo.setCurrentIndex(window.typeCombo.findData("troubleshooting"))
        window.webexRadio.setChecked(True)
        window.start_call()
        clock.advance(75)
        shot("10-webex-room-lock")
        app.controller.end_call()
        dismiss_dialogs(qapp)
        window.new_call()

        message = app.messages.open_message(MessageKind.INVITE, TicketRef(34567))
        for _ in range(50):
            qapp.processEvents()
            if message.link.url:
                break
            time.sleep(0.02)
        message.resize(560, 520)
        qapp.processEvents()
        message.grab().save(str(states / "11-invite-message.png"))
        message.reject()

        settings = app.open_settings()
        settings.tabs.setCurrentWidget(settings.calendlyTab)
        settings.resize(560, 480)
        qapp.processEvents()
        settings.grab().save(str(states / "12-settings-calendly.png"))
        settings.reject()

        strip = tray_strip()
        combined = QPixmap(
            readme.width() + strip.width() + 16, max(readme.height(), strip.height())
        )
        combined.fill(QColor("#f3f4f6"))
        painter = QPainter(combined)
        painter.drawPixmap(0, 0, readme)
        painter.drawPixmap(readme.width() + 16, 0, strip)
        painter.end()
        combined.save(str(out / "screenshot.png"))
        app.close()
    print(f"wrote {out / 'screenshot.png'} and {states}/*.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
