"""Signing in with Zendesk and out again, for the windows: one sign-in at a time, off-thread.

The browser hand-off (:class:`~callcompanion.services.oauth.SignIn`) runs on a worker thread and
may wait minutes for the engineer; the window stays usable and can cancel it. A finished sign-in
is saved in the keyring before anything else learns of it; the connection then remembers who
signed in (its email, in the settings), and posts that waited for it can go. Without a secure
keyring the tokens live in memory until quit, so who signed in is remembered for this session
only (:meth:`SignInController.signed_in_as`): after a restart the connection reads "not signed
in", as it is.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from callcompanion.controllers.settings import SettingsModel
from callcompanion.controllers.workers import run_in_pool
from callcompanion.core.connections import ZendeskConnection
from callcompanion.services.zendesk_auth import ZendeskAuth

if TYPE_CHECKING:
    from callcompanion.services.oauth import SignIn, SignInResult

log = logging.getLogger(__name__)


class SignInController(QObject):
    """Starts, cancels and finishes sign-ins; signs out.

    Signals:
        started: ``(connection id)``: the browser is being opened.
        browser_failed: ``(connection id, address)``: no browser opened; the address can be
            copied into one while the sign-in keeps waiting.
        signed_in: ``(ZendeskConnection, Me)``: saved; the connection carries the email of who
            signed in (saved in the settings when it is one of them and the keyring keeps the
            sign-in).
        failed: ``(connection id, sentence)``: nothing was saved.
        signed_out: ``(connection id, sentence)``.
        warning: ``(sentence)``: signed in, but the tokens are not kept after quitting.
    """

    started = Signal(str)
    browser_failed = Signal(str, str)
    signed_in = Signal(object, object)
    failed = Signal(str, str)
    signed_out = Signal(str, str)
    warning = Signal(str)

    def __init__(
        self,
        auth: ZendeskAuth,
        settings: SettingsModel,
        parent: QObject | None = None,
        *,
        sign_in_factory: type[SignIn] | None = None,
    ) -> None:
        super().__init__(parent)
        self._auth = auth
        self._settings = settings
        self._factory = sign_in_factory
        self._running: SignIn | None = None
        self._connection: ZendeskConnection | None = None
        # keyring entry → who signed in, for sign-ins kept in memory only (no secure keyring)
        self._memory_only: dict[str, str] = {}

    @property
    def busy(self) -> bool:
        """A sign-in is waiting for the browser."""
        return self._running is not None

    @property
    def connection_id(self) -> str | None:
        """The connection being signed in to, while :attr:`busy`."""
        return self._connection.id if self._connection is not None else None

    @property
    def auth(self) -> ZendeskAuth:
        """The shared sign-ins and tokens (for testing a connection through them)."""
        return self._auth

    def needs_sign_in(self, connection: ZendeskConnection) -> bool:
        """Whether *connection* must sign in again (known without a request; answers at once)."""
        return self._auth.needs_sign_in(connection)

    def signed_in_as(self, connection: ZendeskConnection) -> str:
        """Who is signed in to *connection*; ``""``: nobody.

        Its saved email, or, for a sign-in kept in memory only, who signed in this session.
        """
        if connection.oauth is None:
            return connection.email
        return self._memory_only.get(connection.oauth_keyring_user) or connection.email

    def in_memory_only(self, connection: ZendeskConnection) -> bool:
        """Whether *connection*'s sign-in is kept in memory only (gone after quitting)."""
        return connection.oauth is not None and connection.oauth_keyring_user in self._memory_only

    def sign_in(self, connection: ZendeskConnection) -> bool:
        """Open the browser to sign in to *connection*; ``False`` when one is already under way."""
        from callcompanion.services.oauth import OAuthConfig, SignIn

        if self._running is not None or connection.oauth is None:
            return False
        config = OAuthConfig(
            connection.base_url, connection.oauth.client_id, connection.oauth.redirect_port
        )
        factory = self._factory or SignIn
        attempt = factory(config, on_browser_failed=lambda url: self._no_browser(connection, url))
        self._running = attempt
        self._connection = connection
        self.started.emit(connection.id)

        def work() -> tuple[SignInResult, bool]:
            from callcompanion.services.oauth import SignInCancelledError

            result = attempt.run()
            if attempt.cancelled:  # cancelled as the sign-in finished: keep nothing
                attempt.discard(result)
                raise SignInCancelledError("Sign-in cancelled. Nothing was saved.")
            secure = self._auth.signed_in(connection, result.tokens)  # keyring first
            return result, secure

        run_in_pool(
            work,
            on_result=lambda answer: self._finished(attempt, connection, *answer),
            on_error=lambda err: self._failed(attempt, connection, err),
            owner=self,
        )
        return True

    def cancel(self) -> None:
        """End the sign-in under way (nothing is saved)."""
        if self._running is not None:
            self._running.cancel()

    def sign_out(self, connection: ZendeskConnection) -> None:
        """Revoke and forget *connection*'s sign-in; ``signed_out`` tells how it went."""

        def work() -> str:
            return self._auth.sign_out(connection)

        def done(text: str) -> None:
            self._memory_only.pop(connection.oauth_keyring_user, None)
            self._update_email(connection, "")
            self.signed_out.emit(connection.id, text)

        run_in_pool(
            work,
            on_result=done,
            on_error=lambda err: self.signed_out.emit(
                connection.id, f"Not signed out: the keyring would not remove the sign-in ({err})."
            ),
            owner=self,
        )

    def _no_browser(self, connection: ZendeskConnection, url: str) -> None:
        # On the sign-in's thread: the signal is queued to the window.
        self.browser_failed.emit(connection.id, url)

    def _finished(
        self, attempt: SignIn, connection: ZendeskConnection, result: SignInResult, secure: bool
    ) -> None:
        if attempt is self._running:
            self._running = None
            self._connection = None
        who = result.me.email or connection.email
        signed = replace(connection, email=who)
        key = connection.oauth_keyring_user
        if secure:
            self._memory_only.pop(key, None)
            self._update_email(connection, who)
        else:
            # Not saved: after a restart there are no tokens, and the settings must not say
            # that someone is signed in.
            self._memory_only[key] = who
        self.signed_in.emit(signed, result.me)
        if not secure:
            self.warning.emit(
                "No system keyring was found, so the sign-in is kept in memory only until you "
                "quit. It works now; you will sign in again next time."
            )

    def _failed(self, attempt: SignIn, connection: ZendeskConnection, err: Exception) -> None:
        if attempt is self._running:
            self._running = None
            self._connection = None
        from callcompanion.services.oauth import SignInError

        if isinstance(err, SignInError):
            text = str(err)
        else:  # the keyring refused the tokens, or something unforeseen
            log.warning("sign-in to %s not finished: %s", connection.id, type(err).__name__)
            text = f"The sign-in was not saved: {err}"
        self.failed.emit(connection.id, text)

    def _update_email(self, connection: ZendeskConnection, email: str) -> None:
        settings = self._settings.value
        if not any(c.id == connection.id for c in settings.zendesk_connections):
            return  # a connection still being added in Settings: saved when the engineer is done
        # Only the saved connection this sign-in was for: one being switched to another
        # instance or way of signing in keeps its own email until the switch is saved.
        connections = tuple(
            replace(c, email=email)
            if c.id == connection.id
            and (c.base_url, c.oauth) == (connection.base_url, connection.oauth)
            else c
            for c in settings.zendesk_connections
        )
        if connections != settings.zendesk_connections:
            self._settings.set(replace(settings, zendesk_connections=connections))
