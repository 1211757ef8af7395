"""The upgrade facts from the call preparation, posted to the ticket or the organization.

As an internal note the facts go to the ticket; for the organization's notes the ticket is
looked up first (off the GUI thread) to learn its organization. Either way the post goes
through the outbox, after the same secret review as every other post.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from callcompanion.controllers.checklist import ChecklistController
from callcompanion.controllers.outbox import OutboxController
from callcompanion.controllers.settings import SettingsModel
from callcompanion.controllers.ticket_context import with_client
from callcompanion.controllers.workers import run_in_pool
from callcompanion.core.checklists import ItemResult, upgrade_facts
from callcompanion.core.outbox_kind import OutboxKind
from callcompanion.core.ticket import TicketRef
from callcompanion.services.zendesk_auth import ZendeskAuth

if TYPE_CHECKING:
    from callcompanion.services.zendesk import TicketInfo

log = logging.getLogger(__name__)

NOTE = "note"
ORGANIZATION = "organization"
Review = Callable[[str], str | None]


class UpgradeInfo(QObject):
    """Posts an upgrade item's facts as an internal note or to the organization's notes.

    *review* is the secret review every post passes: it gets the text and returns the text to
    post (redacted if the engineer chose so), or ``None`` when the engineer went back to edit.

    Signals:
        queued: The facts are in the outbox; a sentence for the status bar.
        warning: Nothing was queued, and why (no connection, no organization); a sentence.
        problem: The ticket's organization could not be looked up; a sentence.
    """

    queued = Signal(str)
    warning = Signal(str)
    problem = Signal(str)

    def __init__(
        self,
        checklists: ChecklistController,
        outbox: OutboxController,
        settings: SettingsModel,
        auth: ZendeskAuth,
        review: Review,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._checklists = checklists
        self._outbox = outbox
        self._settings = settings
        self._auth = auth
        self._review = review

    def post(self, where: str, ticket: TicketRef, result: ItemResult) -> None:
        """Queue the facts of *result* for *ticket*: ``where`` is ``note`` or ``organization``."""
        item = self._checklists.checklists.get(result.item_id)
        if item is None:
            log.info("upgrade information for an unknown item %s ignored", result.item_id)
            return
        text = self._review(
            "Upgrade information from the call preparation:\n" + upgrade_facts(item, result)
        )
        if text is None:
            return
        if where == NOTE:
            self._outbox.enqueue(
                ticket=ticket,
                text=text,
                public=False,
                kind=OutboxKind.UPGRADE_NOTE,
                label=f"Upgrade information for {ticket}",
            )
            self.queued.emit(f"Upgrade information queued for {ticket}.")
        else:
            self._post_to_organization(ticket, text)

    def _post_to_organization(self, ticket: TicketRef, text: str) -> None:
        connection = self._settings.value.connection_for(ticket)
        if connection is None:
            self.warning.emit(
                "The organization's notes need a Zendesk connection (Settings → Zendesk)."
            )
            return

        def got(info: TicketInfo) -> None:
            if info.organization_id is None:
                self.warning.emit(f"{ticket} has no organization in Zendesk.")
                return
            self._outbox.enqueue(
                ticket=ticket,
                text=f"{text}\n(from {ticket})",
                public=False,
                kind=OutboxKind.ORG_NOTES,
                label=f"Organization notes ({info.organization or 'organization'}) for {ticket}",
                organization_id=info.organization_id,
                connection_id=connection.id,
            )
            self.queued.emit("Upgrade information queued for the organization.")

        run_in_pool(
            with_client,
            self._auth,
            connection,
            lambda client: client.ticket(ticket.number),
            on_result=got,
            on_error=lambda err: self.problem.emit(
                f"The organization could not be looked up: {err}"
            ),
        )
