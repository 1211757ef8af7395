"""The Calendly requests, checked against calendly-api.yaml by a Prism mock server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from callcompanion.services.calendly import CalendlyClient
from tests.fakes.prism import prism_mock, rejected


@pytest.fixture(scope="module")
def prism(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    log = tmp_path_factory.mktemp("prism") / "prism.log"
    with prism_mock("calendly-api.yaml", log) as url:
        yield url, log


def test_the_calendly_requests_match_the_contract(prism: tuple[str, Path]) -> None:
    url, log = prism
    with CalendlyClient("not-a-real-token", base_url=url) as client:
        me = client.me()
        types = client.event_types(me.uri)
        assert types
        link = client.create_single_use_link(types[0].uri)
    assert link.startswith("https://")
    assert rejected(log) == []
