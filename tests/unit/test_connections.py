from __future__ import annotations

import pytest

from callcompanion.core.connections import (
    ConnectionSettingError,
    ZendeskConnection,
    connection_for,
    make_connection,
    parse_base_url,
    parse_email,
)
from callcompanion.core.ticket import TicketRef


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("acme", "https://acme.zendesk.com"),
        ("  ACME ", "https://acme.zendesk.com"),
        ("acme.zendesk.com", "https://acme.zendesk.com"),
        ("https://acme.zendesk.com/agent/tickets/1", "https://acme.zendesk.com"),
        ("https://support.example.gov/", "https://support.example.gov"),
        ("https://support.example.gov:8443", "https://support.example.gov:8443"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
        ("http://localhost:9", "http://localhost:9"),
        ("http://[::1]:8080", "http://[::1]:8080"),
    ],
)
def test_addresses(text: str, url: str) -> None:
    assert parse_base_url(text) == url


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("", "Enter your Zendesk subdomain"),
        ("http://acme.zendesk.com", "plain http is only for a server on this computer"),
        ("http://10.0.0.5", "plain http"),
        ("ftp://acme.zendesk.com", "not an https address"),
        ("https://ana:secret@acme.zendesk.com", "Leave sign-in details out"),
        ("https://bad host", "not a web address"),
        ("https://acme.zendesk.com:99999", "invalid port"),
    ],
)
def test_refused_addresses_say_what_to_enter(text: str, hint: str) -> None:
    with pytest.raises(ConnectionSettingError, match=hint):
        parse_base_url(text)


def test_email() -> None:
    assert parse_email(" ana@example.com ") == "ana@example.com"
    with pytest.raises(ConnectionSettingError, match="email address"):
        parse_email("ana")


def connection(cid: str, address: str) -> ZendeskConnection:
    return make_connection(id=cid, label=cid, address=address, email="ana@example.com")


def test_round_trip_and_keyring_name() -> None:
    made = connection("abcd1234", "acme")
    assert ZendeskConnection.from_dict(made.to_dict()) == made
    assert made.keyring_user == "zendesk:abcd1234"
    assert made.subdomain == "acme"
    assert made.ticket_url(TicketRef(7)) == "https://acme.zendesk.com/agent/tickets/7"
    with pytest.raises(ConnectionSettingError):
        ZendeskConnection.from_dict({"id": "x"})


def test_which_connection_a_ticket_belongs_to() -> None:
    world = connection("aaaa1111", "acme")
    gov = connection("bbbb2222", "acme-gov")
    both = [world, gov]
    assert connection_for(TicketRef(1), both, "bbbb2222") == gov
    assert connection_for(TicketRef(1), both, None) == world
    assert connection_for(TicketRef(1, "acme-gov"), both, "aaaa1111") == gov
    assert connection_for(TicketRef(1, "elsewhere"), both, "aaaa1111") is None, (
        "a link to another instance must never be posted to the default one"
    )
    assert connection_for(TicketRef(1), [], None) is None


# -- control and invisible characters --------------------------------------------------------------

HIDDEN = [
    ("acme.zendesk.com\n.evil.com", "a line break"),
    ("acme.zendesk.com\r\n.evil.com", "a line break"),
    ("https://acme.zendesk\t.com", "a tab"),
    ("acme\x00.zendesk.com", "U+0000"),
    ("acme\u200b", "U+200B"),
    ("https://acme.zendesk.com\u202e", "U+202E"),
    ("acme\u2028.zendesk.com", "U+2028"),
]


@pytest.mark.parametrize(("text", "named"), HIDDEN)
def test_an_address_with_a_hidden_character_is_refused(text: str, named: str) -> None:
    with pytest.raises(ConnectionSettingError) as info:
        parse_base_url(text)
    assert "The Zendesk address contains" in str(info.value)
    assert named in str(info.value)


@pytest.mark.parametrize(
    "text", ["ana@example.com\n.evil.com", "ana@exa\u200dmple.com", "a\tna@x.io"]
)
def test_an_email_with_a_hidden_character_is_refused(text: str) -> None:
    with pytest.raises(ConnectionSettingError, match="The agent email contains"):
        parse_email(text)


def test_plain_whitespace_at_the_ends_is_still_trimmed() -> None:
    assert parse_base_url("\t acme.zendesk.com \r\n") == "https://acme.zendesk.com"
    assert parse_email(" ana@example.com\n") == "ana@example.com"


def test_a_stored_connection_with_a_hidden_character_is_left_out() -> None:
    with pytest.raises(ConnectionSettingError, match="line break"):
        ZendeskConnection.from_dict(
            {
                "id": "abcd1234",
                "label": "",
                "base_url": "acme.zendesk.com\n.evil.com",
                "email": "a@b.co",
            }
        )


def test_calendly_addresses_with_hidden_characters_fall_back_to_defaults() -> None:
    from callcompanion.core.connections import is_https_or_loopback
    from callcompanion.core.settings import Settings

    assert not is_https_or_loopback("https://api.calendly.com\n.evil.com")
    settings, warnings = Settings.from_dict(
        {
            "scheduling_link": "https://calendly.com/ana\n.evil.com",
            "calendly_api_url": "https://api.calendly\t.com",
            "meeting_link": "https://zoom.us/j/1\u200b",
        }
    )
    assert settings.scheduling_link == ""
    assert settings.calendly_api_url == Settings().calendly_api_url
    assert settings.meeting_link == ""
    assert len(warnings) == 3
    assert all("line breaks or invisible characters" in w or "https://" in w for w in warnings)
