"""What the command line asks of the running app: show, status, start or end a call, sign in.

Requests come from later launches over the single-instance socket (or from this launch's own
command line once the window is up). A call is started through the window's own start path,
so the ticket forms, the call types and the checklist gates are the ones the Start button
checks; a refusal is said on the command line and in the window. A sign-in opens Settings at
Zendesk and starts the browser hand-off there, as the *Sign in with Zendesk* button does.
"""

from __future__ import annotations

import logging
import math
import os
import sys
from typing import TYPE_CHECKING, Any

from callcompanion import __version__
from callcompanion.controllers.call import CallController
from callcompanion.controllers.outbox import OutboxController
from callcompanion.controllers.settings import SettingsModel
from callcompanion.core.call import Outcome, Platform
from callcompanion.core.calltypes import CallTypeError
from callcompanion.core.ticket import TicketRefError, parse_ticket_ref
from callcompanion.gui.main_window import ENDED_PAGE, MainWindow
from callcompanion.gui.main_window.banners import Level
from callcompanion.instance import END_CALL, SHOW, SIGN_IN, START_CALL, STATUS, Request

if TYPE_CHECKING:
    from callcompanion.gui.zendesk_access import ZendeskAccess

log = logging.getLogger(__name__)


class Refused(Exception):  # noqa: N818 - a refusal, not an error
    """The request cannot be done; the message says why, for the engineer."""


class RemoteControl:
    """Answers requests with what the window and the call controller can do."""

    def __init__(
        self,
        controller: CallController,
        window: MainWindow,
        outbox: OutboxController,
        settings: SettingsModel,
        zendesk: ZendeskAccess | None = None,
    ) -> None:
        self._controller = controller
        self._window = window
        self._outbox = outbox
        self._settings = settings
        self._zendesk = zendesk

    def handle(self, request: Request, *, own: bool = False) -> dict[str, Any]:
        """The reply to *request*: ``ok`` plus the status, or ``ok: false`` and ``error``.

        *own*: this launch's own command line (not a later launch's): a refusal is also
        written to stderr, as the launch has no one else to tell it to.
        """
        reply = self._handle(request)
        if own and not reply.get("ok") and sys.stderr is not None:
            sys.stderr.write(f"callcompanion: {reply.get('error')}\n")
        return reply

    def _handle(self, request: Request) -> dict[str, Any]:
        try:
            if request.command == SHOW:
                self._window.bring_forward(activate=True)
                return {"ok": True, "running": True}
            if request.command == STATUS:
                return self.status()
            if request.command == START_CALL:
                self._start_call(request.args)
                return self.status()
            if request.command == END_CALL:
                self._end_call()
                return self.status()
            if request.command == SIGN_IN:
                return {**self.status(), "signing_in": self._sign_in()}
        except Refused as refusal:
            log.info("%s refused: %s", request.command, refusal)
            return {"ok": False, "running": True, "error": str(refusal)}
        return {"ok": False, "running": True, "error": f"Unknown command {request.command!r}."}

    # -- status -----------------------------------------------------------------------------------

    def status(self) -> dict[str, Any]:
        """What a status bar shows: the call, its state and prompts, the outbox, the notices."""
        call = self._controller.call
        status: dict[str, Any] = {
            "ok": True,
            "running": True,
            "version": __version__,
            "pid": os.getpid(),
            "call_running": call is not None,
            "ticket": None,
            "ticket_number": None,
            "call_type": None,
            "call_type_name": None,
            "platform": None,
            "state": None,
            "state_label": None,
            "customer_joined": None,
            "elapsed_seconds": None,
            "planned_minutes": None,
            "due_prompts": [],
            "outbox": self._outbox_counts(),
            "notices": self._window.notices(),
            "zendesk": self._zendesk.status() if self._zendesk is not None else [],
        }
        if call is not None:
            record = call.record
            state = call.state()
            planned = record.planned_seconds
            status.update(
                ticket=str(record.ticket),
                ticket_number=record.ticket.number,
                call_type=record.call_type_key,
                call_type_name=record.call_type_name,
                platform=record.platform.value,
                state=state.value,
                state_label=state.label,
                customer_joined=call.customer_joined,
                elapsed_seconds=math.floor(call.elapsed()),
                planned_minutes=None if planned is None else round(planned / 60),
                due_prompts=[prompt.key for prompt in self._controller.due_prompts()],
            )
        return status

    def _outbox_counts(self) -> dict[str, int]:
        counts = self._outbox.counts()  # counted in SQL; all zero when the store is unreadable
        return {
            "waiting": counts.waiting - counts.in_flight,
            "in_flight": counts.in_flight,
            "failed": counts.failed,
            "not_connected": counts.not_connected,
        }

    # -- acting -----------------------------------------------------------------------------------

    def _start_call(self, args: dict[str, Any]) -> None:
        ticket_text = str(args.get("ticket") or "")
        try:
            self._prepare_and_start(ticket_text, args)
        except Refused as refusal:
            shown = ticket_text.strip() or "the ticket"
            self._window.add_notice(
                f"The command line asked for a call on {shown}; it was not started. {refusal}",
                Level.WARNING,
            )
            self._window.bring_forward(activate=False)
            raise

    def _prepare_and_start(self, ticket_text: str, args: dict[str, Any]) -> None:
        window = self._window
        call = self._controller.call
        if call is not None:
            raise Refused(
                f"A call on {call.ticket} is already running "
                f"({math.floor(call.elapsed() / 60)} min). End it first."
            )
        call_type_key = args.get("call_type")
        if call_type_key is not None:
            try:
                self._settings.value.call_types().get(call_type_key)
            except CallTypeError as err:
                raise Refused(str(err)) from None
        platform = None
        if args.get("platform") is not None:
            try:
                platform = Platform(str(args["platform"]).lower())
            except ValueError:
                known = " or ".join(p.value for p in Platform)
                raise Refused(f"There is no platform “{args['platform']}”: use {known}.") from None

        # The form the engineer would fill in, then the Start button's own path.
        window.tabs.setCurrentWidget(window.callTab)
        if window.pages.currentIndex() == ENDED_PAGE:
            window.new_call()
        window.ticketEdit.setText(ticket_text)
        if call_type_key is not None:
            window.typeCombo.setCurrentIndex(window.typeCombo.findData(call_type_key))
        if platform is not None:
            radio = window.webexRadio if platform is Platform.WEBEX else window.zoomRadio
            radio.setChecked(True)
        window.joinedCheck.setChecked(bool(args.get("customer_joined")))
        if window.start_call():
            return
        try:
            parse_ticket_ref(ticket_text)
        except TicketRefError as err:
            raise Refused(str(err)) from None
        reason = window.gateLabel.text().strip()
        raise Refused(reason or "The window did not start the call; it says why.")

    def _sign_in(self) -> str:
        """Settings at Zendesk and the sign-in started; the connection's name."""
        if self._zendesk is None:
            raise Refused("Signing in with Zendesk is not available here.")
        self._window.bring_forward(activate=True)
        try:
            connection = self._zendesk.start_sign_in()
        except ValueError as err:
            self._window.add_notice(
                f"The command line asked to sign in with Zendesk. {err}", Level.WARNING
            )
            raise Refused(str(err)) from None
        return connection.describe()

    def _end_call(self) -> None:
        if self._controller.call is None:
            raise Refused("No call is running.")
        self._window.end_call(Outcome.COMPLETED)  # as the End call button does
