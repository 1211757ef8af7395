"""The requests the client sends, checked against Zendesk's OpenAPI file by a Prism mock server.

Prism validates each request (path, parameters, required body fields, the Authorization
scheme) and answers with the spec's examples. It does not reject unknown fields, so the exact
payloads stay asserted in tests/unit/test_zendesk_client.py. The OpenAPI file is the vendor's,
placed beside the checkout (tests/fakes/prism.py says where); .ci/run installs Prism.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from callcompanion.core.outbox_kind import OutboxKind
from callcompanion.core.summary import new_marker, with_marker
from callcompanion.core.ticket_changes import TicketChanges
from callcompanion.services.delivery import deliver
from callcompanion.services.outbox import EntryState, OutboxEntry
from callcompanion.services.zendesk import InvalidError, ZendeskClient
from tests.fakes.prism import prism_mock, rejected

TICKET = 35436


@pytest.fixture(scope="module")
def prism(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    log = tmp_path_factory.mktemp("prism") / "prism.log"
    with prism_mock("zendesk-support-api.yaml", log) as url:
        yield url, log


@pytest.fixture
def client(prism: tuple[str, Path]) -> Iterator[ZendeskClient]:
    with ZendeskClient(prism[0], "ana@example.com", "not-a-real-token") as made:
        yield made


def test_reads_match_the_contract(client: ZendeskClient, prism: tuple[str, Path]) -> None:
    assert client.me().id
    assert client.ticket(TICKET).subject
    assert client.recent_comments(TICKET)
    assert client.search_macros("Post Customer Call")
    assert client.apply_macro(TICKET, 360028010274).body
    assert rejected(prism[1]) == []


def test_the_summary_update_matches_the_contract(
    client: ZendeskClient, prism: tuple[str, Path]
) -> None:
    client.update_ticket(
        TICKET, body="Summary", public=True, status="pending", updated_stamp="2026-11-27T09:00:00Z"
    )
    client.update_ticket(TICKET, body="Internal", public=False)
    assert rejected(prism[1]) == []


def test_a_whole_outbox_delivery_matches_the_contract(
    client: ZendeskClient, prism: tuple[str, Path]
) -> None:
    marker = new_marker()
    entry = OutboxEntry(
        id=1,
        ticket=TICKET,
        body=with_marker("Summary of our call", marker),
        public=True,
        # No tags: the spec's PUT /tags has no request body (its payload is unit-tested).
        changes=TicketChanges(status="pending"),
        marker=marker,
        kind=OutboxKind.SUMMARY,
        label="Summary",
        call_id=None,
        connection_id=None,
        state=EntryState.PENDING,
        created_at=datetime.now(UTC),
        outcome_unknown=True,  # also exercises the marker look-up
    )
    result = deliver(entry, client)
    assert result.state is EntryState.SENT, result.error
    assert rejected(prism[1]) == []


# The file describes a ticket's ``custom_fields`` with the schema of a field's *definition*
# (``key``, ``type`` and ``title`` required), while its own ticket examples, like Zendesk's
# "Setting custom field values", write a value as ``{"id": …, "value": …}``: what the app sends.
FIELD_DEFINITION_REQUIRED = re.compile(
    r"ticket\.custom_fields\.\d+ must have required property '(key|type|title)'"
)


def test_the_update_with_its_ticket_changes_matches_the_contract(
    client: ZendeskClient, prism: tuple[str, Path]
) -> None:
    client.update_ticket(
        TICKET,
        body="Summary",
        public=True,
        status="pending",
        priority="high",
        updated_stamp="2026-11-27T09:00:00Z",
        tags=["vip", "call_held"],
        assignee_id=9001,
        group_id=360001,
    )
    assert client.ticket_fields()
    # Not here: DELETE /tags, whose body the file leaves out as it does PUT /tags's (unit-tested).
    assert rejected(prism[1]) == []


def test_custom_field_values_differ_from_the_contract_only_where_it_is_wrong(
    client: ZendeskClient, prism: tuple[str, Path]
) -> None:
    before = len(rejected(prism[1]))
    with pytest.raises(InvalidError):  # Prism refuses what its schema requires
        client.update_ticket(
            TICKET,
            body="Summary",
            public=True,
            updated_stamp="2026-11-27T09:00:00Z",
            custom_fields=[(360010, 2820), (360011, 2520)],
        )
    problems = [
        line
        for line in rejected(prism[1])[before:]
        if "Request terminated" not in line and not FIELD_DEFINITION_REQUIRED.search(line)
    ]
    assert problems == []
