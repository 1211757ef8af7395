"""The release check itself, against a real loopback server: versions, answers, no extras."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from callcompanion import __version__
from callcompanion.core.team import TeamFileError, TeamUpdates, parse_team
from callcompanion.services.update_check import (
    RELEASES_URL,
    UpdateCheckError,
    fetch_latest,
    is_newer,
    parse_release,
    version_key,
)
from tests.fakes.release_server import PATH, FakeReleases


@pytest.mark.parametrize(
    ("candidate", "current", "newer"),
    [
        ("0.3.0", "0.2.9", True),
        ("v0.3.0", "0.3.0", False),
        ("0.3", "0.3.0", False),
        ("0.10.0", "0.9.0", True),
        ("1.0.0", "1.0.0rc2", True),
        ("1.0.0rc2", "1.0.0rc1", True),
        ("1.0.0b1", "1.0.0rc1", False),
        ("0.2.0", "0.3.0", False),
        ("latest", "0.1.0", False),
        ("", "0.1.0", False),
    ],
)
def test_versions_compare_as_numbers(candidate: str, current: str, newer: bool) -> None:
    assert is_newer(candidate, current) is newer


def test_this_version_is_readable() -> None:
    assert version_key(__version__) is not None


def test_the_project_url_is_githubs_releases_latest() -> None:
    assert RELEASES_URL.startswith("https://api.github.com/repos/")
    assert RELEASES_URL.endswith("/releases/latest")
    assert "?" not in RELEASES_URL
    assert RELEASES_URL.endswith(PATH)


def test_a_newer_release_is_read_with_its_notes_link() -> None:
    with FakeReleases("v0.3.0") as releases:
        release = fetch_latest(releases.url)
    assert release.version == "0.3.0"
    assert release.notes_url == releases.notes_url
    assert release.name == "callcompanion 0.3.0"
    assert is_newer(release.version, "0.1.0")


def test_nothing_is_sent_beyond_the_request() -> None:
    with FakeReleases("v0.3.0") as releases:
        fetch_latest(releases.url)
    [seen] = releases.requests
    assert seen.method == "GET"
    assert seen.path == PATH
    assert seen.query == ""
    assert seen.body == b""
    assert seen.headers["user-agent"] == f"callcompanion/{__version__}"
    assert "cookie" not in seen.headers
    assert "authorization" not in seen.headers
    assert set(seen.headers) <= {
        "host",
        "accept",
        "accept-encoding",
        "connection",
        "user-agent",
    }


def test_offline_is_an_error_marked_offline() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(UpdateCheckError) as caught:
        fetch_latest(f"http://127.0.0.1:{port}{PATH}", deadline=5)
    assert caught.value.offline
    assert "could not be reached" in str(caught.value)


@pytest.mark.parametrize(
    ("status", "body", "problem"),
    [
        (200, b"<html>rate limited</html>", "not JSON"),
        (200, b"[1, 2]", "not a release"),
        (200, b'{"tag_name": "nightly", "html_url": "https://x"}', "is not a version"),
        (200, b'{"tag_name": "v1.0.0", "html_url": "javascript:alert(1)"}', "no web address"),
        (200, b'{"tag_name": 3, "html_url": "https://x"}', "is not a version"),
        (403, b'{"message": "API rate limit exceeded"}', "answered 403"),
        (404, b'{"message": "Not Found"}', "answered 404"),
    ],
)
def test_a_malformed_answer_is_an_error_not_a_release(
    status: int, body: bytes, problem: str
) -> None:
    with FakeReleases() as releases:
        releases.status, releases.body = status, body
        with pytest.raises(UpdateCheckError, match=problem) as caught:
            fetch_latest(releases.url)
    assert not caught.value.offline


def test_a_release_without_a_name_is_called_by_its_version() -> None:
    release = parse_release(b'{"tag_name": "0.4.1", "html_url": "https://x/r", "name": ""}')
    assert release.name == "0.4.1"
    assert release.version == "0.4.1"


def test_the_team_file_turns_checks_off_or_points_at_a_mirror(tmp_path: Path) -> None:
    assert parse_team("").updates == TeamUpdates()
    team = parse_team('[updates]\ncheck = false\nurl = "https://mirror.example/releases/latest"\n')
    assert team.updates == TeamUpdates(False, "https://mirror.example/releases/latest")
    assert not team.empty


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("updates = false\n", "[updates] must be a table"),
        ("[updates]\ncheck = 'no'\n", "[updates] check must be true or false"),
        ("[updates]\nurl = 'http://mirror.example/latest'\n", "[updates] url must be an https"),
        ("[updates]\nchek = false\n", "[updates] unknown key “chek”"),
    ],
)
def test_a_bad_updates_table_is_refused_like_the_rest(text: str, problem: str) -> None:
    with pytest.raises(TeamFileError) as caught:
        parse_team(text, "team.toml")
    assert problem in str(caught.value)
