"""Why a sign-in or a refresh did not work, each as a sentence for the engineer.

A sign-in that ends with any :class:`SignInError` has saved nothing: the caller receives tokens
only from a sign-in that finished. :class:`SignInAgainError` is an
:class:`~callcompanion.services.zendesk.AuthError`, so whatever waits on a 401 (a post in the
outbox) waits on it the same way until the engineer signs in again.
"""

from __future__ import annotations

from callcompanion.services.zendesk import AuthError


class SignInError(Exception):
    """The sign-in did not finish; nothing was saved. ``str(err)`` says what to do."""


class SignInCancelledError(SignInError):
    """The engineer cancelled the sign-in in the app."""


class SignInDeniedError(SignInError):
    """The engineer (or Zendesk) refused the app's access on the consent page."""


class SignInTimedOutError(SignInError):
    """No answer came back from the browser in time (the tab was closed, or left open)."""


class SignInStateMismatchError(SignInError):
    """The browser brought back an answer that belongs to no sign-in this app started."""


class BrowserNotOpenedError(SignInError):
    """No web browser could be opened; ``url`` is the address to open by hand."""

    def __init__(self, message: str, url: str) -> None:
        super().__init__(message)
        self.url = url


class ListenerUnavailableError(SignInError):
    """The app could not listen on this computer for the browser's answer (port in use)."""


class SignInRefusedError(SignInError):
    """Zendesk refused the sign-in itself: an unknown client, a wrong redirect, a used code."""


class SignInAgainError(AuthError):
    """Zendesk refused the saved sign-in (``invalid_grant``): the engineer must sign in again.

    Nothing waiting to be posted is dropped: like any 401, the post waits until the engineer has
    signed in again.
    """
