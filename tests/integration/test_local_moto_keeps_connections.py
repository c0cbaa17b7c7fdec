"""The local moto server keeps a connection open between requests, and every request on it still gets
its own answer: a body the app did not read, a HEAD, a chunked body and a failing app included."""

from __future__ import annotations

import http.client
import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import boto3
import pytest
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from werkzeug.serving import make_server

from devtools.moto_keepalive import KeepAliveHandler

App = Callable[[dict[str, Any], Any], Iterable[bytes]]


class Recording:
    """A WSGI app that answers with what it saw, and notes the client port of every request."""

    def __init__(self) -> None:
        self.ports: list[str] = []

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        self.ports.append(str(environ.get("REMOTE_PORT")))
        path = environ["PATH_INFO"]
        if path == "/fail":
            raise RuntimeError("broken app")
        # /unread leaves the request body in the socket.
        body = b"not read" if path == "/unread" else environ["wsgi.input"].read()
        start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "999")])
        return [b"got:", body]


def serving(app: App) -> Iterator[int]:
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=KeepAliveHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_port
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def recording() -> Iterator[tuple[Recording, http.client.HTTPConnection]]:
    app = Recording()
    for port in serving(app):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        yield app, connection
        connection.close()


def ask(
    connection: http.client.HTTPConnection, method: str, path: str, body: bytes | None = None
) -> tuple[http.client.HTTPResponse, bytes]:
    connection.request(method, path, body=body)
    response = connection.getresponse()
    return response, response.read()


def test_requests_on_one_connection_are_answered_in_turn_with_their_own_length(
    recording: tuple[Recording, http.client.HTTPConnection],
) -> None:
    app, connection = recording
    first, first_body = ask(connection, "POST", "/a", b"one")
    second, second_body = ask(connection, "POST", "/b", b"second body")
    assert (first_body, second_body) == (b"got:one", b"got:second body")
    assert first.getheader("Content-Length") == "7"  # the app's wrong length is not passed on
    assert first.getheader("Connection") is None
    assert len(set(app.ports)) == 1 and len(app.ports) == 2


def test_a_body_the_app_did_not_read_does_not_spill_into_the_next_request(
    recording: tuple[Recording, http.client.HTTPConnection],
) -> None:
    _, connection = recording
    _, skipped = ask(connection, "POST", "/unread", b"GET /evil HTTP/1.1\r\n\r\n")
    _, after = ask(connection, "POST", "/next", b"fine")
    assert (skipped, after) == (b"got:not read", b"got:fine")


def test_a_head_keeps_the_apps_length_and_sends_no_body(
    recording: tuple[Recording, http.client.HTTPConnection],
) -> None:
    _, connection = recording
    head, body = ask(connection, "HEAD", "/object")
    assert head.getheader("Content-Length") == "999" and body == b""
    _, after = ask(connection, "POST", "/next", b"x")
    assert after == b"got:x"


def test_a_chunked_body_is_read_whole_and_then_the_connection_closes(
    recording: tuple[Recording, http.client.HTTPConnection],
) -> None:
    _, connection = recording
    connection.request("PUT", "/chunked", body=iter([b"ab", b"cd"]), encode_chunked=True)
    response = connection.getresponse()
    assert response.read() == b"got:abcd"
    assert response.getheader("Connection") == "close"


def test_a_failing_app_answers_500_and_closes_the_connection(
    recording: tuple[Recording, http.client.HTTPConnection],
) -> None:
    _, connection = recording
    response, _ = ask(connection, "GET", "/fail")
    assert response.status == 500 and response.getheader("Connection") == "close"


def test_a_client_that_asks_to_close_is_answered_and_closed(
    recording: tuple[Recording, http.client.HTTPConnection],
) -> None:
    _, connection = recording
    connection.request("GET", "/a", headers={"Connection": "close"})
    response = connection.getresponse()
    assert response.read() == b"got:" and response.getheader("Connection") == "close"


def test_the_sdk_talks_to_moto_over_one_connection_for_many_calls() -> None:
    seen: list[str] = []
    moto = DomainDispatcherApplication(create_backend_app)

    def app(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        seen.append(str(environ.get("REMOTE_PORT")))
        answer: Iterable[bytes] = moto(environ, start_response)
        return answer

    for port in serving(app):
        options: dict[str, Any] = {
            "endpoint_url": f"http://127.0.0.1:{port}",
            "region_name": "us-east-1",
            "aws_access_key_id": "local",
            "aws_secret_access_key": "local",
        }
        s3 = boto3.client("s3", **options)
        s3.create_bucket(Bucket="keep")
        data = bytes(range(256)) * 400  # large enough for the SDK to ask 100-continue
        s3.put_object(Bucket="keep", Key="k", Body=data)
        assert s3.head_object(Bucket="keep", Key="k")["ContentLength"] == len(data)
        assert s3.get_object(Bucket="keep", Key="k")["Body"].read() == data
        s3.delete_object(Bucket="keep", Key="k")
        assert s3.list_objects_v2(Bucket="keep").get("KeyCount") == 0
    assert len(seen) == 6 and len(set(seen)) == 1


def test_the_access_line_is_written_only_when_someone_asked_for_it(
    recording: tuple[Recording, http.client.HTTPConnection],
    caplog: pytest.LogCaptureFixture,
) -> None:
    _, connection = recording
    with caplog.at_level(logging.WARNING, logger="werkzeug"):
        ask(connection, "GET", "/quiet")
    assert not [r for r in caplog.records if "/quiet" in r.getMessage()]
    with caplog.at_level(logging.INFO, logger="werkzeug"):
        ask(connection, "GET", "/asked")
    assert [r for r in caplog.records if "GET /asked" in r.getMessage()]
