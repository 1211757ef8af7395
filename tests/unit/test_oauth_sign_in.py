"""Signing in with Zendesk end to end: a real loopback Zendesk, the real listener, and a
stand-in browser process started through ``$BROWSER`` by ``webbrowser``."""

from __future__ import annotations

import logging
import socket
import threading
import time
import webbrowser
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from callcompanion.services.oauth import (
    BrowserNotOpenedError,
    ListenerUnavailableError,
    LoopbackListener,
    OAuthConfig,
    SignIn,
    SignInCancelledError,
    SignInDeniedError,
    SignInError,
    SignInRefusedError,
    SignInStateMismatchError,
    SignInTimedOutError,
    TokenEndpoint,
    TokenSource,
)
from callcompanion.services.zendesk import ZendeskClient
from tests.fakes.standin_browser import browser_command
from tests.fakes.standin_browser import main as follow_in_browser
from tests.fakes.zendesk_server import AGENT_ID, OAUTH_CLIENT_ID, FakeZendesk, Status


@pytest.fixture
def zendesk() -> Iterator[FakeZendesk]:
    with FakeZendesk() as fake:
        fake.add_ticket(12345, subject="Upgrade to 17.3 fails")
        yield fake


@pytest.fixture
def browser(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """$BROWSER is the stand-in; returns the file it notes its steps in."""
    notes = tmp_path / "browser.log"
    monkeypatch.setenv("BROWSER", str(browser_command(tmp_path)))
    monkeypatch.setenv("STANDIN_BROWSER_LOG", str(notes))
    # webbrowser reads $BROWSER once per process: make it read this test's.
    monkeypatch.setattr(webbrowser, "_tryorder", None)
    monkeypatch.setattr(webbrowser, "_browsers", {})
    return notes


def config(zendesk: FakeZendesk, port: int | None = None) -> OAuthConfig:
    return OAuthConfig(zendesk.url, OAUTH_CLIENT_ID, redirect_port=port)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def refused(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def steps(notes: Path) -> list[str]:
    return notes.read_text().splitlines() if notes.exists() else []


def last_step(notes: Path, expected: str) -> str:
    """The browser's last step, once it is *expected* or 10 s have passed (it notes a page
    after the app has already read the redirect)."""
    deadline = time.monotonic() + 10
    while (steps(notes) or [""])[-1] != expected and time.monotonic() < deadline:
        time.sleep(0.02)
    return (steps(notes) or [""])[-1]


def test_sign_in_succeeds_and_the_token_works(
    zendesk: FakeZendesk, browser: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    port = free_port()
    zendesk.oauth_redirect_uri = f"http://127.0.0.1:{port}"  # registered exactly, fixed port
    result = SignIn(config(zendesk, port), timeout=20).run()

    assert result.me.id == AGENT_ID
    assert last_step(browser, "redirect 200 Back to callcompanion")
    assert steps(browser) == ["authorize 302", "redirect 200 Back to callcompanion"]
    assert len(zendesk.token_grants("authorization_code")) == 1
    assert refused(port), "the listener must be closed once the redirect has arrived"
    (authorize,) = zendesk.calls("GET", "/oauth/authorizations/new")
    assert authorize.query["code_challenge_method"] == ["S256"]
    (exchange,) = zendesk.token_grants("authorization_code")
    assert isinstance(exchange.body, dict)
    assert set(exchange.body) == {
        "grant_type",
        "code",
        "client_id",
        "redirect_uri",
        "code_verifier",
        "scope",
    }

    endpoint = TokenEndpoint(zendesk.url, OAUTH_CLIENT_ID)
    source = TokenSource(result.tokens, endpoint, save=lambda tokens: None)
    with ZendeskClient(zendesk.url, tokens=source) as client:
        assert client.ticket(12345).subject == "Upgrade to 17.3 fails"
    endpoint.close()
    assert zendesk.requests[-1].authorization == f"Bearer {result.tokens.access_token}"

    secrets = [result.tokens.access_token, result.tokens.refresh_token or "?"]
    assert not [s for s in secrets if s in caplog.text]
    assert not [s for s in secrets if s in repr(result)]
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert not [s for s in secrets if s in path.read_text(errors="replace")], path


@pytest.mark.parametrize(
    ("mode", "consent", "error", "page"),
    [
        ("wrong-state", "allow", SignInStateMismatchError, "redirect 400 Sign-in did not finish"),
        ("follow", "deny", SignInDeniedError, "redirect 400 Sign-in did not finish"),
        ("close", "allow", SignInTimedOutError, None),
    ],
)
def test_a_sign_in_that_does_not_finish_saves_nothing_and_closes_the_port(
    zendesk: FakeZendesk,
    browser: Path,
    monkeypatch: pytest.MonkeyPatch,
    mode: str,
    consent: str,
    error: type[SignInError],
    page: str | None,
) -> None:
    monkeypatch.setenv("STANDIN_BROWSER_MODE", mode)
    zendesk.oauth_consent = consent
    port = free_port()
    started = time.monotonic()
    with pytest.raises(error) as raised:
        SignIn(config(zendesk, port), timeout=1.5).run()
    assert time.monotonic() - started < 10
    assert str(raised.value).endswith(".")
    assert "nothing was saved" in str(raised.value).casefold()
    assert zendesk.token_grants("authorization_code") == []
    assert refused(port)
    if page is not None:
        assert last_step(browser, page) == page


def test_cancel_ends_the_wait_at_once(zendesk: FakeZendesk, browser: Path) -> None:
    del browser  # the stand-in is not even reached: the consent page would take a while
    port = free_port()
    sign_in = SignIn(config(zendesk, port), open_url=lambda url: True, timeout=60)
    outcome: list[BaseException] = []

    def run() -> None:
        try:
            sign_in.run()
        except SignInError as err:
            outcome.append(err)

    worker = threading.Thread(target=run)
    worker.start()
    deadline = time.monotonic() + 5
    while refused(port) and time.monotonic() < deadline:  # listening
        time.sleep(0.01)
    sign_in.cancel()
    worker.join(timeout=5)
    assert not worker.is_alive()
    assert [type(err) for err in outcome] == [SignInCancelledError]
    assert refused(port)


def test_cancel_after_the_browser_answered_keeps_nothing_and_revokes_the_token(
    zendesk: FakeZendesk, browser: Path
) -> None:
    """Cancelled while the code was being exchanged: the token received is revoked."""
    holder: list[SignIn] = []

    class CancelAsMeIsAsked(httpx.HTTPTransport):
        def handle_request(self, request: httpx.Request) -> httpx.Response:
            if request.url.path.endswith("/users/me"):
                holder[0].cancel()  # the engineer presses Cancel just now
            return super().handle_request(request)

    sign_in = SignIn(config(zendesk), timeout=20, transport=CancelAsMeIsAsked())
    holder.append(sign_in)
    with pytest.raises(SignInCancelledError, match="Nothing was saved"):
        sign_in.run()
    assert len(zendesk.token_grants("authorization_code")) == 1, "the browser had answered"
    (revoke,) = zendesk.calls("DELETE", r"^/api/v2/oauth/tokens/current\.json$")
    assert revoke.authorization == f"Bearer {zendesk.issued_tokens()[0]}"


def test_no_browser_is_a_plain_error_or_an_address_to_copy(
    zendesk: FakeZendesk, browser: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STANDIN_BROWSER_MODE", "fail")
    with pytest.raises(BrowserNotOpenedError) as raised:
        SignIn(config(zendesk), timeout=20).run()
    assert raised.value.url.startswith(f"{zendesk.url}/oauth/authorizations/new?")
    assert "browser" in str(raised.value)

    # With somewhere to show the address, the sign-in keeps waiting: the engineer pastes it.
    monkeypatch.setenv("STANDIN_BROWSER_MODE", "follow")
    pasted: list[threading.Thread] = []

    def show_address(url: str) -> None:
        pasted.append(threading.Thread(target=follow_in_browser, args=(url,)))
        pasted[-1].start()

    result = SignIn(
        config(zendesk), open_url=lambda url: False, on_browser_failed=show_address
    ).run()
    assert result.me.id == AGENT_ID
    pasted[0].join(timeout=5)


def test_a_busy_fixed_port_is_named(zendesk: FakeZendesk) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = int(taken.getsockname()[1])
        with pytest.raises(ListenerUnavailableError, match=f"Port {port} "):
            SignIn(config(zendesk, port), timeout=5).run()
    assert zendesk.requests == []


def test_the_listener_takes_only_loopback_and_ignores_stray_requests() -> None:
    listener = LoopbackListener()
    port = listener.port
    with socket.socket() as other:  # 127.0.0.2 is this machine too, but not the bound address
        assert other.connect_ex(("127.0.0.2", port)) != 0
    idle = socket.create_connection(("127.0.0.1", port))  # a browser's connection in advance
    codes: list[str] = []
    waiter = threading.Thread(target=lambda: codes.append(listener.wait("st", timeout=10)))
    waiter.start()
    try:
        with socket.create_connection(("127.0.0.1", port)) as favicon:
            favicon.sendall(b"GET /favicon.ico HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            assert favicon.recv(100).startswith(b"HTTP/1.1 404 ")
        with socket.create_connection(("127.0.0.1", port)) as redirect:
            redirect.sendall(b"GET /?code=c-1&state=st HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            assert redirect.recv(100).startswith(b"HTTP/1.1 200 ")
        waiter.join(timeout=5)
    finally:
        idle.close()
    assert codes == ["c-1"]
    assert refused(port)


def test_a_failed_code_exchange_saves_nothing(zendesk: FakeZendesk, browser: Path) -> None:
    zendesk.fail("POST", "/oauth/tokens", Status(503, {"error": "unavailable"}))
    with pytest.raises(SignInError, match="did not finish"):
        SignIn(config(zendesk), timeout=20).run()
    assert last_step(browser, "redirect 200 Back to callcompanion").startswith("redirect 200")
    assert not [r for r in zendesk.requests if r.path.startswith("/api/")]


def test_a_new_token_refused_at_once_is_asked_for_once_and_says_sign_in_again(
    zendesk: FakeZendesk, browser: Path
) -> None:
    zendesk.fail("GET", r"/users/me", Status(401, {"error": "Couldn't authenticate you"}))
    with pytest.raises(SignInRefusedError, match="Nothing was saved"):
        SignIn(config(zendesk), timeout=20).run()
    assert len(zendesk.calls("GET", r"/users/me")) == 1
