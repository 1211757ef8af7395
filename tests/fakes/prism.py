"""Start a Prism mock server for one of the vendors' OpenAPI files.

The files (Zendesk's Support API, Calendly's API v2) are not part of the repository: they are
placed beside the checkout, in ../shared/contracts. Without them the contract tests skip.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONTRACTS = ROOT.parent / "shared" / "contracts"
LOCAL_PRISM = ROOT / ".ci" / ".prism" / "node_modules" / ".bin" / "prism"


def prism_binary() -> str | None:
    configured = os.environ.get("CALLCOMPANION_PRISM")
    if configured:
        return configured
    if LOCAL_PRISM.exists():
        return str(LOCAL_PRISM)
    return shutil.which("prism")


def need(condition: bool, reason: str) -> None:
    """Skip with *reason*, or fail when CI requires the contract tests."""
    if condition:
        return
    if os.environ.get("CALLCOMPANION_REQUIRE_PRISM") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


@contextmanager
def prism_mock(contract: str, log: Path) -> Iterator[str]:
    """Serve *contract* (a file name in the contracts folder); yields the base URL."""
    path = CONTRACTS / contract
    need(path.exists(), f"the contract is not beside the checkout ({path})")
    binary = prism_binary()
    need(binary is not None, "Prism is not installed (.ci/run installs it into .ci/.prism)")
    assert binary is not None
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    with log.open("w") as out:
        proc = subprocess.Popen(
            [binary, "mock", "-h", "127.0.0.1", "-p", str(port), str(path)],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 90  # the 1.2 MB Zendesk file takes ~10 s to load
        while True:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    break
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"Prism did not start:\n{log.read_text()[-2000:]}")
            time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def rejected(log: Path) -> list[str]:
    """Prism's log lines for requests that failed validation."""
    return [line for line in log.read_text().splitlines() if "✖" in line]
