"""Today's bookings requests, checked against calendly-api.yaml by a Prism mock server."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from callcompanion.services.calendly import CalendlyClient
from tests.fakes.prism import prism_mock, rejected


@pytest.fixture(scope="module")
def prism(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    log = tmp_path_factory.mktemp("prism") / "prism.log"
    with prism_mock("calendly-api.yaml", log) as url:
        yield url, log


def test_the_bookings_requests_match_the_contract(prism: tuple[str, Path]) -> None:
    url, log = prism
    start = datetime(2019, 8, 24, 0, 0, tzinfo=UTC)
    with CalendlyClient("not-a-real-token", base_url=url) as client:
        me = client.me()
        bookings = client.todays_bookings(me.uri, start, start + timedelta(days=1))
    # The contract's example: one booking on that day, with its example invitee.
    assert [b.uri for b in bookings] == [
        "https://api.calendly.com/scheduled_events/GBGBDCAADAEDCRZ2"
    ]
    assert bookings[0].customer_name == "John Doe"
    lines = log.read_text()
    assert "/scheduled_events/GBGBDCAADAEDCRZ2/invitees" in lines
    assert rejected(log) == []
