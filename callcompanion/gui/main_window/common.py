"""Small pieces the window's pages share: ticket links, titles, opening a link."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import cast

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QLabel, QWidget

from callcompanion.core.checklists import ChecklistItem, ItemAction, ItemResult
from callcompanion.core.settings import Settings
from callcompanion.core.ticket import TicketRef


def ticket_url(
    settings: Settings, ticket: TicketRef, connection_id: str | None = None
) -> str | None:
    """The ticket's agent link: its own subdomain, else its connection's address."""
    if ticket.subdomain:
        return ticket.agent_url()
    connection = settings.connection_for(ticket, connection_id)
    return connection.ticket_url(ticket) if connection else None


def title_html(url: str | None, ticket: TicketRef, rest: str) -> str:
    """``#123 · Discovery · Zoom`` with the ticket as a link when it has one."""
    ticket_html = f'<a href="{url}">{ticket}</a>' if url else str(ticket)
    return f"{ticket_html} · {rest}"


def open_url(url: QUrl) -> None:
    """Open *url* in the desktop's browser or file manager (QDesktopServices on first use)."""
    from PySide6.QtGui import QDesktopServices

    QDesktopServices.openUrl(url)


def label_text(widget: QWidget) -> str:
    """Plain text of a label (rich text stripped), for tests and accessibility checks."""
    from PySide6.QtGui import QTextDocument

    document = QTextDocument()
    document.setHtml(cast(QLabel, widget).text())
    return document.toPlainText()


ItemActions = dict[str, list[tuple[str, Callable[[ItemResult], None]]]]


def item_actions(
    items: Sequence[ChecklistItem], act: Callable[[ItemAction, ItemResult], None]
) -> ItemActions:
    """The buttons each item declares (``actions`` in the checklist file), bound to *act*."""
    return {
        item.id: [(action.label, _bound(act, action)) for action in item.actions]
        for item in items
        if item.actions
    }


def _bound(
    act: Callable[[ItemAction, ItemResult], None], action: ItemAction
) -> Callable[[ItemResult], None]:
    return lambda result: act(action, result)
