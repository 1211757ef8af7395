"""Is there a newer callcompanion? One GET of the project's latest release.

The answer has the shape of GitHub's ``GET /repos/{owner}/{repo}/releases/latest``
(``tag_name``, ``html_url``, ``name``); a team's mirror answers the same shape at its own
address (``[updates] url`` in the team file). Nothing is sent beyond the request itself: no
query string, no cookies, and a User-Agent with the app's version only.

The versions are compared by a small parser of ``1.2.3`` / ``v1.2.3`` / ``1.2.3rc1`` instead of
``packaging``, which is not one of the app's dependencies.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from callcompanion import __version__

if TYPE_CHECKING:
    import httpx

# The project's releases on GitHub.
RELEASES_URL = "https://api.github.com/repos/callcompanion/callcompanion/releases/latest"
DEADLINE_SECONDS = 15.0
MAX_ANSWER_BYTES = 256 * 1024  # GitHub's answer with its release notes is a few kB

_VERSION = re.compile(
    r"^v?(?P<numbers>\d+(?:\.\d+){0,3})(?:[-.]?(?P<pre>a|alpha|b|beta|rc|c)\.?(?P<pre_n>\d*))?$",
    re.IGNORECASE,
)
_PRE_ORDER = {"a": 0, "alpha": 0, "b": 1, "beta": 1, "c": 2, "rc": 2}


class UpdateCheckError(Exception):
    """The check did not give an answer; ``str(err)`` says why, in a sentence.

    Attributes:
        offline: The server could not be reached (as opposed to an answer that made no sense).
    """

    def __init__(self, message: str, *, offline: bool = False) -> None:
        super().__init__(message)
        self.offline = offline


@dataclass(frozen=True)
class Release:
    """The latest release.

    Attributes:
        version: Its version as written in the tag, without a leading ``v``.
        notes_url: The release's page (its notes and downloads).
        name: Its title, or the version when it has none.
    """

    version: str
    notes_url: str
    name: str


def version_key(text: str) -> tuple[tuple[int, ...], tuple[int, int]] | None:
    """A sortable key for a version (``None`` if it is not one): numbers, then pre-release.

    ``1.2`` equals ``1.2.0``; a pre-release (``1.2.0rc1``) sorts before its release.
    """
    found = _VERSION.match(text.strip())
    if found is None:
        return None
    numbers = [int(part) for part in found["numbers"].split(".")]
    while len(numbers) > 1 and numbers[-1] == 0:
        numbers.pop()
    pre = found["pre"]
    stage = (3, 0) if pre is None else (_PRE_ORDER[pre.lower()], int(found["pre_n"] or 0))
    return tuple(numbers), stage


def is_newer(candidate: str, current: str = __version__) -> bool:
    """Whether *candidate* is a later version than *current* (an unreadable one is not)."""
    new, old = version_key(candidate), version_key(current)
    return new is not None and old is not None and new > old


def parse_release(body: bytes) -> Release:
    """The release in a releases/latest answer; raises :class:`UpdateCheckError`."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError) as err:
        raise UpdateCheckError("The release server's answer is not JSON.") from err
    if not isinstance(data, dict):
        raise UpdateCheckError("The release server's answer is not a release.")
    tag, url, name = data.get("tag_name"), data.get("html_url"), data.get("name")
    if not isinstance(tag, str) or version_key(tag) is None:
        raise UpdateCheckError(f"The latest release's tag {tag!r} is not a version.")
    if not isinstance(url, str) or not url.startswith(("https://", "http://")):
        raise UpdateCheckError("The latest release has no web address for its notes.")
    version = tag.strip().removeprefix("v").removeprefix("V")
    title = name.strip() if isinstance(name, str) and name.strip() else version
    return Release(version, url, title)


def fetch_latest(
    url: str = RELEASES_URL,
    *,
    deadline: float = DEADLINE_SECONDS,
    transport: httpx.BaseTransport | None = None,
) -> Release:
    """GET *url* and read the release in it; raises :class:`UpdateCheckError`."""
    headers = {
        "Accept": "application/vnd.github+json",
        "User-Agent": f"callcompanion/{__version__}",
    }
    import httpx  # on the worker, at the check: never at start-up

    from callcompanion.services.http_limits import (
        RequestAbortedError,
        RequestDeadlineError,
        SocketGuard,
        bounded_request,
    )

    with httpx.Client(
        headers=headers, timeout=deadline, transport=transport, follow_redirects=False
    ) as client:
        try:
            answer = bounded_request(
                client, SocketGuard(), "GET", url, deadline=deadline, max_bytes=MAX_ANSWER_BYTES
            )
        except (httpx.HTTPError, RequestDeadlineError, RequestAbortedError, OSError) as err:
            raise UpdateCheckError(
                f"The release server could not be reached ({err or type(err).__name__}).",
                offline=True,
            ) from err
    response = answer.response
    if response.status_code != 200:
        raise UpdateCheckError(f"The release server answered {response.status_code}.")
    if answer.truncated:
        raise UpdateCheckError("The release server's answer is too large.")
    return parse_release(response.content)
