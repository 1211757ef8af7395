"""Sign in with Zendesk, with the installed app as its own process, driven from outside.

The profile is new; its team file names the loopback Zendesk with its OAuth client, as an
admin's would. The app reads its tokens from a real keyring of its own (a file outside the
profile) and opens "the browser" through ``$BROWSER``: a stand-in that follows the authorization
URL as a person who clicks *Allow* would. Everything else goes through the app's command line
(``--sign-in``, ``--status``, ``--start-call``, ``--end-call``) and real X input into the summary
editor, so nothing in the app exists for this test.

The clock runs at real speed: access tokens expire on the server's word (``expire_access_tokens``),
and a fast clock would make the app refresh on its own schedule instead.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from callcompanion.paths import AppPaths
from callcompanion.services.team_file import team_file_path
from tests.fakes.standin_browser import browser_command
from tests.fakes.zendesk_server import EMAIL, FakeZendesk
from tests.longhaul.conftest import LaunchApp
from tests.longhaul.driver import (
    LiveApp,
    activate,
    click_in,
    key,
    type_text,
    visible_windows,
    wait_for,
    wait_window,
)

pytestmark = [pytest.mark.longhaul, pytest.mark.skipif(os.name != "posix", reason="X11")]

LABEL = "Loopback"
FIRST, SECOND = 12345, 12346
FIELDS = ("label", "host", "sign_in", "signed_in", "needs_sign_in")


def summary_window(ticket: int) -> str:
    return rf"^Summary for #{ticket} .+ callcompanion$"


def launch_signed_out(launch_app: LaunchApp, tmp_path: Path, zendesk: FakeZendesk) -> LiveApp:
    """The installed app on a new profile whose team file names the loopback Zendesk, with a
    keyring of its own and the stand-in browser."""
    profile = tmp_path / "profile"
    paths = AppPaths.for_profile(profile)
    paths.create()
    team_file_path(paths.config_dir).write_text(
        "[[instance]]\n"
        f'label = "{LABEL}"\n'
        f'address = "{zendesk.url}"\n'
        f'oauth_client_id = "{zendesk.oauth_client_id}"\n'
        "default = true\n",
        encoding="utf-8",
    )
    return launch_app(
        profile=profile,
        keyring_file=tmp_path / "keyring.json",
        extra_env={
            "BROWSER": str(browser_command(tmp_path)),
            "STANDIN_BROWSER_MODE": "follow",
            "STANDIN_BROWSER_LOG": str(tmp_path / "browser.log"),
        },
    )


def connection(app: LiveApp) -> dict[str, Any]:
    """The team's connection as ``--status`` reports it."""
    found = [c for c in app.status().get("zendesk") or [] if c.get("label") == LABEL]
    assert len(found) == 1, app.status().get("zendesk")
    return dict(found[0])


def sign_in(app: LiveApp, browser_log: Path, times: int) -> None:
    """``callcompanion --sign-in``; waits until the browser came back and ``--status`` agrees."""
    done = app.cli("--sign-in")
    assert done.returncode == 0, f"--sign-in exited {done.returncode}: {done.stdout}{done.stderr}"
    wait_for(
        lambda: (state := connection(app))["signed_in"] and not state["needs_sign_in"],
        timeout=30,
        what="--status to say signed in",
        interval=0.2,
    )

    def browser_steps() -> list[str] | None:
        steps = browser_log.read_text(encoding="utf-8").splitlines()
        return steps if len(steps) == 2 * times else None

    steps = wait_for(browser_steps, timeout=10, what="the browser to finish")
    assert [s.split()[0] for s in steps] == ["authorize", "redirect"] * times, steps
    assert all(s.startswith(("authorize 302", "redirect 200")) for s in steps), steps


def write_summary(app: LiveApp, ticket: int, text: str) -> None:
    """A call on *ticket* started and ended from the command line; its reply typed in the
    editor that opens, up to the moment before Ctrl+Return."""
    done = app.cli("--start-call", str(ticket), "--call-type", "discovery", "--customer-joined")
    assert done.returncode == 0, f"--start-call exited {done.returncode}: {done.stderr}"
    app.end_call()
    editor = wait_window(summary_window(ticket))
    activate(editor)
    click_in(editor, 0.5, 0.45)
    key("ctrl+End", "Return")
    type_text(text)


def post(ticket: int) -> None:
    key("ctrl+Return")
    wait_for(
        lambda: not visible_windows(summary_window(ticket)),
        timeout=20,
        what="the summary editor to close on posting",
    )


def outbox_empty(app: LiveApp) -> bool:
    outbox = app.status().get("outbox") or {}
    return not any(int(v) for v in outbox.values() if isinstance(v, int | float))


def test_sign_in_post_through_expiry_and_revocation(
    launch_app: LaunchApp, zendesk: FakeZendesk, tmp_path: Path
) -> None:
    app = launch_signed_out(launch_app, tmp_path, zendesk)
    zendesk.add_ticket(SECOND, subject="Proxy strips the header")
    browser_log = tmp_path / "browser.log"
    keyring_file = tmp_path / "keyring.json"

    # The team file's instance is there at start, waiting for its engineer to sign in.
    before = wait_for(
        lambda: app.status().get("zendesk") or None,
        timeout=20,
        what="--status to list the team's Zendesk",
        interval=0.2,
    )
    (team,) = before
    assert {key: team.get(key) for key in FIELDS} == {
        "label": LABEL,
        "host": "127.0.0.1",
        "sign_in": "oauth",
        "signed_in": False,
        "needs_sign_in": False,
    }, team

    # 1. Sign in from the command line: the browser hand-off, the code, users/me.
    sign_in(app, browser_log, times=1)
    assert len(zendesk.token_grants("authorization_code")) == 1
    assert zendesk.calls("GET", r"^/api/v2/users/me"), "who signed in was checked"
    assert EMAIL.encode() in AppPaths.for_profile(app.profile).settings_file.read_bytes(), (
        "the connection remembers who signed in"
    )

    # 2. The access token expires just before the engineer posts: one refresh, one comment.
    first_text = "Checked the proxy logs together and the upgrade now passes"
    write_summary(app, FIRST, first_text)
    refreshes = len(zendesk.token_grants("refresh_token"))
    zendesk.expire_access_tokens()
    post(FIRST)
    wait_for(lambda: outbox_empty(app), timeout=30, what="the summary to go out", interval=0.3)
    (comment,) = zendesk.comments(FIRST)
    assert first_text in str(comment["body"])
    assert len(zendesk.token_grants("refresh_token")) == refreshes + 1, "exactly one refresh"

    # 3. An admin revokes the app's sign-in: the next post waits, and says why.
    second_text = "Asked the network team to allow the header through the proxy"
    write_summary(app, SECOND, second_text)
    zendesk.revoke_refresh_tokens()
    post(SECOND)
    wait_for(
        lambda: connection(app)["needs_sign_in"],
        timeout=30,
        what="--status to say the connection needs signing in again",
        interval=0.3,
    )
    assert not outbox_empty(app), "the post is kept"
    assert zendesk.comments(SECOND) == []

    # 4. Signing in again sends it, once.
    sign_in(app, browser_log, times=2)
    wait_for(lambda: outbox_empty(app), timeout=30, what="the waiting post to go", interval=0.3)
    (comment,) = zendesk.comments(SECOND)
    assert second_text in str(comment["body"])
    assert len(zendesk.comments(FIRST)) == 1
    app.assert_healthy()
    assert app.quit() == 0, app.stderr()
    assert len(zendesk.comments(SECOND)) == 1, "not posted again while quitting"

    # 5. The tokens went to the keyring and the Authorization header only: no file under the
    # profile (settings, store, logs) and not the app's stderr holds any of them.
    issued = [token.encode() for token in zendesk.issued_tokens()]
    assert len(issued) == 6, "two sign-ins and one refresh, a pair each"
    assert any(token in keyring_file.read_bytes() for token in issued), "kept in the keyring"
    files = [path for path in app.profile.rglob("*") if path.is_file()]
    assert any(path.suffix == ".log" for path in files), files
    for path in [*files, app.stderr_path]:
        content = path.read_bytes()
        for token in issued:
            assert token not in content, f"a token is in {path}"
