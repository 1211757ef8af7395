#!/usr/bin/env python3
"""Render the README screenshot and every page of the app, light and dark, at 100 % and 150 %.

    python .ci/screenshots.py [OUTPUT_DIR] [--scales 1,1.25,1.5]   # default: docs/, 1 and 1.5

Offscreen, on a fake clock, at the window's default size. Each scheme and scale is rendered
in a process of its own (Qt reads QT_SCALE_FACTOR once, at start) into
OUTPUT_DIR/states/<light|dark>-<percent>/: the window at each step of a call (first start,
before the call, waiting, the no-show prompt, in progress, the wrap-up prompt, wrap-up, overtime,
ended, a no-show, "Before the call" after a first call, an upgrade gate, a WebEx reminder,
History), today's calls from Calendly (none, several, from the cache) and the booking
reminder, a message, the mini timer and each Settings tab. OUTPUT_DIR/screenshot.png (the
README's) is the window in a call in progress with the wrap-up prompt up, the tray icons of
each state beside it.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("XDG_RUNTIME_DIR", tempfile.mkdtemp(prefix="xdg-runtime-"))
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SCHEMES = ("light", "dark")


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


def render(out: Path, scheme: str, readme: bool) -> None:
    """One scheme at the scale this process was started with (QT_SCALE_FACTOR)."""
    from PySide6.QtCore import QPoint, QRect, Qt
    from PySide6.QtGui import QColor, QFont, QPainter, QPixmap
    from PySide6.QtWidgets import QApplication, QDialog, QWidget

    from callcompanion.app import NO_TRAY_NOTICE, CallCompanion, make_qapplication
    from callcompanion.core.call import Answer, CallState, Platform
    from callcompanion.core.messages import MessageKind
    from callcompanion.core.ticket import TicketRef
    from callcompanion.gui.palette import follow_color_scheme
    from callcompanion.gui.tray_icon import IconFace, render_face
    from callcompanion.paths import AppPaths

    qapp = make_qapplication([])
    follow_color_scheme(qapp, Qt.ColorScheme.Dark if scheme == "dark" else Qt.ColorScheme.Light)
    background = qapp.palette().window().color()
    out.mkdir(parents=True, exist_ok=True)
    clock = ScriptClock()

    def settle() -> None:
        for _ in range(4):  # layout requests cascade through the scroll area
            qapp.processEvents()

    def save(widget: QWidget, name: str) -> QPixmap:
        settle()
        pixmap = widget.grab()
        pixmap.save(str(out / f"{name}.png"))
        return pixmap

    def dismiss_dialogs() -> None:
        """Close what opens when a call ends (the summary editor, follow-up messages)."""
        qapp.processEvents()
        for widget in qapp.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible():
                widget.reject()
        qapp.processEvents()

    def tray_strip(height: int) -> QPixmap:
        faces = [
            ("waiting", IconFace(CallState.WAITING, "4")),
            ("in progress", IconFace(CallState.IN_PROGRESS, "23")),
            ("wrap-up", IconFace(CallState.WRAP_UP, "52")),
            ("overtime", IconFace(CallState.OVERTIME, "63")),
            ("after 10 h", IconFace(CallState.OVERTIME, "9+")),
        ]
        strip = QPixmap(160, max(height, 48 + 44 * len(faces)))
        strip.fill(background)
        painter = QPainter(strip)
        font = QFont()
        font.setPointSize(9)
        painter.setFont(font)
        painter.setPen(qapp.palette().windowText().color())
        painter.drawText(
            QRect(0, 8, 160, 20), Qt.AlignmentFlag.AlignCenter, "Tray icon (22 / 16 px)"
        )
        for index, (label, face) in enumerate(faces):
            y = 40 + index * 44
            painter.fillRect(QRect(8, y, 52, 30), QColor("#1f2937"))  # a dark panel
            painter.drawPixmap(QPoint(12, y + 4), render_face(face, 22))
            painter.drawPixmap(QPoint(40, y + 7), render_face(face, 16))
            painter.drawText(QRect(68, y, 92, 30), Qt.AlignmentFlag.AlignVCenter, label)
        painter.end()
        return strip

    with tempfile.TemporaryDirectory() as tmp:
        paths = AppPaths.for_profile(Path(tmp))
        paths.create()
        app = CallCompanion(qapp, paths, clock=clock, single_instance=False)
        app.start()
        app.window.remove_notice(NO_TRAY_NOTICE)  # this machine has no tray; users' do
        window = app.window

        def shot(name: str) -> QPixmap:
            app.controller.tick_now()
            return save(window, name)

        shot("01-first-start")
        card = app.first_start.card
        if card is not None:
            card.finish()
        shot("02-new-call")
        today_shots(app, clock, lambda name: save(window, name), save)
        window.ticketEdit.setText("https://example.zendesk.com/agent/tickets/12345")
        window.typeCombo.setCurrentIndex(window.typeCombo.findData("troubleshooting"))
        window.start_call()
        for text in window.notices():  # no Zendesk in this profile: said once, not in every shot
            window.remove_notice(text)
        shot("03-waiting")
        clock.advance(600)
        shot("04-no-show-prompt")
        app.controller.mark_joined()
        clock.advance(31 * 60 + 12)
        shot("05-in-progress")
        clock.advance(9 * 60)
        readme_shot = shot("06-wrap-up-prompt")
        prompt = app.controller.due_prompts()[0]
        app.controller.answer(prompt.key, Answer.START_WRAP_UP)
        clock.advance(30)
        shot("07-wrap-up")
        clock.advance(12 * 60)
        shot("08-overtime")
        app.controller.end_call()
        dismiss_dialogs()
        shot("09-ended")
        app.controller.start_call(
            TicketRef(23456),
            app.settings.value.call_types().get("discovery"),
            Platform.WEBEX,
        )
        clock.advance(600)
        app.controller.answer(app.controller.due_prompts()[0].key, Answer.CUSTOMER_NO_SHOW)
        dismiss_dialogs()
        shot("10-no-show-follow-up")
        window.new_call()
        shot("11-before-the-call-again")

        # Before an upgrade call: the backup gate refuses Start until it is ticked.
        window.ticketEdit.setText("34567")
        window.typeCombo.setCurrentIndex(window.typeCombo.findData("upgrade_assistance"))
        window.start_call()
        shot("12-upgrade-gate")

        # A WebEx call: the room-lock reminder stays until it is ticked.
        app.settings.update(scheduling_link="https://calendly.com/ana-example/support")
        window.typeCombo.setCurrentIndex(window.typeCombo.findData("troubleshooting"))
        window.webexRadio.setChecked(True)
        window.start_call()
        clock.advance(75)
        shot("13-webex-room-lock")
        if app.settings.value.mini_timer_visible is False:
            app.settings.update(mini_timer_visible=True)
        app.mini_timer.set_wanted(True)
        settle()
        mini = app.mini_timer.widget
        if mini is not None and mini.isVisible():
            save(mini, "14-mini-timer")
        app.controller.end_call()
        dismiss_dialogs()
        window.new_call()
        window.tabs.setCurrentWidget(window.historyTab)
        shot("15-history")
        window.tabs.setCurrentWidget(window.callTab)

        message = app.messages.open_message(MessageKind.INVITE, TicketRef(34567))
        for _ in range(50):
            qapp.processEvents()
            if message.link.url:
                break
            time.sleep(0.02)
        save(message, "16-invite-message")
        message.reject()

        # Three connections, one per state a Zendesk tab shows: signed in with Zendesk, a team
        # instance nobody has signed in to yet, and an API token.
        from dataclasses import replace

        from callcompanion.core.connections import OAuthClient, ZendeskConnection

        connections = (
            ZendeskConnection(
                "a1", "Global", "https://acme.zendesk.com", "ana@acme.com", OAuthClient("cc", 47823)
            ),
            ZendeskConnection(
                "b2", "US Government", "https://support.acme-gov.example", "", OAuthClient("cc")
            ),
            ZendeskConnection("c3", "Sandbox", "https://acme-sandbox.zendesk.com", "ana@acme.com"),
        )
        app.settings.set(
            replace(app.settings.value, zendesk_connections=connections, default_connection="a1")
        )
        settings = app.open_settings()
        for index in range(settings.tabs.count()):
            settings.tabs.setCurrentIndex(index)
            page = settings.tabs.widget(index)
            save(settings, f"17-settings-{index + 1}-{page.objectName() if page else index}")
        settings.reject()

        if readme:
            strip = tray_strip(readme_shot.height())
            ratio = readme_shot.devicePixelRatio()
            width = round(readme_shot.width() / ratio) + strip.width() + 16
            height = max(round(readme_shot.height() / ratio), strip.height())
            combined = QPixmap(width, height)
            combined.fill(background)
            painter = QPainter(combined)
            painter.drawPixmap(0, 0, readme_shot)
            painter.drawPixmap(width - strip.width(), 0, strip)
            painter.end()
            combined.save(str(out.parent.parent / "screenshot.png"))
        app.close()
    QApplication.processEvents()


def today_shots(app: Any, clock: ScriptClock, shot: Any, save: Any) -> None:
    """Today's calls from Calendly: none, several (a missing ticket, a cancelled one), from the
    cache with Calendly down, and the reminder card; then the list as the app has it again."""
    from callcompanion.core.booking_calls import Reminder
    from callcompanion.core.bookings import Booking, BookingStatus
    from callcompanion.core.ticket import TicketRef

    def booking(minutes: int, who: str, kind: str, ticket: int | None, **extra: Any) -> Booking:
        start = clock.wall + timedelta(minutes=minutes)
        host = "acme.webex.com/meet/ana" if kind.startswith("webex") else "acme.zoom.us/j/81"
        return Booking(
            uri=f"https://api.calendly.com/scheduled_events/E{minutes + 600}",
            start=start,
            end=start + timedelta(minutes=30),
            event_type_uri="https://api.calendly.com/event_types/SUPPORT30",
            event_type_name=extra.pop("event", "Support - Troubleshooting Call"),
            customer_name=who,
            customer_email=who.split()[0].lower() + "@customer.example",
            ticket=TicketRef(ticket) if ticket else None,
            ticket_answer=extra.pop("answer", str(ticket or "")),
            location_kind=kind,
            join_url=f"https://{host}",
            **extra,
        )

    bookings = [
        booking(-300, "Priya Natarajan", "zoom_conference", 40211, event="Support - Discovery"),
        booking(10, "Chris Customer", "zoom_conference", 12345),
        booking(60, "Dana Doe", "webex_conference", None, answer="asap please"),
        booking(
            120,
            "Eli Example",
            "zoom_conference",
            12377,
            status=BookingStatus.CANCELED,
            cancel_reason="Fixed it myself",
        ),
    ]
    listing = app.today.list
    listing.show_bookings([], configured=True, last_updated=clock.wall, now=clock.wall)
    shot("02a-today-empty")
    listing.show_bookings(bookings, configured=True, last_updated=clock.wall, now=clock.wall)
    listing.set_detail(bookings[1].uri, "Upgrade to 17.3 fails · Chris Customer (Acme Corp)")
    shot("02b-today-bookings")
    listing.set_note("Calendly could not be reached: showing the list from 13:40.")
    shot("02c-today-from-cache")
    listing.set_note("")
    app.today.card.offer(Reminder(bookings[1], timedelta(minutes=5)), None, can_start=True)
    save(app.today.card, "02d-booking-reminder")
    app.today.card.next()
    app.today.show()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", nargs="?", default=str(ROOT / "docs"))
    parser.add_argument("--scales", default="1,1.5", help="comma-separated QT_SCALE_FACTORs")
    parser.add_argument("--only", choices=SCHEMES, help=argparse.SUPPRESS)
    parser.add_argument("--readme", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    out = Path(args.output)
    if args.only:  # one process: one scheme at one scale
        scale = float(os.environ.get("QT_SCALE_FACTOR", "1"))
        render(out / "states" / f"{args.only}-{round(scale * 100)}", args.only, args.readme)
        return 0
    failed = 0
    # A 1920×1080 screen (offscreen's own is 800×600): the window opens at its default size.
    screen = Path(tempfile.mkdtemp(prefix="screens-")) / "screens.json"
    screen.write_text(
        '{"screens": [{"name": "screen", "x": 0, "y": 0, "width": 1920, "height": 1080,'
        ' "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}'
    )
    for scale in (float(s) for s in args.scales.split(",")):
        for scheme in SCHEMES:
            env = dict(
                os.environ,
                QT_SCALE_FACTOR=str(scale),
                QT_QPA_PLATFORM=f"offscreen:configfile={screen}",
            )
            command = [sys.executable, __file__, str(out), "--only", scheme]
            if scale == 1 and scheme == "light":
                command.append("--readme")
            result = subprocess.run(command, env=env, check=False)
            failed += result.returncode != 0
    print(f"wrote {out / 'screenshot.png'} and {out / 'states'}/*/*.png")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
