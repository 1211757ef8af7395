"""A macro's whole preview asks Zendesk only what its OpenAPI file describes (Prism mock).

The preview reads the macro (``GET macros/{id}``), the ticket as the macro would leave it
(``GET tickets/{id}/macros/{id}/apply``) and the ticket fields' titles; Prism validates each
request and answers with the spec's examples.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from callcompanion.gui.macro_dialog import preview_macro
from callcompanion.services.zendesk import ZendeskClient
from tests.fakes.prism import prism_mock, rejected


@pytest.fixture(scope="module")
def prism(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    log = tmp_path_factory.mktemp("prism") / "prism.log"
    with prism_mock("zendesk-support-api.yaml", log) as url:
        yield url, log


def test_the_whole_preview_matches_the_contract(prism: tuple[str, Path]) -> None:
    with ZendeskClient(prism[0], "ana@example.com", "not-a-real-token") as client:
        effect, _titles = preview_macro(client, 35436, 360028010274)
        fields = client.ticket_fields()
    assert effect.comment == "Assigned to Agent Uno."  # the spec's example, rendered
    assert effect.public is False
    assert fields, "the spec's example lists ticket fields"
    assert rejected(prism[1]) == []
