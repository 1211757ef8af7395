"""The team file: every field read, every kind of bad file named with its problem, and the team's
values filled into an engineer's settings without overwriting what the engineer set."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

import pytest

from callcompanion.core.connections import (
    OAuthClient,
    SignInMethod,
    ZendeskConnection,
    make_connection,
)
from callcompanion.core.filelimits import MAX_FILE_BYTES
from callcompanion.core.settings import Settings
from callcompanion.core.team import Team, TeamFileError, TeamInstance, apply_team, parse_team
from callcompanion.services.settings_file import load_settings, save_settings
from callcompanion.services.team_file import load_team, team_file_path

FULL = """\
default_call_type = "discovery"
summary_tags = ["customer_call", "Call-Summary", "customer_call"]
summary_status = "pending"
no_show_status = "unchanged"

[call_types]
discovery = 20
troubleshooting = 45

[[instance]]
label = "Global"
subdomain = "acme"
oauth_client_id = "callcompanion_global"
redirect_port = 47823

[[instance]]
label = "US Government"
address = "https://support.acme-gov.example/"
oauth_client_id = "callcompanion-gov"
default = true

[[instance]]
label = "Sandbox"
address = "acme-sandbox.zendesk.com"
"""


def test_every_field_is_read() -> None:
    team = parse_team(FULL)
    assert team.instances == (
        TeamInstance(
            "Global", "https://acme.zendesk.com", OAuthClient("callcompanion_global", 47823)
        ),
        TeamInstance(
            "US Government",
            "https://support.acme-gov.example",
            OAuthClient("callcompanion-gov", None),
            default=True,
        ),
        TeamInstance("Sandbox", "https://acme-sandbox.zendesk.com", None),
    )
    assert team.planned_minutes == {"discovery": 20, "troubleshooting": 45}
    assert team.settings == {
        "default_call_type": "discovery",
        "summary_tags": ("customer_call", "call-summary"),
        "summary_status": "pending",
        "no_show_status": None,  # "unchanged": the reply leaves the ticket's status alone
    }
    assert team.instances[0].oauth is not None
    assert team.instances[0].oauth.redirect_url == "http://127.0.0.1:47823"
    assert team.instances[1].oauth is not None
    assert team.instances[1].oauth.redirect_url is None  # any free port


def test_an_empty_file_is_an_empty_team() -> None:
    assert parse_team("# nothing yet\n").empty
    assert not parse_team(FULL).empty


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[[instance]\n", "team.toml cannot be read: "),
        ("x = " + "[" * 70 + "]" * 70, "nested more than 64 deep"),
        ("colour = 'blue'\n", "unknown key “colour” (known: instance, call_types,"),
        ("instance = 'acme'\n", "instances are written as [[instance]] tables"),
        ("[[instance]]\nlabel = 'Global'\n", "instance 1: give either “subdomain”"),
        (
            "[[instance]]\nsubdomain = 'acme'\naddress = 'https://acme.zendesk.com'\n",
            "instance 1: give either “subdomain”",
        ),
        ("[[instance]]\nsubdomain = 'acme.zendesk.com'\n", "“acme.zendesk.com” is not a Zendesk"),
        (
            "[[instance]]\naddress = 'http://acme.zendesk.com'\n",
            "instance 1: Zendesk addresses start with https://",
        ),
        ("[[instance]]\naddress = 42\n", "instance 1: “address” must be text"),
        ("[[instance]]\nsubdomain = 'acme'\nlabel = 3\n", "“label” must be text on one line"),
        (
            "[[instance]]\nsubdomain = 'acme'\nlabel = \"Glo\\u200bbal\"\n",
            "“label” must be text on one line",
        ),
        (
            "[[instance]]\nsubdomain = 'acme'\noauth_client_id = 'call companion'\n",
            "instance 1: the OAuth client id must be the client's unique identifier",
        ),
        (
            "[[instance]]\nsubdomain = 'acme'\noauth_client_id = ''\n",
            "the OAuth client id must be",
        ),
        (
            "[[instance]]\nsubdomain = 'acme'\noauth_client_id = 'cc'\nredirect_port = 80\n",
            "the redirect port must be a whole number from 1024 to 65535",
        ),
        (
            "[[instance]]\nsubdomain = 'acme'\noauth_client_id = 'cc'\nredirect_port = '8080'\n",
            "the redirect port must be a whole number",
        ),
        (
            "[[instance]]\nsubdomain = 'acme'\nredirect_port = 47823\n",
            "“redirect_port” is only used with “oauth_client_id”",
        ),
        ("[[instance]]\nsubdomain = 'acme'\ndefault = 'yes'\n", "“default” must be true or false"),
        (
            "[[instance]]\nsubdomain = 'acme'\nclient_id = 'cc'\n",
            "instance 1: unknown key “client_id”",
        ),
        (
            "[[instance]]\nsubdomain = 'acme'\n[[instance]]\naddress = 'acme.zendesk.com'\n",
            "instance 2: https://acme.zendesk.com is already instance 1",
        ),
        (
            "[[instance]]\nsubdomain = 'a1'\nlabel = 'Global'\n"
            "[[instance]]\nsubdomain = 'a2'\nlabel = 'global'\n",
            "instance 2: the label “global” is already instance 1's",
        ),
        (
            "[[instance]]\nsubdomain = 'a1'\ndefault = true\n"
            "[[instance]]\nsubdomain = 'a2'\ndefault = true\n",
            "instance 2: only one instance can be the default; instance 1 is",
        ),
        ("default_call_type = 'webinar'\n", "“default_call_type” must be one of discovery,"),
        ("summary_tags = 'customer_call'\n", "“summary_tags” must be a list of tags"),
        ("summary_tags = ['customer call']\n", "“customer call” is not a tag"),
        ("summary_tags = ['a,b']\n", "“a,b” is not a tag"),
        ("summary_status = 'closed'\n", "“summary_status” must be one of open, pending, hold"),
        ("no_show_status = true\n", "“no_show_status” must be one of"),
        ("call_types = 20\n", "[call_types] must be a table of planned minutes"),
        ("[call_types]\nwebinar = 30\n", "[call_types] names “webinar”, which is not a call type"),
        ("[call_types]\ndiscovery = '20'\n", "[call_types] discovery must be a whole number"),
        (
            "[call_types]\ndiscovery = 2\n",
            "[call_types] Discovery: planned length must be 5–480 minutes",
        ),
        ("[call_types]\nemergency = 60\n", "[call_types] Emergency calls are open-ended"),
    ],
)
def test_each_bad_file_says_what_is_wrong(text: str, problem: str) -> None:
    with pytest.raises(TeamFileError) as caught:
        parse_team(text, "team.toml")
    message = str(caught.value)
    assert message.startswith("The team file team.toml")
    assert problem in message
    assert message.endswith(".")


def test_too_many_instances_are_refused() -> None:
    text = "".join(f"[[instance]]\nsubdomain = 'acme{n}'\n" for n in range(51))
    with pytest.raises(TeamFileError, match="names more than 50 instances"):
        parse_team(text)


# --- the file on disk --------------------------------------------------------------------------


def test_no_team_file_is_no_team_and_no_notice(tmp_path: Path) -> None:
    loaded = load_team(team_file_path(tmp_path))
    assert loaded.team.empty
    assert loaded.notices == ()


def test_the_file_beside_the_checklists_is_read(tmp_path: Path) -> None:
    path = team_file_path(tmp_path)
    assert path == tmp_path / "team.toml"
    path.write_text(FULL, encoding="utf-8")
    loaded = load_team(path)
    assert loaded.notices == ()
    assert loaded.team == parse_team(FULL)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"[[instance]]\nsubdomain = 'acme'\nport = 1\n", "instance 1: unknown key “port”"),
        (b"summary_tags = ['\xff']\n", "cannot be read ("),
        (b"#" * (MAX_FILE_BYTES + 1), "cannot be read: it is larger than 1 MB."),
        (b"x = " + b"[" * 100 + b"]" * 100, "nested more than 64 deep"),
    ],
)
def test_a_bad_file_is_named_and_ignored(tmp_path: Path, content: bytes, problem: str) -> None:
    path = team_file_path(tmp_path)
    path.write_bytes(content)
    loaded = load_team(path)
    assert loaded.team == Team()
    (notice,) = loaded.notices
    assert notice.startswith(f"The team file {path}")
    assert problem in notice
    assert notice.endswith("Its team set-up is not used until the file is fixed.")
    assert path.read_bytes() == content, "the team's file is left as it is"


def test_a_folder_in_its_place_is_named(tmp_path: Path) -> None:
    path = team_file_path(tmp_path)
    path.mkdir()
    (notice,) = load_team(path).notices
    assert f"The team file {path} cannot be read" in notice


# --- the team's values in the engineer's settings ----------------------------------------------


def ids() -> Callable[[], str]:
    numbers = itertools.count(1)
    return lambda: f"team{next(numbers):04d}"


def test_a_new_engineer_gets_everything_the_team_set_up() -> None:
    setup = apply_team(Settings(), parse_team(FULL), new_id=ids())
    settings = setup.settings
    global_, gov = settings.zendesk_connections
    assert global_ == ZendeskConnection(
        "team0001",
        "Global",
        "https://acme.zendesk.com",
        "",
        OAuthClient("callcompanion_global", 47823),
    )
    assert gov.id == "team0002"
    assert gov.sign_in is SignInMethod.OAUTH
    assert settings.default_connection == "team0002"  # the file's default
    assert settings.default_call_type == "discovery"
    assert settings.summary_tags == ("customer_call", "call-summary")
    assert settings.summary_status == "pending"
    assert settings.no_show_status is None
    assert settings.call_types().get("discovery").planned_minutes == 20
    assert settings.call_types().get("troubleshooting").planned_minutes == 45
    # The sandbox uses API tokens: offered filled in, not added without an email and token.
    sandbox = setup.connections[2]
    assert (sandbox.id, sandbox.label, sandbox.base_url, sandbox.email, sandbox.sign_in) == (
        "team0003",
        "Sandbox",
        "https://acme-sandbox.zendesk.com",
        "",
        SignInMethod.API_TOKEN,
    )
    assert setup.connections[:2] == settings.zendesk_connections
    assert setup.added == (
        "the default call type",
        "the summary tags",
        "the ticket status set with a summary",
        "the ticket status set with a no-show reply",
        "call lengths (Discovery 20 min, Troubleshooting 45 min)",
        "Zendesk Global (acme.zendesk.com)",
        "Zendesk US Government (support.acme-gov.example)",
    )
    assert setup.oauth_offers == {}


def test_what_the_engineer_set_is_kept() -> None:
    mine = make_connection(id="mine0001", label="Acme", address="acme", email="ana@example.com")
    engineer = Settings(
        zendesk_connections=(mine,),
        default_connection="mine0001",
        default_call_type="reset_review",
        summary_tags=("my_tag",),
        summary_status="open",
        no_show_status="hold",
        call_type_overrides={"discovery": {"planned_minutes": 25}},
    )
    setup = apply_team(engineer, parse_team(FULL), new_id=ids())
    settings = setup.settings
    assert settings.default_call_type == "reset_review"
    assert settings.summary_tags == ("my_tag",)
    assert (settings.summary_status, settings.no_show_status) == ("open", "hold")
    assert settings.call_types().get("discovery").planned_minutes == 25
    assert settings.call_types().get("troubleshooting").planned_minutes == 45
    # Their own Acme connection (an API token) stays; the team's client is offered, not forced.
    assert settings.zendesk_connections[0] == mine
    assert setup.oauth_offers == {"mine0001": OAuthClient("callcompanion_global", 47823)}
    assert [c.label for c in settings.zendesk_connections] == ["Acme", "US Government"]
    assert settings.default_connection == "mine0001"
    assert "Zendesk Global (acme.zendesk.com)" not in setup.added


def test_applying_the_same_file_twice_changes_nothing_more() -> None:
    team = parse_team(FULL)
    first = apply_team(Settings(), team, new_id=ids())
    second = apply_team(first.settings, team, new_id=ids())
    assert second.settings == first.settings
    assert second.added == ()
    assert second.oauth_offers == {}
    assert [c.label for c in second.connections] == ["Sandbox"]


def test_a_team_without_a_default_points_plain_numbers_at_its_first_instance() -> None:
    team = parse_team("[[instance]]\nsubdomain = 'acme'\noauth_client_id = 'cc'\n")
    setup = apply_team(Settings(default_connection="gone0001"), team, new_id=ids())
    assert setup.settings.default_connection == "team0001"


def test_an_empty_team_leaves_the_settings_alone() -> None:
    engineer = Settings(
        zendesk_connections=(
            make_connection(id="mine0001", label="", address="acme", email="a@example.com"),
        )
    )
    setup = apply_team(engineer, Team())
    assert setup.settings is engineer
    assert (setup.added, setup.connections, dict(setup.oauth_offers)) == ((), (), {})


def test_the_team_connections_survive_saving_and_loading(tmp_path: Path) -> None:
    setup = apply_team(Settings(), parse_team(FULL), new_id=ids())
    path = tmp_path / "settings.json"
    save_settings(path, setup.settings)
    loaded = load_settings(path)
    assert loaded.notices == []
    assert loaded.settings == setup.settings
