"""The local runner keeps or hands over each new connection so its API processes serve equal shares."""

from __future__ import annotations

import http.client
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from typing import Any

from devtools.connection_handoff import BalancingServer, HandedServer, channel_pair


def _answering(name: str) -> type[BaseHTTPRequestHandler]:
    class Answer(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802 (stdlib name)
            body = name.encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    return Answer


def _until(check: Callable[[], bool]) -> None:
    deadline = time.monotonic() + 5
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


def _served_by(connection: http.client.HTTPConnection) -> str:
    connection.request("GET", "/")
    return connection.getresponse().read().decode()


def test_new_connections_go_to_the_process_serving_fewest_and_closed_ones_free_a_place() -> None:
    runner = BalancingServer(("127.0.0.1", 0), _answering("runner"))
    worker = HandedServer(("127.0.0.1", 0), _answering("worker"))
    ours, theirs = channel_pair()
    threading.Thread(target=worker.serve_channel, args=(theirs,), daemon=True).start()
    runner.add_worker(ours)
    threading.Thread(target=runner.serve_forever, daemon=True).start()
    port = runner.server_address[1]
    opened: list[http.client.HTTPConnection] = []
    try:
        _until(lambda: all(w.ready for w in runner._workers))
        for _ in range(6):
            opened.append(http.client.HTTPConnection("127.0.0.1", port, timeout=5))
        first = [_served_by(c) for c in opened]
        assert sorted(first) == ["runner"] * 3 + ["worker"] * 3
        # Kept alive: each client stays with the process that took it.
        assert [_served_by(c) for c in opened] == first
        for c in [c for c, name in zip(opened, first, strict=True) if name == "worker"][:2]:
            c.close()
        _until(lambda: runner._workers[0].serving == 1)
        later = [http.client.HTTPConnection("127.0.0.1", port, timeout=5) for _ in range(2)]
        opened += later
        assert [_served_by(c) for c in later] == ["worker", "worker"]
    finally:
        for c in opened:
            c.close()
        runner.shutdown()
        runner.server_close()
        ours.close()
        theirs.close()


def test_the_runner_serves_alone_until_its_worker_says_it_is_ready() -> None:
    runner = BalancingServer(("127.0.0.1", 0), _answering("runner"))
    ours, theirs = channel_pair()
    runner.add_worker(ours)  # a worker still loading its app: it has said nothing yet
    threading.Thread(target=runner.serve_forever, daemon=True).start()
    try:
        clients = [
            http.client.HTTPConnection("127.0.0.1", runner.server_address[1], timeout=5)
            for _ in range(3)
        ]
        assert [_served_by(c) for c in clients] == ["runner"] * 3
        for c in clients:
            c.close()
    finally:
        runner.shutdown()
        runner.server_close()
        ours.close()
        theirs.close()
