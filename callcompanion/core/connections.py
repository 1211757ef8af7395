"""Zendesk connections: where the app posts, and how it signs in. Tokens live in the keyring only.

A connection signs in one of two ways (:class:`SignInMethod`): with the engineer's own Zendesk
sign-in through the browser (OAuth, preferred: the team's admin registers one OAuth client per
instance, see :class:`OAuthClient`), or with an API token and the agent's email. Settings written
before OAuth existed name no way and read as API-token connections.
"""

from __future__ import annotations

import ipaddress
import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

from callcompanion.core.pkce import loopback_redirect_uri
from callcompanion.core.ticket import TicketRef, is_subdomain

_EMAIL = r"[^@\s]+@[^@\s]+\.[^@\s]+"
_HOST = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*"
# A Zendesk OAuth client's unique identifier: characters a URL carries as they are.
_CLIENT_ID = r"[A-Za-z0-9._~-]{1,128}"
# The loopback redirect's port: one an engineer's program may listen on without privileges.
REDIRECT_PORT_RANGE = (1024, 65535)


# What may be trimmed from the ends of a pasted value; anything else invisible is refused.
PLAIN_WHITESPACE = " \t\r\n\u00a0"


class ConnectionSettingError(ValueError):
    """A connection field is not usable; ``str(err)`` says what to enter instead."""


def hidden_character(text: str) -> str | None:
    """The first control or invisible formatting character in *text*, described, or ``None``.

    Line breaks, tabs, NUL, zero-width spaces, bidirectional marks and the like: a web address
    or an email address never contains them, and some libraries silently drop them, which
    would join the parts around them into another address.
    """
    for char in text:
        if unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp"):
            name = {"\n": "a line break", "\r": "a line break", "\t": "a tab"}.get(char)
            return name or f"an invisible character (U+{ord(char):04X})"
    return None


def clean_field(text: str, what: str) -> str:
    """*text* without plain whitespace at its ends; refuses hidden characters inside.

    Raises :class:`ConnectionSettingError` naming *what* ("The Zendesk address") and the
    character, so the engineer knows to type or paste it again.
    """
    value = text.strip(PLAIN_WHITESPACE)
    found = hidden_character(value)
    if found:
        raise ConnectionSettingError(
            f"{what} contains {found}, which an address cannot contain. Nothing was saved: "
            "type it again, or paste it again from a plain-text copy."
        )
    return value


class SignInMethod(StrEnum):
    """How a connection signs in to Zendesk."""

    OAUTH = "oauth"  # the engineer's own Zendesk sign-in, in the browser
    API_TOKEN = "api_token"  # an API token and the agent's email

    @property
    def label(self) -> str:
        return {
            SignInMethod.OAUTH: "Signs in with Zendesk",
            SignInMethod.API_TOKEN: "Uses an API token",
        }[self]

    @property
    def explanation(self) -> str:
        return {
            SignInMethod.OAUTH: (
                "You sign in with your own Zendesk account in the browser. The app never sees "
                "your password, can do only what you can do, and you can sign out at any time."
            ),
            SignInMethod.API_TOKEN: (
                "An API token is made by a Zendesk admin and can act as any user, so many teams "
                "do not hand them out. Sign in with Zendesk instead where your team has set it "
                "up."
            ),
        }[self]


@dataclass(frozen=True)
class OAuthClient:
    """The OAuth client a team's admin registered for one Zendesk instance.

    Attributes:
        client_id: The client's unique identifier in Zendesk (a public client: no secret).
        redirect_port: The port of the loopback redirect registered with the client
            (``http://127.0.0.1:<port>``), or ``None`` for any free port.
    """

    client_id: str
    redirect_port: int | None = None

    @property
    def redirect_url(self) -> str | None:
        """The redirect URL to register in Zendesk, or ``None`` when any free port is used."""
        return None if self.redirect_port is None else loopback_redirect_uri(self.redirect_port)

    def to_dict(self) -> dict[str, Any]:
        return {"client_id": self.client_id, "redirect_port": self.redirect_port}


def make_oauth_client(client_id: object, redirect_port: object = None) -> OAuthClient:
    """A validated :class:`OAuthClient` (raises :class:`ConnectionSettingError`)."""
    if not isinstance(client_id, str) or not re.fullmatch(_CLIENT_ID, client_id):
        raise ConnectionSettingError(
            "the OAuth client id must be the client's unique identifier from Zendesk (letters, "
            "digits, dots, dashes and underscores)"
        )
    low, high = REDIRECT_PORT_RANGE
    if redirect_port is not None and (
        isinstance(redirect_port, bool)
        or not isinstance(redirect_port, int)
        or not low <= redirect_port <= high
    ):
        raise ConnectionSettingError(
            f"the redirect port must be a whole number from {low} to {high}"
        )
    return OAuthClient(client_id, redirect_port)


@dataclass(frozen=True)
class ZendeskConnection:
    """A Zendesk instance and how the app signs in to it.

    Attributes:
        id: Stable identifier (names the keyring entries and is stored with each call).
        label: What the engineer calls it ("Global", "US Government").
        base_url: ``https://<subdomain>.zendesk.com`` or the instance's own https address.
        email: The agent's sign-in email: the API token's owner, or, signing in with Zendesk,
            who signed in last (empty until then).
        oauth: The OAuth client to sign in with; ``None``: the connection uses an API token.
    """

    id: str
    label: str
    base_url: str
    email: str
    oauth: OAuthClient | None = None

    @property
    def sign_in(self) -> SignInMethod:
        return SignInMethod.API_TOKEN if self.oauth is None else SignInMethod.OAUTH

    @property
    def keyring_user(self) -> str:
        """The keyring entry of this connection's API token."""
        return f"zendesk:{self.id}"

    @property
    def oauth_keyring_user(self) -> str:
        """The keyring entry of this connection's OAuth tokens (kept apart from an API token).

        Named after the instance and the OAuth client (with its redirect port: a changed
        client is a new sign-in) as well as the connection, so editing a connection never
        overwrites the sign-in the saved connection uses, nor does a cancelled edit remove it.
        """
        client = self.oauth.client_id if self.oauth is not None else ""
        port = self.oauth.redirect_port if self.oauth is not None else None
        where = urlsplit(self.base_url).netloc.lower()
        return f"zendesk-oauth:{self.id}:{where}:{client}:{'any' if port is None else port}"

    @property
    def host(self) -> str:
        return urlsplit(self.base_url).hostname or ""

    @property
    def subdomain(self) -> str | None:
        host = self.host
        return host.removesuffix(".zendesk.com") if host.endswith(".zendesk.com") else None

    def ticket_url(self, ticket: TicketRef) -> str:
        return f"{self.base_url}/agent/tickets/{ticket.number}"

    def describe(self) -> str:
        return f"{self.label} ({self.host})" if self.label else self.host

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "label": self.label,
            "base_url": self.base_url,
            "email": self.email,
            "sign_in": self.sign_in.value,
        }
        if self.oauth is not None:
            data["oauth"] = self.oauth.to_dict()
        return data

    @classmethod
    def from_dict(cls, data: object) -> ZendeskConnection:
        """A stored connection; one without ``sign_in`` (older settings) uses an API token."""
        if not isinstance(data, dict):
            raise ConnectionSettingError("a connection must be a table of fields")
        values = {key: data.get(key) for key in ("id", "label", "base_url", "email")}
        if not all(isinstance(v, str) for v in values.values()):
            raise ConnectionSettingError("a connection needs id, label, base_url and email")
        try:
            method = SignInMethod(data.get("sign_in", SignInMethod.API_TOKEN.value))
        except ValueError:
            raise ConnectionSettingError(
                f"“{data.get('sign_in')}” is not a way to sign in (oauth or api_token)"
            ) from None
        oauth = None
        if method is SignInMethod.OAUTH:
            raw = data.get("oauth")
            if not isinstance(raw, dict):
                raise ConnectionSettingError("signing in with Zendesk needs the OAuth client")
            oauth = make_oauth_client(raw.get("client_id"), raw.get("redirect_port"))
        return make_connection(
            id=str(values["id"]),
            label=str(values["label"]),
            address=str(values["base_url"]),
            email=str(values["email"]),
            oauth=oauth,
        )


def new_connection_id() -> str:
    return os.urandom(4).hex()


def make_connection(
    *, id: str, label: str, address: str, email: str, oauth: OAuthClient | None = None
) -> ZendeskConnection:
    """A validated connection (raises :class:`ConnectionSettingError` with a sentence).

    An API-token connection needs the token owner's email; one that signs in with Zendesk
    learns it when the engineer signs in, so it may be empty until then.
    """
    if not re.fullmatch(r"[0-9a-z]{4,32}", id):
        raise ConnectionSettingError(f"“{id}” is not a connection id")
    if oauth is not None and not email.strip(PLAIN_WHITESPACE):
        checked_email = ""
    else:
        checked_email = parse_email(email)
    return ZendeskConnection(id, label.strip(), parse_base_url(address), checked_email, oauth)


def parse_email(text: str) -> str:
    email = clean_field(text, "The agent email")
    if not re.fullmatch(_EMAIL, email):
        raise ConnectionSettingError(
            "Enter the email address you sign in to Zendesk with (the API token's owner)."
        )
    return email


def parse_base_url(text: str) -> str:
    """``acme``, ``acme.zendesk.com`` or an https address → ``https://acme.zendesk.com``.

    Plain http is accepted for loopback addresses only (a local test server).
    """
    value = clean_field(text, "The Zendesk address").rstrip("/")
    if not value:
        raise ConnectionSettingError(
            "Enter your Zendesk subdomain (“example” for example.zendesk.com) or its https address."
        )
    if "://" not in value:
        if is_subdomain(value.lower()):
            return f"https://{value.lower()}.zendesk.com"
        value = "https://" + value
    parts = urlsplit(value)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError:
        raise ConnectionSettingError(f"“{text.strip()}” has an invalid port.") from None
    if not host or not (re.fullmatch(_HOST, host) or _is_ip(host)):
        raise ConnectionSettingError(f"“{text.strip()}” is not a web address.")
    if parts.username or parts.password:
        raise ConnectionSettingError(
            "Leave sign-in details out of the address: the app asks for the token separately."
        )
    if scheme == "http":
        if not _is_loopback(host):
            raise ConnectionSettingError(
                "Zendesk addresses start with https://; plain http is only for a server on this "
                "computer (127.0.0.1 or localhost)."
            )
    elif scheme != "https":
        raise ConnectionSettingError(f"“{text.strip()}” is not an https address.")
    netloc = f"[{host}]" if ":" in host else host
    if port is not None:
        netloc += f":{port}"
    return f"{scheme}://{netloc}"


def is_https_or_loopback(url: str) -> bool:
    """An https address, or plain http to this computer (a local test server).

    Never one with a control or invisible character (``urlsplit`` would drop some silently).
    """
    if hidden_character(url):
        return False
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    return bool(parts.hostname) and (
        scheme == "https" or (scheme == "http" and _is_loopback(parts.hostname or ""))
    )


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def connection_for(
    ticket: TicketRef, connections: Iterable[ZendeskConnection], default_id: str | None
) -> ZendeskConnection | None:
    """The connection a ticket belongs to.

    A ticket typed as a link belongs to the connection of that subdomain, or to none: posting
    it to another instance would reach a different ticket with the same number. A plain
    number goes to the default connection.
    """
    options = list(connections)
    if ticket.subdomain:
        return next((c for c in options if c.subdomain == ticket.subdomain), None)
    for connection in options:
        if connection.id == default_id:
            return connection
    return options[0] if options else None
