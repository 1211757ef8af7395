"""Sign in with Zendesk from Settings → Zendesk, the connection dialog and the first-run card.

A real loopback Zendesk with its OAuth endpoints, the app's real listener, and a stand-in
browser process started through ``$BROWSER``.
"""

from __future__ import annotations

import threading
import webbrowser
from pathlib import Path
from typing import Any

import httpx
import keyring
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox
from pytestqt.qtbot import QtBot

from callcompanion.app import CallCompanion
from callcompanion.core.connections import OAuthClient, ZendeskConnection, make_connection
from callcompanion.core.settings import Settings
from callcompanion.core.team import TeamSetup
from callcompanion.gui.connection_dialog import ConnectionDialog
from callcompanion.gui.first_run import wants_first_run
from callcompanion.gui.settings import SettingsDialog
from callcompanion.paths import AppPaths
from callcompanion.services.credentials import CredentialStore
from callcompanion.services.settings_file import save_settings
from callcompanion.services.zendesk_auth import ZendeskAuth
from tests.fakes.standin_browser import browser_command
from tests.fakes.standin_browser import main as follow_in_browser
from tests.fakes.zendesk_server import EMAIL, OAUTH_CLIENT_ID, TOKEN, FakeZendesk
from tests.gui.conftest import MakeCompanion

SERVICE = "callcompanion"


@pytest.fixture
def browser(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """$BROWSER is the stand-in; returns the file it notes its steps in."""
    notes = tmp_path / "browser.log"
    monkeypatch.setenv("BROWSER", str(browser_command(tmp_path)))
    monkeypatch.setenv("STANDIN_BROWSER_LOG", str(notes))
    monkeypatch.setattr(webbrowser, "_tryorder", None)  # read this test's $BROWSER
    monkeypatch.setattr(webbrowser, "_browsers", {})
    return notes


def oauth_connection(zendesk: FakeZendesk, email: str = "") -> ZendeskConnection:
    return make_connection(
        id="abcd1234",
        label="Global",
        address=zendesk.url,
        email=email,
        oauth=OAuthClient(OAUTH_CLIENT_ID),
    )


def app_with(
    make_companion: MakeCompanion, profile: AppPaths, *connections: ZendeskConnection, **more: Any
) -> CallCompanion:
    save_settings(
        profile.settings_file,
        Settings(
            engineer_name=more.pop("engineer_name", "Ana Example"),
            zendesk_connections=connections,
            default_connection=connections[0].id if connections else "",
            **more,
        ),
    )
    return make_companion()


def zendesk_tab(companion: CallCompanion) -> SettingsDialog:
    dialog = companion.open_settings()
    dialog.tabs.setCurrentWidget(dialog.zendeskTab)
    dialog.connectionsList.setCurrentRow(0)
    return dialog


def saved_connections(companion: CallCompanion) -> tuple[ZendeskConnection, ...]:
    return companion.settings.value.zendesk_connections


def tokens_in_keyring(connection: ZendeskConnection) -> str | None:
    return keyring.get_password(SERVICE, connection.oauth_keyring_user)


def click(qtbot: QtBot, button: Any) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_signing_in_from_the_tab_says_who_and_saves_the_email(
    qtbot: QtBot,
    make_companion: MakeCompanion,
    profile: AppPaths,
    zendesk: FakeZendesk,
    browser: Path,
) -> None:
    connection = oauth_connection(zendesk)
    companion = app_with(make_companion, profile, connection)
    dialog = zendesk_tab(companion)
    assert dialog.connectionsList.item(0).text() == ("Global (127.0.0.1) · not signed in · default")
    assert "Signs in with Zendesk." in dialog.signInMethodLabel.text()
    assert "never sees your password" in dialog.signInMethodLabel.text()
    assert dialog.signInButton.isVisibleTo(dialog)
    assert dialog.signInButton.text() == "Sign &in with Zendesk"
    assert not dialog.signOutButton.isEnabled(), "nobody to sign out"

    click(qtbot, dialog.signInButton)
    qtbot.waitUntil(lambda: "Signed in to Global" in dialog.connectionResult.text(), timeout=15_000)
    assert dialog.connectionResult.text() == (
        f"Signed in to Global (127.0.0.1) as Ana Example ({EMAIL})."
    )
    assert dialog.connectionResult.styleSheet() == ""
    assert dialog.connectionsList.item(0).text() == (
        f"Global (127.0.0.1) · signed in as {EMAIL} · default"
    )
    assert dialog.signInButton.text() == "Sign &in again"
    assert dialog.signOutButton.isEnabled()
    # Saved at once (the browser was the engineer's confirmation), tokens in the keyring only.
    assert companion.settings.value.zendesk_connections[0].email == EMAIL
    assert tokens_in_keyring(connection)
    stored = profile.settings_file.read_text()
    assert EMAIL in stored
    assert tokens_in_keyring(connection) not in stored  # type: ignore[operator]
    with qtbot.waitSignal(dialog.accepted):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert companion.settings.value.zendesk_connections[0].email == EMAIL


def test_waiting_for_the_browser_can_be_cancelled(
    qtbot: QtBot,
    make_companion: MakeCompanion,
    profile: AppPaths,
    zendesk: FakeZendesk,
    browser: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("STANDIN_BROWSER_MODE", "close")  # the tab is left on the consent page
    connection = oauth_connection(zendesk)
    companion = app_with(make_companion, profile, connection)
    dialog = zendesk_tab(companion)
    click(qtbot, dialog.signInButton)
    qtbot.waitUntil(lambda: companion.sign_in.busy)
    assert dialog.connectionResult.text() == "Waiting for you to sign in in your browser…"
    assert dialog.signInButton.text() == "Cancel sign-&in"
    assert "· signing in…" in dialog.connectionsList.item(0).text()
    assert not dialog.signInAddressEdit.isVisibleTo(dialog), "the browser opened"

    click(qtbot, dialog.signInButton)
    qtbot.waitUntil(lambda: not companion.sign_in.busy, timeout=10_000)
    assert dialog.connectionResult.text() == "Sign-in cancelled. Nothing was saved."
    assert "color" in dialog.connectionResult.styleSheet()
    assert dialog.signInButton.text() == "Sign &in with Zendesk"
    assert "· not signed in" in dialog.connectionsList.item(0).text()
    assert tokens_in_keyring(connection) is None
    assert zendesk.token_grants("authorization_code") == []
    dialog.reject()


def test_a_denied_consent_is_a_sentence_and_saves_nothing(
    qtbot: QtBot,
    make_companion: MakeCompanion,
    profile: AppPaths,
    zendesk: FakeZendesk,
    browser: Path,
) -> None:
    zendesk.oauth_consent = "deny"
    connection = oauth_connection(zendesk)
    companion = app_with(make_companion, profile, connection)
    dialog = zendesk_tab(companion)
    click(qtbot, dialog.signInButton)
    qtbot.waitUntil(lambda: not companion.sign_in.busy, timeout=15_000)
    text = dialog.connectionResult.text()
    assert "Access was not allowed" in text
    assert "nothing was saved" in text
    assert text.endswith(".")
    assert "color" in dialog.connectionResult.styleSheet()
    assert "· not signed in" in dialog.connectionsList.item(0).text()
    assert companion.settings.value.zendesk_connections[0].email == ""
    assert tokens_in_keyring(connection) is None
    dialog.reject()


def test_without_a_browser_the_address_is_offered_to_copy(
    qtbot: QtBot,
    make_companion: MakeCompanion,
    profile: AppPaths,
    zendesk: FakeZendesk,
    browser: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("STANDIN_BROWSER_MODE", "fail")
    connection = oauth_connection(zendesk)
    companion = app_with(make_companion, profile, connection)
    dialog = zendesk_tab(companion)
    click(qtbot, dialog.signInButton)
    qtbot.waitUntil(lambda: dialog.signInAddressEdit.isVisibleTo(dialog), timeout=15_000)
    assert dialog.connectionResult.text().startswith("No browser opened.")
    assert dialog.copyAddressButton.isVisibleTo(dialog)
    assert dialog.signInAddressEdit.isReadOnly()
    url = dialog.signInAddressEdit.text()
    assert url.startswith(f"{zendesk.url}/oauth/authorizations/new?")
    assert companion.sign_in.busy, "the sign-in keeps waiting"
    click(qtbot, dialog.copyAddressButton)
    assert QGuiApplication.clipboard().text() == url

    # The engineer pastes it into a browser themselves.
    monkeypatch.setenv("STANDIN_BROWSER_MODE", "follow")
    pasted = threading.Thread(target=follow_in_browser, args=(url,))
    pasted.start()
    qtbot.waitUntil(lambda: "Signed in to" in dialog.connectionResult.text(), timeout=15_000)
    pasted.join(timeout=10)
    assert not dialog.signInAddressEdit.isVisibleTo(dialog)
    assert companion.settings.value.zendesk_connections[0].email == EMAIL
    dialog.reject()


def test_signing_out_revokes_the_sign_in_and_forgets_it(
    qtbot: QtBot,
    make_companion: MakeCompanion,
    profile: AppPaths,
    zendesk: FakeZendesk,
    browser: Path,
) -> None:
    connection = oauth_connection(zendesk)
    companion = app_with(make_companion, profile, connection)
    dialog = zendesk_tab(companion)
    click(qtbot, dialog.signInButton)
    qtbot.waitUntil(lambda: dialog.signOutButton.isEnabled(), timeout=15_000)
    access = zendesk.issued_tokens()[0]

    def me_with(token: str) -> int:
        answer = httpx.get(
            f"{zendesk.url}/api/v2/users/me.json", headers={"Authorization": f"Bearer {token}"}
        )
        return answer.status_code

    assert me_with(access) == 200
    click(qtbot, dialog.signOutButton)
    qtbot.waitUntil(lambda: "Signed out of" in dialog.connectionResult.text(), timeout=10_000)
    assert dialog.connectionResult.text() == (
        "Signed out of Global (127.0.0.1): the sign-in was revoked and removed from this computer."
    )
    (revoke,) = zendesk.calls("DELETE", r"^/api/v2/oauth/tokens/current\.json$")
    assert revoke.authorization == f"Bearer {access}"
    assert me_with(access) == 401, "the token stopped working at Zendesk"
    assert tokens_in_keyring(connection) is None
    assert "· not signed in" in dialog.connectionsList.item(0).text()
    assert companion.settings.value.zendesk_connections[0].email == ""
    assert not dialog.signOutButton.isEnabled()
    dialog.reject()


def test_removing_a_signed_in_connection_signs_it_out_when_settings_are_saved(
    qtbot: QtBot,
    make_companion: MakeCompanion,
    profile: AppPaths,
    zendesk: FakeZendesk,
    browser: Path,
) -> None:
    connection = oauth_connection(zendesk)
    companion = app_with(make_companion, profile, connection)
    dialog = zendesk_tab(companion)
    click(qtbot, dialog.signInButton)
    qtbot.waitUntil(lambda: dialog.signOutButton.isEnabled(), timeout=15_000)
    click(qtbot, dialog.removeConnectionButton)
    assert dialog.connectionResult.text() == (
        "You are signed out of Global (127.0.0.1) when you press OK."
    )
    assert zendesk.calls("DELETE", r"/oauth/tokens/current") == [], "not before OK"
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: tokens_in_keyring(connection) is None, timeout=10_000)
    assert len(zendesk.calls("DELETE", r"^/api/v2/oauth/tokens/current\.json$")) == 1
    qtbot.waitUntil(lambda: companion.settings.value.zendesk_connections == ())


def accept_with(monkeypatch: pytest.MonkeyPatch, fill: Any) -> None:
    """The connection dialog, when opened, is filled by *fill* and saved (its Save button)."""

    def run(self: ConnectionDialog) -> int:
        fill(self)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).click()
        return int(self.result() == QDialog.DialogCode.Accepted)

    monkeypatch.setattr(ConnectionDialog, "exec", run)


def test_a_new_connection_signs_in_when_saved_and_is_kept_with_the_settings(
    qtbot: QtBot,
    make_companion: MakeCompanion,
    profile: AppPaths,
    zendesk: FakeZendesk,
    browser: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    companion = app_with(make_companion, profile)

    def fill(dialog: ConnectionDialog) -> None:
        assert dialog.oauthRadio.isChecked(), "Sign in with Zendesk is offered first"
        dialog.labelEdit.setText("Global")
        dialog.addressEdit.setText(zendesk.url)
        dialog.clientEdit.setText(OAUTH_CLIENT_ID)
        save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
        assert save.text() == "Save and sign in"

    accept_with(monkeypatch, fill)
    dialog = zendesk_tab(companion)
    click(qtbot, dialog.addConnectionButton)
    qtbot.waitUntil(lambda: "Signed in to Global" in dialog.connectionResult.text(), timeout=15_000)
    assert f"signed in as {EMAIL}" in dialog.connectionsList.item(0).text()
    assert saved_connections(companion) == (), "saved when OK is pressed"
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: bool(companion.settings.value.zendesk_connections))
    (saved,) = companion.settings.value.zendesk_connections
    assert (saved.email, saved.oauth) == (EMAIL, OAuthClient(OAUTH_CLIENT_ID))
    assert tokens_in_keyring(saved)


def test_a_new_connection_signed_in_then_cancelled_leaves_no_sign_in(
    qtbot: QtBot,
    make_companion: MakeCompanion,
    profile: AppPaths,
    zendesk: FakeZendesk,
    browser: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    companion = app_with(make_companion, profile)

    def fill(dialog: ConnectionDialog) -> None:
        dialog.addressEdit.setText(zendesk.url)
        dialog.clientEdit.setText(OAUTH_CLIENT_ID)

    accept_with(monkeypatch, fill)
    dialog = zendesk_tab(companion)
    click(qtbot, dialog.addConnectionButton)
    qtbot.waitUntil(lambda: "Signed in to" in dialog.connectionResult.text(), timeout=15_000)
    added = dialog.zendesk._connections[0]
    assert tokens_in_keyring(added)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    qtbot.waitUntil(lambda: tokens_in_keyring(added) is None, timeout=10_000)
    assert len(zendesk.calls("DELETE", r"^/api/v2/oauth/tokens/current\.json$")) == 1
    assert companion.settings.value.zendesk_connections == ()


def test_the_dialog_says_what_is_wrong_in_sentences(qtbot: QtBot) -> None:
    dialog = ConnectionDialog(ZendeskAuth(CredentialStore()))
    qtbot.addWidget(dialog)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    dialog.addressEdit.setText("acme")
    save.click()
    assert dialog.problem.text().startswith("Enter the OAuth client id your Zendesk admin")
    dialog.clientEdit.setText("callcompanion_global")
    for port in ("abc", "80"):
        dialog.portEdit.setText(port)
        save.click()
        assert dialog.problem.text().startswith(
            "The redirect port must be a whole number from 1024 to 65535"
        ), port
        assert dialog.problem.text().endswith(".")
    dialog.portEdit.setText("47823")
    dialog.clientEdit.setText("has space")
    save.click()
    assert dialog.problem.text() == (
        "The OAuth client id must be the client's unique identifier from Zendesk (letters, "
        "digits, dots, dashes and underscores)."
    )
    dialog.clientEdit.setText("callcompanion\u200b_global")
    save.click()
    assert "invisible character (U+200B)" in dialog.problem.text()
    assert dialog.result() != QDialog.DialogCode.Accepted
    dialog.clientEdit.setText("callcompanion_global")
    save.click()
    connection = dialog.connection()
    assert connection is not None
    assert dialog.sign_in_now
    assert connection.base_url == "https://acme.zendesk.com"
    assert connection.oauth == OAuthClient("callcompanion_global", 47823)
    assert connection.email == ""

    # The API-token way: email and token, as before; the test button is there only.
    token_way = ConnectionDialog(ZendeskAuth(CredentialStore()))
    qtbot.addWidget(token_way)
    assert not token_way.testButton.isVisibleTo(token_way)
    click(qtbot, token_way.tokenRadio)
    assert token_way.testButton.isVisibleTo(token_way)
    assert not token_way.clientEdit.isVisibleTo(token_way)
    assert "made by a Zendesk admin" in token_way.wayExplanation.text()
    token_way.addressEdit.setText("acme")
    token_way.emailEdit.setText("not an email")
    token_way.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert token_way.problem.text().startswith("Enter the email address you sign in to Zendesk")


def test_the_team_file_fills_in_the_sign_in_details(qtbot: QtBot) -> None:
    team = [
        ZendeskConnection(
            "team0001", "Global", "https://acme.zendesk.com", "", OAuthClient("cc_global", 47823)
        )
    ]
    dialog = ConnectionDialog(ZendeskAuth(CredentialStore()), team=team)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.addressEdit, "acme")
    assert dialog.clientEdit.text() == "cc_global"
    assert dialog.portEdit.text() == "47823"
    assert dialog.labelEdit.text() == "Global"
    assert dialog.teamNote.text() == "Sign-in details filled in from your team's set-up."
    qtbot.keyClicks(dialog.addressEdit, "x")  # "acmex": not the team's instance any more
    assert dialog.clientEdit.text() == ""
    assert dialog.teamNote.text() == ""


def test_the_team_s_instances_and_offers_are_suggested(
    qtbot: QtBot,
    make_companion: MakeCompanion,
    profile: AppPaths,
    zendesk: FakeZendesk,
    browser: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    token_connection = make_connection(
        id="abcd1234", label="Global", address=zendesk.url, email="lead@example.com"
    )
    keyring.set_password(SERVICE, token_connection.keyring_user, TOKEN)
    companion = app_with(make_companion, profile, token_connection)
    sandbox = ZendeskConnection("beef0001", "Sandbox", "https://acme-sandbox.zendesk.com", "")
    companion.team_setup = TeamSetup(
        companion.settings.value,
        connections=(sandbox,),
        oauth_offers={token_connection.id: OAuthClient(OAUTH_CLIENT_ID)},
    )
    dialog = zendesk_tab(companion)
    assert dialog.connectionsList.item(0).text() == (
        "Global (127.0.0.1) · API token · lead@example.com · default"
    )
    assert dialog.teamSuggestions.isVisibleTo(dialog)
    buttons = {
        b.accessibleName(): b
        for b in dialog.teamSuggestions.findChildren(type(dialog.signInButton))
    }
    assert set(buttons) == {
        "Add Sandbox (acme-sandbox.zendesk.com) from your team's set-up",
        "Switch Global (127.0.0.1) to Sign in with Zendesk",
    }

    def fill(connection_dialog: ConnectionDialog) -> None:
        assert connection_dialog.tokenRadio.isChecked()
        assert connection_dialog.labelEdit.text() == "Sandbox"
        assert connection_dialog.addressEdit.text() == "https://acme-sandbox.zendesk.com"
        connection_dialog.emailEdit.setText(EMAIL)
        connection_dialog.tokenEdit.setText("sandbox-token")

    accept_with(monkeypatch, fill)
    click(qtbot, buttons["Add Sandbox (acme-sandbox.zendesk.com) from your team's set-up"])
    assert dialog.connectionsList.count() == 2
    assert "Sandbox (acme-sandbox.zendesk.com) · API token" in dialog.connectionsList.item(1).text()

    dialog.connectionsList.setCurrentRow(0)
    (switch,) = [
        b
        for b in dialog.teamSuggestions.findChildren(type(dialog.signInButton))
        if b.accessibleName().startswith("Switch")
    ]
    click(qtbot, switch)
    qtbot.waitUntil(lambda: "Signed in to Global" in dialog.connectionResult.text(), timeout=15_000)
    assert f"Global (127.0.0.1) · signed in as {EMAIL}" in dialog.connectionsList.item(0).text()
    # Until OK, the saved connection still uses its API token, as its owner.
    assert saved_connections(companion)[0].email == "lead@example.com"
    assert saved_connections(companion)[0].oauth is None
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(
        lambda: companion.settings.value.zendesk_connections[0].oauth is not None, timeout=10_000
    )
    qtbot.waitUntil(
        lambda: keyring.get_password(SERVICE, token_connection.keyring_user) is None,
        timeout=10_000,
    )
    assert (
        keyring.get_password(
            SERVICE, "zendesk:" + companion.settings.value.zendesk_connections[1].id
        )
        == "sandbox-token"
    )


def test_the_first_run_card_signs_in_a_team_connection(
    qtbot: QtBot,
    make_companion: MakeCompanion,
    profile: AppPaths,
    zendesk: FakeZendesk,
    browser: Path,
) -> None:
    connection = oauth_connection(zendesk)
    fresh = Settings(zendesk_connections=(connection,), default_connection=connection.id)
    assert wants_first_run(fresh), "a team connection nobody signed in to is not set up"
    assert not wants_first_run(Settings(zendesk_connections=(oauth_connection(zendesk, EMAIL),)))
    companion = app_with(make_companion, profile, connection, engineer_name="")
    card = companion.first_start.card
    assert card is not None
    assert "zendesk" in card.pending()
    button = card.setup_buttons["zendesk"]
    assert button.text() == "Sign in with Zendesk"
    assert button.accessibleName() == "Sign in to Global (127.0.0.1) with Zendesk"
    assert companion.first_start.hint.label.text().startswith(
        "Summaries can't be posted yet: you have not signed in"
    )
    click(qtbot, button)
    qtbot.waitUntil(lambda: "Signed in to" in card.sign_in_status.text(), timeout=15_000)
    assert card.sign_in_status.text() == f"Signed in to Global (127.0.0.1) as {EMAIL}."
    assert "zendesk" not in card.pending()
    assert card.status["zendesk"].text() == "✓ Set"
    assert not card.setup_buttons["zendesk"].isVisibleTo(card)
    assert companion.settings.value.zendesk_connections[0].email == EMAIL
    assert not companion.first_start.hint.isVisibleTo(companion.window.endedPage)


def test_the_first_run_card_shows_the_wait_and_can_cancel_it(
    qtbot: QtBot,
    make_companion: MakeCompanion,
    profile: AppPaths,
    zendesk: FakeZendesk,
    browser: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("STANDIN_BROWSER_MODE", "close")
    companion = app_with(make_companion, profile, oauth_connection(zendesk), engineer_name="")
    card = companion.first_start.card
    assert card is not None
    click(qtbot, card.setup_buttons["zendesk"])
    qtbot.waitUntil(lambda: companion.sign_in.busy)
    assert card.sign_in_status.text() == "Waiting for you to sign in in your browser…"
    assert card.setup_buttons["zendesk"].text() == "Cancel sign-in"
    click(qtbot, card.setup_buttons["zendesk"])
    qtbot.waitUntil(lambda: not companion.sign_in.busy, timeout=10_000)
    assert card.sign_in_status.text() == "Sign-in cancelled. Nothing was saved."
    assert card.setup_buttons["zendesk"].text() == "Sign in with Zendesk"
    assert "zendesk" in card.pending()


def test_the_dialog_opens_tall_enough_for_its_wrapped_sentences(qtbot: QtBot) -> None:
    """The explanation under the two ways wraps over three lines: the dialog opens with room
    for it, so it is never drawn over the radio buttons or the rows below."""
    dialog = ConnectionDialog(ZendeskAuth(CredentialStore()), None, secure_store=True)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    explanation = dialog.wayExplanation
    qtbot.waitUntil(lambda: explanation.height() >= explanation.heightForWidth(explanation.width()))
    above = dialog.tokenRadio.mapTo(dialog, dialog.tokenRadio.rect().bottomLeft()).y()
    below = dialog.clientEdit.mapTo(dialog, dialog.clientEdit.rect().topLeft()).y()
    top = explanation.mapTo(dialog, explanation.rect().topLeft()).y()
    assert above < top
    assert top + explanation.heightForWidth(explanation.width()) <= below


def test_a_sign_in_cancelled_as_it_finishes_is_not_kept(
    qtbot: QtBot,
    make_companion: MakeCompanion,
    profile: AppPaths,
    zendesk: FakeZendesk,
    browser: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Cancel pressed just as the browser's sign-in finished: nothing saved, nobody signed in."""
    from callcompanion.services import oauth

    class CancelledAsItFinishes(oauth.SignIn):
        def run(self) -> oauth.SignInResult:
            result = super().run()
            self.cancel()  # the engineer presses Cancel just now
            return result

    monkeypatch.setattr(oauth, "SignIn", CancelledAsItFinishes)
    connection = oauth_connection(zendesk)
    companion = app_with(make_companion, profile, connection)
    dialog = zendesk_tab(companion)
    click(qtbot, dialog.signInButton)
    qtbot.waitUntil(lambda: not companion.sign_in.busy, timeout=15_000)
    assert dialog.connectionResult.text() == "Sign-in cancelled. Nothing was saved."
    assert tokens_in_keyring(connection) is None
    assert saved_connections(companion)[0].email == ""
    assert "· not signed in" in dialog.connectionsList.item(0).text()
    assert len(zendesk.calls("DELETE", r"^/api/v2/oauth/tokens/current\.json$")) == 1
    dialog.reject()


def test_without_a_secure_keyring_who_signed_in_is_not_saved(
    qtbot: QtBot,
    make_companion: MakeCompanion,
    profile: AppPaths,
    zendesk: FakeZendesk,
    browser: Path,
) -> None:
    """The tokens live in memory until quit: the settings must not say "signed in" after a
    restart, while this session still shows who."""
    import keyring.backends.fail

    keyring.set_keyring(keyring.backends.fail.Keyring())  # the autouse fixture restores it
    connection = oauth_connection(zendesk)
    companion = app_with(make_companion, profile, connection)
    dialog = zendesk_tab(companion)
    click(qtbot, dialog.signInButton)
    qtbot.waitUntil(lambda: "kept in memory only" in dialog.connectionResult.text(), timeout=15_000)
    assert dialog.connectionsList.item(0).text() == (
        f"Global (127.0.0.1) · signed in as {EMAIL} · default"
    )
    assert dialog.signOutButton.isEnabled()
    assert saved_connections(companion)[0].email == "", "not saved, not even before OK"
    (line,) = companion.zendesk.status()
    assert line["signed_in"], "posts work for now"
    with qtbot.waitSignal(dialog.accepted):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert saved_connections(companion)[0].email == ""
    assert EMAIL not in profile.settings_file.read_text()


def test_editing_a_signed_in_connection_keeps_its_sign_in_until_the_edit_is_saved(
    qtbot: QtBot,
    make_companion: MakeCompanion,
    profile: AppPaths,
    zendesk: FakeZendesk,
    browser: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Another address, Save and sign in: Cancel leaves the saved sign-in as it was; OK
    revokes the old one and keeps the new one."""
    from callcompanion.services.credentials import OAuthTokenStore
    from callcompanion.services.oauth import TokenEndpoint
    from tests.unit.test_oauth_tokens import signed_in as new_tokens

    connection = oauth_connection(zendesk, EMAIL)
    endpoint = TokenEndpoint(zendesk.url, OAUTH_CLIENT_ID)
    OAuthTokenStore(CredentialStore()).save(connection, new_tokens(zendesk, endpoint))
    endpoint.close()
    old = tokens_in_keyring(connection)
    companion = app_with(make_companion, profile, connection)
    with FakeZendesk() as moved:

        def fill(dialog: ConnectionDialog) -> None:
            dialog.addressEdit.setText(moved.url)
            save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
            assert save.text() == "Save and sign in"

        accept_with(monkeypatch, fill)
        for answer in (QDialogButtonBox.StandardButton.Cancel, QDialogButtonBox.StandardButton.Ok):
            dialog = zendesk_tab(companion)
            click(qtbot, dialog.editConnectionButton)
            result = dialog.connectionResult
            qtbot.waitUntil(lambda: "Signed in to" in result.text(), timeout=15_000)  # noqa: B023
            edited = dialog.zendesk._connections[0]
            assert edited.base_url == moved.url
            assert tokens_in_keyring(edited)
            assert tokens_in_keyring(connection) == old, "the saved sign-in is untouched"
            dialog.buttons.button(answer).click()
            if answer is QDialogButtonBox.StandardButton.Cancel:
                qtbot.waitUntil(lambda: tokens_in_keyring(edited) is None, timeout=10_000)  # noqa: B023
                assert len(moved.calls("DELETE", r"/oauth/tokens/current")) == 1
                assert saved_connections(companion) == (connection,)
                assert tokens_in_keyring(connection) == old
                assert zendesk.calls("DELETE", r"/oauth/tokens/current") == []
        qtbot.waitUntil(lambda: tokens_in_keyring(connection) is None, timeout=10_000)
        assert len(zendesk.calls("DELETE", r"/oauth/tokens/current")) == 1, "the old one revoked"
        (saved,) = saved_connections(companion)
        assert (saved.base_url, saved.email) == (moved.url, EMAIL)
        assert tokens_in_keyring(saved)
        assert len(moved.calls("DELETE", r"/oauth/tokens/current")) == 1, "the new one kept"


def test_a_redirect_port_that_is_not_a_number_gets_one_sentence(qtbot: QtBot) -> None:
    dialog = ConnectionDialog(ZendeskAuth(CredentialStore()))
    qtbot.addWidget(dialog)
    dialog.addressEdit.setText("acme")
    dialog.clientEdit.setText("callcompanion_global")
    for port in ("abc", "80", "4７823"):
        dialog.portEdit.setText(port)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
        assert dialog.problem.text() == (
            "The redirect port must be a whole number from 1024 to 65535."
        ), port
