"""The Zendesk client against a real HTTP server on 127.0.0.1, and its exact payloads."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator

import httpx
import pytest

from callcompanion.services.zendesk import (
    AuthError,
    ConflictError,
    DeadlineError,
    ForbiddenError,
    InvalidError,
    NetworkError,
    NotFoundError,
    NotZendeskError,
    RateLimitedError,
    ServerError,
    TLSError,
    TooLargeError,
    ZendeskClient,
)
from tests.fakes.zendesk_server import (
    EMAIL,
    TOKEN,
    Drip,
    Drop,
    FakeZendesk,
    Hang,
    Huge,
    LoseResponse,
    RateLimit,
    Status,
)

FAST = httpx.Timeout(connect=2.0, read=0.5, write=2.0, pool=2.0)


@pytest.fixture
def zendesk() -> Iterator[FakeZendesk]:
    with FakeZendesk() as fake:
        fake.add_ticket(12345, subject="Upgrade to 17.3 fails")
        yield fake


@pytest.fixture
def client(zendesk: FakeZendesk) -> Iterator[ZendeskClient]:
    with ZendeskClient(zendesk.url, EMAIL, TOKEN, timeout=FAST) as made:
        yield made


def test_me_and_the_token_in_the_basic_header(client: ZendeskClient, zendesk: FakeZendesk) -> None:
    me = client.me()
    assert (me.id, me.name, me.email) == (9001, "Ana Example", EMAIL)
    (request,) = zendesk.requests
    assert request.path == "/api/v2/users/me"
    assert request.authorization is not None
    assert request.authorization.startswith("Basic ")


def test_ticket_context_with_requester_and_organization(client: ZendeskClient) -> None:
    info = client.ticket(12345)
    assert info.subject == "Upgrade to 17.3 fails"
    assert info.requester == "Chris Customer"
    assert info.organization == "Acme Corp"
    assert info.status == "open"
    assert info.updated_at == "2026-11-27T09:00:00Z"


def test_update_sends_public_explicitly_and_safe_update(
    client: ZendeskClient, zendesk: FakeZendesk
) -> None:
    stamp = client.ticket(12345).updated_at
    new_stamp = client.update_ticket(
        12345, body="Summary", public=True, status="pending", updated_stamp=stamp
    )
    assert new_stamp != stamp
    (put,) = zendesk.calls("PUT", r"/tickets/12345$")
    assert put.body == {
        "ticket": {
            "comment": {"body": "Summary", "public": True},
            "status": "pending",
            "safe_update": True,
            "updated_stamp": stamp,
        }
    }
    (comment,) = zendesk.comments(12345)
    assert comment["body"] == "Summary"
    assert zendesk.ticket(12345)["status"] == "pending"


def test_internal_note_without_status_change(client: ZendeskClient, zendesk: FakeZendesk) -> None:
    client.update_ticket(12345, body="Internal", public=False)
    (put,) = zendesk.calls("PUT", r"/tickets/12345$")
    assert put.body == {"ticket": {"comment": {"body": "Internal", "public": False}}}


def test_a_stale_stamp_is_a_conflict(client: ZendeskClient, zendesk: FakeZendesk) -> None:
    stamp = client.ticket(12345).updated_at
    zendesk.touch(12345)
    with pytest.raises(ConflictError):
        client.update_ticket(12345, body="x", public=True, updated_stamp=stamp)
    assert zendesk.comments(12345) == []


def test_tags_are_added_not_replaced(client: ZendeskClient, zendesk: FakeZendesk) -> None:
    zendesk.add_ticket(7, subject="s", tags=["existing"])
    client.add_tags(7, ["customer_call", "existing"])
    assert zendesk.ticket(7)["tags"] == ["existing", "customer_call"]
    (put,) = zendesk.calls("PUT", r"/tickets/7/tags$")
    assert put.body == {"tags": ["customer_call", "existing"]}


def test_recent_comments_newest_first(client: ZendeskClient) -> None:
    for text in ("one", "two", "three"):
        client.update_ticket(12345, body=text, public=True)
    comments = client.recent_comments(12345)
    assert [c.text.splitlines()[0] for c in comments] == ["three", "two", "one"]


def test_macros_search_and_apply(client: ZendeskClient, zendesk: FakeZendesk) -> None:
    zendesk.macros[77] = {"id": 77, "title": "Support::Post Customer Call", "body": "Thanks!"}
    zendesk.macros[78] = {"id": 78, "title": "Other", "body": "x"}
    (macro,) = client.search_macros("post customer")
    assert macro.title == "Support::Post Customer Call"
    preview = client.apply_macro(12345, 77)
    assert preview.body == "Thanks!"
    assert zendesk.comments(12345) == [], "applying a macro never changes the ticket"


@pytest.mark.parametrize(
    ("fault", "error", "words"),
    [
        (
            Status(403, {"error": "Forbidden", "description": "You do not have access"}),
            ForbiddenError,
            "403",
        ),
        (
            Status(
                422,
                {
                    "error": "RecordInvalid",
                    "description": "Record validation errors",
                    "details": {"base": [{"description": "Status: closed is not allowed"}]},
                },
            ),
            InvalidError,
            "closed is not allowed",
        ),
        (Status(400, "Bad JSON", content_type="text/plain"), InvalidError, "Bad JSON"),
        (RateLimit(7), RateLimitedError, "7 s"),
        (
            Status(503, {"errors": [{"code": "Unavailable", "title": "Maintenance"}]}),
            ServerError,
            "Maintenance",
        ),
    ],
)
def test_error_shapes_become_sentences(
    client: ZendeskClient, zendesk: FakeZendesk, fault: object, error: type[Exception], words: str
) -> None:
    zendesk.fail("PUT", r"/tickets/12345$", fault)  # type: ignore[arg-type]
    with pytest.raises(error, match=words):
        client.update_ticket(12345, body="x", public=True)


def test_rate_limit_carries_retry_after(client: ZendeskClient, zendesk: FakeZendesk) -> None:
    zendesk.fail("GET", r"/tickets/12345$", RateLimit(12))
    with pytest.raises(RateLimitedError) as info:
        client.ticket(12345)
    assert info.value.retry_after == 12


def test_bad_token(zendesk: FakeZendesk) -> None:
    with (
        ZendeskClient(zendesk.url, EMAIL, "wrong", timeout=FAST) as bad,
        pytest.raises(AuthError, match="refused the email and API token"),
    ):
        bad.me()


def test_unknown_ticket(client: ZendeskClient) -> None:
    with pytest.raises(NotFoundError, match="check the ticket number"):
        client.ticket(999)


def test_an_address_that_is_not_zendesk(client: ZendeskClient, zendesk: FakeZendesk) -> None:
    zendesk.fail("GET", "/users/me", Status(404, "<html>Oops</html>", content_type="text/html"))
    with pytest.raises(NotZendeskError, match="no Zendesk API"):
        client.me()
    zendesk.fail(
        "GET", "/users/me", Status(200, "<html>Help Center</html>", content_type="text/html")
    )
    with pytest.raises(NotZendeskError, match="not like Zendesk"):
        client.me()


def test_a_server_error_on_a_write_leaves_the_outcome_unknown(
    client: ZendeskClient, zendesk: FakeZendesk
) -> None:
    zendesk.fail("PUT", r"/tickets/12345$", Status(500, {"error": "boom"}))
    with pytest.raises(ServerError) as info:
        client.update_ticket(12345, body="x", public=True)
    assert info.value.outcome_unknown
    zendesk.fail("GET", r"/tickets/12345$", Status(500, {"error": "boom"}))
    with pytest.raises(ServerError) as read:
        client.ticket(12345)
    assert not read.value.outcome_unknown


def test_a_dropped_connection_may_have_been_applied(
    client: ZendeskClient, zendesk: FakeZendesk
) -> None:
    zendesk.fail("PUT", r"/tickets/12345$", Drop())
    with pytest.raises(NetworkError, match="broke before Zendesk answered") as dropped:
        client.update_ticket(12345, body="x", public=True)
    assert dropped.value.outcome_unknown
    assert zendesk.comments(12345) == []
    zendesk.fail("PUT", r"/tickets/12345$", LoseResponse())
    with pytest.raises(NetworkError) as lost:
        client.update_ticket(12345, body="y", public=True)
    assert lost.value.outcome_unknown
    assert [c["body"] for c in zendesk.comments(12345)] == ["y"]


def test_a_hang_past_the_timeout(client: ZendeskClient, zendesk: FakeZendesk) -> None:
    zendesk.fail("PUT", r"/tickets/12345$", Hang(2.0))
    with pytest.raises(NetworkError, match="did not answer in time") as info:
        client.update_ticket(12345, body="late", public=True)
    assert info.value.outcome_unknown


def test_nobody_listening_is_not_an_unknown_outcome() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with (
        ZendeskClient(f"http://127.0.0.1:{port}", EMAIL, TOKEN, timeout=FAST) as client,
        pytest.raises(NetworkError, match="Could not reach") as info,
    ):
        client.update_ticket(1, body="x", public=True)
    assert not info.value.outcome_unknown


def test_tls_failure_is_named(zendesk: FakeZendesk) -> None:
    https_url = zendesk.url.replace("http://", "https://")
    with (
        ZendeskClient(https_url, EMAIL, TOKEN, timeout=FAST) as client,
        pytest.raises(TLSError, match="secure connection"),
    ):
        client.me()


def test_unknown_host_is_named() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno -2] Name or service not known", request=request)

    with (
        ZendeskClient(
            "https://nosuch.zendesk.com", EMAIL, TOKEN, transport=httpx.MockTransport(refuse)
        ) as client,
        pytest.raises(NetworkError, match="nosuch.zendesk.com was not found"),
    ):
        client.me()


def test_no_token_in_error_messages(zendesk: FakeZendesk) -> None:
    with ZendeskClient(zendesk.url, EMAIL, TOKEN, timeout=FAST) as client:
        zendesk.fail("PUT", r"/tickets/12345$", Status(422, {"error": "RecordInvalid"}))
        with pytest.raises(InvalidError) as info:
            client.update_ticket(12345, body="x", public=True)
    assert TOKEN not in str(info.value)
    assert TOKEN not in json.dumps([r.body for r in zendesk.requests])


DEADLINE = 1.5


def test_an_answer_that_trickles_in_ends_at_the_deadline(zendesk: FakeZendesk) -> None:
    # One byte every 0.3 s never trips the per-read timeout (0.5 s); only a total deadline helps.
    with ZendeskClient(zendesk.url, EMAIL, TOKEN, timeout=FAST, deadline=DEADLINE) as client:
        zendesk.fail("GET", r"/tickets/12345$", Drip(0.3))
        started = time.monotonic()
        with pytest.raises(DeadlineError, match="did not answer completely within 1.5") as read:
            client.ticket(12345)
        assert time.monotonic() - started < DEADLINE + 1.0
        assert not read.value.outcome_unknown, "a read changed nothing"
        assert read.value.retryable

        zendesk.fail("PUT", r"/tickets/12345$", Drip(0.3))
        started = time.monotonic()
        with pytest.raises(DeadlineError) as write:
            client.update_ticket(12345, body="applied, answer trickling", public=True)
        assert time.monotonic() - started < DEADLINE + 1.0
        assert write.value.outcome_unknown, "the write went out: its marker must be looked for"
        assert len(zendesk.comments(12345)) == 1

        assert client.ticket(12345).id == 12345, "the client works again afterwards"


def test_a_huge_answer_is_not_read_to_the_end(zendesk: FakeZendesk) -> None:
    cap = 2 * 1024 * 1024
    with ZendeskClient(zendesk.url, EMAIL, TOKEN, timeout=FAST, max_response_bytes=cap) as client:
        zendesk.fail("GET", r"/tickets/12345$", Huge(300 * 1024 * 1024))
        with pytest.raises(TooLargeError, match="larger than 2 MB") as read:
            client.ticket(12345)
        assert not read.value.outcome_unknown
        zendesk.fail("PUT", r"/tickets/12345$", Huge(300 * 1024 * 1024))
        with pytest.raises(TooLargeError) as write:
            client.update_ticket(12345, body="x", public=True)
        assert write.value.outcome_unknown, "a write answered 2xx may have been applied"
    # What went out before the client hung up: the cap plus what the socket buffers hold.
    assert zendesk.huge_bytes_sent < 40 * 1024 * 1024


def test_abort_stops_a_hanging_request_at_once_and_refuses_more(zendesk: FakeZendesk) -> None:
    slow = httpx.Timeout(connect=2.0, read=30.0, write=2.0, pool=2.0)
    with ZendeskClient(zendesk.url, EMAIL, TOKEN, timeout=slow) as client:
        zendesk.fail("PUT", r"/tickets/12345$", Hang(30, apply_first=True))
        outcome: list[BaseException] = []

        def put() -> None:
            try:
                client.update_ticket(12345, body="x", public=True)
            except BaseException as err:  # handed to the test thread
                outcome.append(err)

        worker = threading.Thread(target=put, daemon=True)
        worker.start()
        deadline = time.monotonic() + 10
        while not zendesk.calls("PUT", r"/tickets/12345$"):
            assert time.monotonic() < deadline, "the request never reached the server"
            time.sleep(0.02)
        started = time.monotonic()
        client.abort()
        worker.join(timeout=5)
        assert not worker.is_alive()
        assert time.monotonic() - started < 1.0
        (error,) = outcome
        assert isinstance(error, NetworkError)
        assert error.outcome_unknown, "the PUT had gone out"
        assert "quitting" in str(error)
        with pytest.raises(NetworkError, match="quitting") as refused:
            client.ticket(12345)
        assert not refused.value.outcome_unknown
    assert len(zendesk.calls("GET", r"/tickets/12345$")) == 0, "nothing more was sent"
