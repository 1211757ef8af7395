"""A stand-in web browser for the sign-in tests: a real process started through ``$BROWSER``.

It does what a person's browser does with the authorization URL: asks the Zendesk server for
the consent page (here answered at once with a redirect), then follows that redirect to the
app's loopback listener. ``STANDIN_BROWSER_MODE`` picks what the "person" does:

- ``follow`` (default): signs in and lands on the loopback page;
- ``wrong-state``: the redirect arrives with another sign-in's ``state``;
- ``close``: the tab is closed on the consent page (the loopback is never reached);
- ``fail``: no browser at all (exits with an error at once).

Each step is appended to ``STANDIN_BROWSER_LOG`` as ``step status`` (never a URL: it carries
the code). Run as a script (only the standard library and httpx); tests get a ``$BROWSER``
command for it from :func:`browser_command`.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import httpx


def browser_command(folder: Path) -> Path:
    """An executable in *folder* that runs this file with the tests' Python ($BROWSER takes a
    single command, without arguments)."""
    command = folder / "standin-browser"
    command.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{Path(__file__).resolve()}" "$@"\n')
    command.chmod(0o755)
    return command


def main(url: str) -> int:
    mode = os.environ.get("STANDIN_BROWSER_MODE", "follow")
    log_path = os.environ.get("STANDIN_BROWSER_LOG")

    def note(step: str, status: int | str) -> None:
        if log_path:
            with open(log_path, "a", encoding="utf-8") as out:
                out.write(f"{step} {status}\n")

    if mode == "fail":
        note("no-browser", "-")
        return 3
    with httpx.Client(follow_redirects=False, timeout=10.0) as client:
        consent = client.get(url)
        note("authorize", consent.status_code)
        location = consent.headers.get("location")
        if consent.status_code != 302 or not location:
            return 0
        if mode == "close":
            return 0
        if mode == "wrong-state":
            location = re.sub(r"state=[^&]*", "state=someone-elses-sign-in", location)
        landing = client.get(location)
        title = re.search(r"<title>(.*?)</title>", landing.text)
        note("redirect", f"{landing.status_code} {title.group(1) if title else ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
