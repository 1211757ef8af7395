"""Scheduling links for messages: a fresh single-use Calendly link, or the personal fallback."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject

from callcompanion.controllers.settings import SettingsModel
from callcompanion.controllers.workers import run_in_pool
from callcompanion.core.settings import Settings
from callcompanion.services.credentials import CredentialError, CredentialStore

log = logging.getLogger(__name__)

CALENDLY_USER = "calendly:token"


@dataclass(frozen=True)
class LinkResult:
    """A link for a message, and what the engineer should know about it."""

    url: str
    single_use: bool
    note: str = ""


def personal_fallback(settings: Settings, why: str = "") -> LinkResult:
    if settings.scheduling_link:
        return LinkResult(
            settings.scheduling_link,
            False,
            (f"{why} " if why else "")
            + "This is your personal link, not a single-use one: it can be booked more than once. "
            "Add a Calendly token in Settings for single-use links.",
        )
    return LinkResult(
        "",
        False,
        (f"{why} " if why else "")
        + "No scheduling link: add a Calendly token, or your personal link, in Settings.",
    )


def make_link(
    settings: Settings, credentials: CredentialStore, call_type_key: str | None
) -> LinkResult:
    """On a worker thread: a single-use link when Calendly is set up, else the fallback."""
    event_type = settings.calendly_event_type
    if call_type_key == "discovery" and settings.calendly_discovery_event_type:
        event_type = settings.calendly_discovery_event_type
    try:
        token = credentials.get(CALENDLY_USER)
    except CredentialError as err:
        return personal_fallback(settings, str(err))
    if not token or not event_type:
        why = "" if not token else "No Calendly event type is chosen in Settings."
        return personal_fallback(settings, why)
    from callcompanion.services.calendly import CalendlyClient, CalendlyError

    try:
        with CalendlyClient(token, base_url=settings.calendly_api_url) as client:
            url = client.create_single_use_link(event_type)
    except CalendlyError as err:
        log.warning("single-use link failed: %s", err)
        return personal_fallback(settings, f"No single-use link: {err}")
    return LinkResult(url, True, "A fresh single-use link was created for this message.")


class LinkProvider(QObject):
    """Asks for links off the GUI thread."""

    def __init__(
        self, settings: SettingsModel, credentials: CredentialStore, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._credentials = credentials

    def request(
        self,
        call_type_key: str | None,
        done: Callable[[LinkResult], None],
        owner: QObject | None = None,
    ) -> None:
        """Make a link off the GUI thread; *done* gets it (unless *owner* is gone by then)."""
        settings = self._settings.value
        run_in_pool(
            make_link,
            settings,
            self._credentials,
            call_type_key,
            on_result=done,
            on_error=lambda err: done(personal_fallback(settings, f"No single-use link: {err}")),
            owner=owner,
        )
