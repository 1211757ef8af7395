"""The requests the client sends, checked against Zendesk's OpenAPI file by a Prism mock server.

Prism validates each request (path, parameters, required body fields, the Authorization
scheme) and answers with the spec's examples. It does not reject unknown fields, so the exact
payloads stay asserted in tests/unit/test_zendesk_client.py. The contract lives beside the
checkout in ../shared/contracts (as CI has it); .ci/run installs Prism.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from callcompanion.core.summary import new_marker, with_marker
from callcompanion.services.delivery import deliver
from callcompanion.services.outbox import EntryState, OutboxEntry
from callcompanion.services.zendesk import ZendeskClient

ROOT = Path(__file__).resolve().parent.parent
CONTRACT = ROOT.parent / "shared" / "contracts" / "zendesk-support-api.yaml"
LOCAL_PRISM = ROOT / ".ci" / ".prism" / "node_modules" / ".bin" / "prism"
TICKET = 35436


def prism_binary() -> str | None:
    configured = os.environ.get("CALLCOMPANION_PRISM")
    if configured:
        return configured
    if LOCAL_PRISM.exists():
        return str(LOCAL_PRISM)
    return shutil.which("prism")


def need(condition: bool, reason: str) -> None:
    if condition:
        return
    if os.environ.get("CALLCOMPANION_REQUIRE_PRISM") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def prism(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    need(CONTRACT.exists(), f"the Zendesk contract is not beside the checkout ({CONTRACT})")
    binary = prism_binary()
    need(binary is not None, "Prism is not installed (.ci/run installs it into .ci/.prism)")
    assert binary is not None
    port = free_port()
    log = tmp_path_factory.mktemp("prism") / "prism.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [binary, "mock", "-h", "127.0.0.1", "-p", str(port), str(CONTRACT)],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 90  # the 1.2 MB file takes ~10 s to load
        while True:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    break
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"Prism did not start:\n{log.read_text()[-2000:]}")
            time.sleep(0.2)
        yield f"http://127.0.0.1:{port}", log
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture
def client(prism: tuple[str, Path]) -> Iterator[ZendeskClient]:
    with ZendeskClient(prism[0], "ana@example.com", "not-a-real-token") as made:
        yield made


def rejected(log: Path) -> list[str]:
    return [line for line in log.read_text().splitlines() if "✖" in line]


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
        status="pending",
        tags=(),  # the spec's PUT /tags has no request body: its payload is unit-tested
        marker=marker,
        kind="summary",
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
