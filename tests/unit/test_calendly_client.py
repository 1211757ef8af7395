from __future__ import annotations

from collections.abc import Iterator

import pytest

from callcompanion.services.calendly import (
    CalendlyAuthError,
    CalendlyClient,
    CalendlyError,
    suggested_discovery_name,
)
from tests.fakes.calendly_server import TOKEN, USER_URI, FakeCalendly


@pytest.fixture
def calendly() -> Iterator[FakeCalendly]:
    with FakeCalendly() as server:
        yield server


@pytest.fixture
def client(calendly: FakeCalendly) -> Iterator[CalendlyClient]:
    with CalendlyClient(TOKEN, base_url=calendly.url) as made:
        yield made


def test_me_and_event_types_with_the_workflow_checks(client: CalendlyClient) -> None:
    me = client.me()
    assert me.uri == USER_URI
    types = client.event_types(me.uri)
    assert [t.name for t in types] == [
        "Support - Customer Call",
        "Support - Discovery Call with Ana",
        "Coffee chat",
    ]
    assert types[0].warnings() == []
    coffee = types[2].warnings()
    assert len(coffee) == 3
    assert "never reach the team's Support calendar" in coffee[0]
    assert "ticket number" in coffee[1]
    assert "secret" in coffee[2]


def test_a_single_use_link_per_call(client: CalendlyClient, calendly: FakeCalendly) -> None:
    first = client.create_single_use_link("https://api.calendly.com/event_types/SUPPORT30")
    second = client.create_single_use_link("https://api.calendly.com/event_types/SUPPORT30")
    assert first != second
    assert first.startswith("https://calendly.com/d/")
    method, path, body = calendly.requests[-1]
    assert (method, path) == ("POST", "/scheduling_links")
    assert body == {
        "max_event_count": 1,
        "owner": "https://api.calendly.com/event_types/SUPPORT30",
        "owner_type": "EventType",
    }


def test_errors_are_sentences(calendly: FakeCalendly, client: CalendlyClient) -> None:
    with (
        CalendlyClient("wrong", base_url=calendly.url) as bad,
        pytest.raises(CalendlyAuthError, match="refused the personal access token"),
    ):
        bad.me()
    with pytest.raises(CalendlyError, match="could not find it"):
        client.create_single_use_link("https://api.calendly.com/event_types/GONE")
    calendly.fail_next = 500
    with pytest.raises(CalendlyError, match="had a problem") as info:
        client.me()
    assert info.value.retryable


def test_the_suggested_discovery_event_name() -> None:
    assert suggested_discovery_name("Ana Example") == "Support - Discovery Call with Ana Example"
    assert suggested_discovery_name(" ") == "Support - Discovery Call with <your name>"
