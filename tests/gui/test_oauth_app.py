"""The whole app with a connection that signs in with Zendesk, against the loopback Zendesk.

Through the real OutboxController, ZendeskAuth and SignInController: a post after the access
token expired goes out once after one refresh; a post and a ticket read racing an expiry make
one refresh; a refused refresh keeps the post waiting until the engineer signs in again, and an
unknown outcome is still looked for by its marker first; ``--status`` says how each connection
signs in; ``--sign-in`` runs the browser hand-off (the stand-in browser) from the command line.
"""

from __future__ import annotations

import re
import threading
import webbrowser
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from callcompanion.app import CallCompanion
from callcompanion.controllers.outbox import OutboxController
from callcompanion.core.connections import OAuthClient, ZendeskConnection, make_connection
from callcompanion.core.outbox_kind import OutboxKind
from callcompanion.core.settings import Settings
from callcompanion.core.ticket import TicketRef
from callcompanion.instance import SIGN_IN, STATUS, Request
from callcompanion.paths import AppPaths
from callcompanion.services import zendesk as zendesk_service
from callcompanion.services.credentials import CredentialStore, OAuthTokenStore
from callcompanion.services.oauth import TokenEndpoint, TokenSet
from callcompanion.services.outbox import EntryState, OutboxEntry
from callcompanion.services.settings_file import save_settings
from callcompanion.services.zendesk import Me
from tests.fakes.prism import need
from tests.fakes.standin_browser import browser_command
from tests.fakes.zendesk_server import AGENT_ID, EMAIL, OAUTH_CLIENT_ID, FakeZendesk, LoseResponse
from tests.gui.conftest import FAST_TIMEOUT, MakeCompanion, settle
from tests.test_contract_oauth import SPEC, spec_block
from tests.unit.test_oauth_tokens import signed_in

TICKET = 12345


@dataclass
class OAuthSetup:
    make: MakeCompanion
    zendesk: FakeZendesk
    connection: ZendeskConnection


@pytest.fixture
def zendesk() -> Iterator[FakeZendesk]:
    with FakeZendesk() as fake:
        fake.add_ticket(TICKET, subject="Upgrade to 17.3 fails")
        yield fake


def new_tokens(zendesk: FakeZendesk) -> TokenSet:
    """A finished sign-in's tokens (a real authorization-code grant with PKCE)."""
    endpoint = TokenEndpoint(zendesk.url, OAUTH_CLIENT_ID)
    try:
        return signed_in(zendesk, endpoint)
    finally:
        endpoint.close()


@pytest.fixture
def oauth(
    make_companion: MakeCompanion,
    zendesk: FakeZendesk,
    profile: AppPaths,
    monkeypatch: pytest.MonkeyPatch,
) -> OAuthSetup:
    """A profile whose default connection signs in with Zendesk, signed in on an earlier run."""
    monkeypatch.setattr(zendesk_service, "DEFAULT_TIMEOUT", FAST_TIMEOUT)
    connection = make_connection(
        id="0a0a0a0a",
        label="Global",
        address=zendesk.url,
        email=EMAIL,
        oauth=OAuthClient(OAUTH_CLIENT_ID),
    )
    save_settings(
        profile.settings_file,
        Settings(
            engineer_name="Ana Example",
            zendesk_connections=(connection,),
            default_connection=connection.id,
        ),
    )
    OAuthTokenStore(CredentialStore()).save(connection, new_tokens(zendesk))
    return OAuthSetup(make_companion, zendesk, connection)


def queue_note(outbox: OutboxController, connection: ZendeskConnection, text: str = "") -> int:
    return outbox.enqueue(
        ticket=TicketRef(TICKET),
        text=text or "Details from the call",
        public=False,
        kind=OutboxKind.UPGRADE_NOTE,
        label=f"Internal note for #{TICKET}",
        connection_id=connection.id,
    )


def entry(companion: CallCompanion, entry_id: int) -> OutboxEntry:
    found = companion.outbox.outbox.get(entry_id)
    assert found is not None
    return found


def bearer_only(zendesk: FakeZendesk) -> bool:
    api = [r for r in zendesk.requests if r.path.startswith("/api/v2/")]
    return bool(api) and all((r.authorization or "").startswith("Bearer ") for r in api)


def test_a_post_after_the_access_token_expired_goes_once_after_one_refresh(
    qtbot: QtBot, oauth: OAuthSetup
) -> None:
    companion, zendesk = oauth.make(), oauth.zendesk
    zendesk.expire_access_tokens()
    entry_id = queue_note(companion.outbox, oauth.connection)
    qtbot.waitUntil(lambda: entry(companion, entry_id).state is EntryState.SENT, timeout=10_000)
    assert len(zendesk.comments(TICKET)) == 1
    assert len(zendesk.token_grants("refresh_token")) == 1
    assert len(zendesk.calls("PUT", rf"/tickets/{TICKET}$")) == 1
    assert bearer_only(zendesk)


def test_the_refresh_the_outbox_makes_matches_the_contract(qtbot: QtBot, oauth: OAuthSetup) -> None:
    need(SPEC.exists(), f"the contract is not beside the checkout ({SPEC})")
    documented = spec_block(SPEC.read_text(encoding="utf-8"), "  /oauth/tokens:")
    companion, zendesk = oauth.make(), oauth.zendesk
    zendesk.expire_access_tokens()
    entry_id = queue_note(companion.outbox, oauth.connection)
    qtbot.waitUntil(lambda: entry(companion, entry_id).state is EntryState.SENT, timeout=10_000)
    (refresh,) = zendesk.token_grants("refresh_token")
    assert refresh.path == "/oauth/tokens", "at the instance's root, not under /api/v2"
    assert isinstance(refresh.body, dict)
    for name in refresh.body:
        assert re.search(rf"\| {name}\s+\|", documented) or re.search(rf"\b{name}: ", documented), (
            f"{name} is not a documented /oauth/tokens parameter"
        )
    assert refresh.authorization is None, "a public client sends no credentials"


def test_a_post_and_a_ticket_read_racing_an_expiry_make_one_refresh(
    qtbot: QtBot, oauth: OAuthSetup
) -> None:
    companion, zendesk = oauth.make(), oauth.zendesk
    zendesk.expire_access_tokens()
    # The refresh takes a while, so the second sender arrives while the first refreshes.
    zendesk.slow("POST", r"^/oauth/tokens$", 0.4)
    loaded: list[str] = []
    companion.ticket_context.loaded.connect(lambda _call, info: loaded.append(info.subject))
    companion.ticket_context.fetch("call-1", TICKET, oauth.connection)
    entry_id = queue_note(companion.outbox, oauth.connection)
    qtbot.waitUntil(lambda: entry(companion, entry_id).state is EntryState.SENT, timeout=10_000)
    qtbot.waitUntil(lambda: loaded == ["Upgrade to 17.3 fails"], timeout=10_000)
    assert len(zendesk.token_grants("refresh_token")) == 1, "rotation allows one refresh"
    assert len(zendesk.comments(TICKET)) == 1


def sign_in_again(qtbot: QtBot, companion: CallCompanion, setup: OAuthSetup) -> None:
    """What a finished browser sign-in does: the tokens to ZendeskAuth, then the signal."""
    auth = companion.zendesk_auth
    done = threading.Event()

    def worker() -> None:  # off the GUI thread, as the sign-in's worker does it
        auth.signed_in(setup.connection, new_tokens(setup.zendesk))
        done.set()

    threading.Thread(target=worker, daemon=True).start()
    qtbot.waitUntil(done.is_set, timeout=10_000)
    companion.sign_in.signed_in.emit(setup.connection, Me(AGENT_ID, "Ana Example", EMAIL, "agent"))


def test_a_refused_refresh_keeps_the_post_until_signing_in_again(
    qtbot: QtBot, oauth: OAuthSetup
) -> None:
    companion, zendesk = oauth.make(), oauth.zendesk
    zendesk.revoke_refresh_tokens()
    entry_id = queue_note(companion.outbox, oauth.connection)
    qtbot.waitUntil(lambda: entry(companion, entry_id).state is EntryState.FAILED, timeout=10_000)
    waiting = entry(companion, entry_id)
    assert waiting.auth_failed
    assert "Sign in with Zendesk again in Settings" in (waiting.last_error or "")
    assert zendesk.comments(TICKET) == []
    (line,) = companion.remote.handle(Request(STATUS))["zendesk"]
    assert line["needs_sign_in"]
    assert not line["signed_in"]

    # Signing in again as the same agent: nothing in the settings changes, the post goes.
    sign_in_again(qtbot, companion, oauth)
    qtbot.waitUntil(lambda: entry(companion, entry_id).state is EntryState.SENT, timeout=10_000)
    settle(qtbot, companion)
    assert len(zendesk.comments(TICKET)) == 1
    (line,) = companion.remote.handle(Request(STATUS))["zendesk"]
    assert line["signed_in"]
    assert not line["needs_sign_in"]


def test_an_unknown_outcome_is_looked_for_by_its_marker_after_signing_in_again(
    qtbot: QtBot, oauth: OAuthSetup
) -> None:
    companion, zendesk = oauth.make(), oauth.zendesk
    zendesk.fail("PUT", rf"/tickets/{TICKET}$", LoseResponse())
    entry_id = queue_note(companion.outbox, oauth.connection, "Lost answer")
    qtbot.waitUntil(lambda: entry(companion, entry_id).outcome_unknown, timeout=10_000)
    settle(qtbot, companion)
    assert len(zendesk.comments(TICKET)) == 1, "Zendesk has it; the app does not know"

    # The sign-in is revoked before the retry: the marker check itself waits for it.
    zendesk.revoke_refresh_tokens()
    assert companion.outbox.retry(entry_id)
    qtbot.waitUntil(lambda: entry(companion, entry_id).state is EntryState.FAILED, timeout=10_000)
    assert entry(companion, entry_id).outcome_unknown, "still to be looked for"

    sign_in_again(qtbot, companion, oauth)
    qtbot.waitUntil(lambda: entry(companion, entry_id).state is EntryState.SENT, timeout=10_000)
    assert len(zendesk.comments(TICKET)) == 1, "found by its marker, not posted again"
    assert len(zendesk.calls("PUT", rf"/tickets/{TICKET}$")) == 1
    assert zendesk.calls("GET", rf"/tickets/{TICKET}/comments")


def test_status_says_how_each_connection_signs_in_without_secrets(
    oauth: OAuthSetup, profile: AppPaths
) -> None:
    api = make_connection(id="0b0b0b0b", label="Sandbox", address=oauth.zendesk.url, email=EMAIL)
    not_yet = make_connection(
        id="0c0c0c0c",
        label="Gov",
        address="https://support.acme-gov.example",
        email="",
        oauth=OAuthClient(OAUTH_CLIENT_ID, 47823),
    )
    save_settings(
        profile.settings_file,
        Settings(
            engineer_name="Ana Example",
            zendesk_connections=(oauth.connection, api, not_yet),
            default_connection=oauth.connection.id,
        ),
    )
    companion = oauth.make()
    status = companion.remote.handle(Request(STATUS))
    assert status["zendesk"] == [
        {
            "label": "Global",
            "host": "127.0.0.1",
            "sign_in": "oauth",
            "signed_in": True,
            "needs_sign_in": False,
        },
        {
            "label": "Sandbox",
            "host": "127.0.0.1",
            "sign_in": "api_token",
            "signed_in": True,
            "needs_sign_in": False,
        },
        {
            "label": "Gov",
            "host": "support.acme-gov.example",
            "sign_in": "oauth",
            "signed_in": False,
            "needs_sign_in": False,
        },
    ]
    assert EMAIL not in str(status["zendesk"])


@pytest.fixture
def standin_browser(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """$BROWSER is the stand-in browser (a real process); returns the file of its steps."""
    notes = tmp_path / "browser.log"
    monkeypatch.setenv("BROWSER", str(browser_command(tmp_path)))
    monkeypatch.setenv("STANDIN_BROWSER_LOG", str(notes))
    monkeypatch.setattr(webbrowser, "_tryorder", None)  # read this test's $BROWSER
    monkeypatch.setattr(webbrowser, "_browsers", {})
    return notes


def test_sign_in_from_the_command_line_runs_the_browser_hand_off_and_sends_waiting_posts(
    qtbot: QtBot, oauth: OAuthSetup, standin_browser: Path
) -> None:
    companion, zendesk = oauth.make(), oauth.zendesk
    zendesk.revoke_refresh_tokens()
    entry_id = queue_note(companion.outbox, oauth.connection)
    qtbot.waitUntil(lambda: entry(companion, entry_id).state is EntryState.FAILED, timeout=10_000)

    reply = companion.remote.handle(Request(SIGN_IN))
    assert reply["ok"], reply
    assert reply["signing_in"] == f"Global ({oauth.connection.host})"
    settings_open = companion.zendesk._settings_open()
    assert settings_open is not None, "Settings is open at Zendesk"
    assert settings_open.tabs.currentWidget().objectName() == "zendeskTab"
    qtbot.waitUntil(lambda: entry(companion, entry_id).state is EntryState.SENT, timeout=20_000)
    assert len(zendesk.comments(TICKET)) == 1
    assert len(zendesk.token_grants("authorization_code")) == 2  # the earlier run's, this one
    assert "redirect 200" in standin_browser.read_text(encoding="utf-8")
    settings_open.reject()


def test_sign_in_from_the_command_line_without_such_a_connection_is_refused(
    companion: CallCompanion,
) -> None:
    reply = companion.remote.handle(Request(SIGN_IN))
    assert not reply["ok"]
    assert "No Zendesk connection here signs in with Zendesk" in reply["error"]
    assert any("signs in with Zendesk" in text for text in companion.window.notices())


# -- the team file at start ------------------------------------------------------------------------


def write_team_file(profile: AppPaths, text: str) -> Path:
    path = profile.config_dir / "team.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_team_file_at_start_fills_in_what_the_engineer_has_not_set_once(
    make_companion: MakeCompanion, zendesk: FakeZendesk, profile: AppPaths
) -> None:
    write_team_file(
        profile,
        f'summary_tags = ["customer_call"]\n\n[[instance]]\nlabel = "Global"\n'
        f'address = "{zendesk.url}"\noauth_client_id = "{OAUTH_CLIENT_ID}"\ndefault = true\n',
    )
    companion = make_companion()
    settings = companion.settings.value
    (connection,) = settings.zendesk_connections
    assert connection.base_url == zendesk.url
    assert connection.oauth == OAuthClient(OAUTH_CLIENT_ID)
    assert settings.default_connection == connection.id
    assert settings.summary_tags == ("customer_call",)
    assert companion.team_setup is not None
    (added,) = [n for n in companion.window.notices() if n.startswith("From your team's set-up")]
    assert "the summary tags" in added
    assert "Sign in with Zendesk in Settings" not in added, "the first-run card offers it"
    saved = profile.settings_file.read_bytes()
    assert b"customer_call" in saved, "saved with the settings"
    (line,) = companion.remote.handle(Request(STATUS))["zendesk"]
    assert line["sign_in"] == "oauth"
    assert not line["signed_in"]
    companion.close()

    again = make_companion()
    assert again.settings.value == settings, "applying the same file again changes nothing"
    assert profile.settings_file.read_bytes() == saved
    assert not [n for n in again.window.notices() if n.startswith("From your team's set-up")]
    assert again.team_setup is not None, "kept for Settings"


def test_a_broken_team_file_is_a_notice_and_leaves_the_settings_alone(
    make_companion: MakeCompanion, profile: AppPaths
) -> None:
    mine = Settings(engineer_name="Ana Example", summary_tags=("mine",))
    save_settings(profile.settings_file, mine)
    before = profile.settings_file.read_bytes()
    path = write_team_file(profile, 'summary_tags = ["customer_call"\n[[instance]]\n')
    companion = make_companion()
    assert companion.settings.value == mine
    assert profile.settings_file.read_bytes() == before
    assert companion.team_setup is None
    assert any(str(path) in notice for notice in companion.window.notices())
    assert companion.report.notices, "the smoke test reports it too"


def test_sign_in_from_the_command_line_while_another_sign_in_waits_is_refused(
    qtbot: QtBot, oauth: OAuthSetup, standin_browser: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STANDIN_BROWSER_MODE", "close")  # left on the consent page
    companion = oauth.make()
    being_added = make_connection(
        id="0d0d0d0d",
        label="Sandbox",
        address=oauth.zendesk.url,
        email="",
        oauth=OAuthClient(OAUTH_CLIENT_ID),
    )
    assert companion.sign_in.sign_in(being_added)  # from Settings, not saved yet
    reply = companion.remote.handle(Request(SIGN_IN))
    assert not reply["ok"]
    assert reply["error"] == (
        "A sign-in is already waiting in your browser; finish or cancel it first."
    )
    assert companion.sign_in.connection_id == being_added.id, "the waiting one goes on"
    companion.sign_in.cancel()
    qtbot.waitUntil(lambda: not companion.sign_in.busy, timeout=10_000)
    dialog = companion.zendesk._settings_open()
    if dialog is not None:
        dialog.reject()


def test_a_saved_email_without_a_sign_in_here_reads_sign_in_again(
    qtbot: QtBot, make_companion: MakeCompanion, zendesk: FakeZendesk, profile: AppPaths
) -> None:
    """Who signed in is in the settings, the tokens are not in the keyring (kept in memory
    only before, or removed): once a post finds out, --status and Settings say so."""
    connection = make_connection(
        id="0a0a0a0a",
        label="Global",
        address=zendesk.url,
        email=EMAIL,
        oauth=OAuthClient(OAUTH_CLIENT_ID),
    )
    save_settings(
        profile.settings_file,
        Settings(
            engineer_name="Ana Example",
            zendesk_connections=(connection,),
            default_connection=connection.id,
        ),
    )
    companion = make_companion()
    entry_id = queue_note(companion.outbox, connection)
    qtbot.waitUntil(
        lambda: entry(companion, entry_id).state is EntryState.NOT_CONNECTED, timeout=10_000
    )
    assert "You are not signed in" in (entry(companion, entry_id).last_error or "")
    (line,) = companion.remote.handle(Request(STATUS))["zendesk"]
    assert (line["signed_in"], line["needs_sign_in"]) == (False, True)
    dialog = companion.open_settings()
    assert dialog.connectionsList.item(0).text() == ("Global (127.0.0.1) · sign in again · default")
    dialog.reject()
