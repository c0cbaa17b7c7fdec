"""The bench's load driver stops by itself and reports nearest-rank percentiles; the consumers' durations file."""

from __future__ import annotations

import json
import math
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from devtools.bench_load import Connection, drive, percentile
from devtools.consumer_process import write_durations

NOWHERE = "http://127.0.0.1:9"  # a connection opens only when a call makes a request


class _Answers(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    connections: list[int] = []

    def setup(self) -> None:
        super().setup()
        _Answers.connections.append(self.client_address[1])

    def do_POST(self) -> None:  # noqa: N802 (stdlib name)
        self.rfile.read(int(self.headers["Content-Length"]))
        body = self.headers.get("Idempotency-Key", "").encode()
        self.send_response(201)
        self.send_header("Content-Length", str(len(body)))
        if self.path == "/close":
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


def test_percentiles_are_nearest_rank_and_nan_without_samples() -> None:
    samples = [float(n) for n in range(1, 101)]
    assert (percentile(samples, 50), percentile(samples, 95), percentile(samples, 99)) == (
        50.0,
        95.0,
        99.0,
    )
    assert math.isnan(percentile([], 95))


def test_the_driver_makes_exactly_the_requests_asked_across_its_clients_and_counts_errors() -> None:
    statuses = iter([200, 500] * 20)

    def call(session: Any) -> int:
        return next(statuses)

    run = drive(call, clients=5, requests=40, seconds=30, base=NOWHERE)
    assert len(run.latencies) == 40 and run.errors == 20
    assert run.latencies == sorted(run.latencies)


def test_the_driver_stops_at_its_time_bound_whatever_is_left() -> None:
    run = drive(lambda session: 200, clients=2, requests=10**9, seconds=0.2, base=NOWHERE)
    assert 0 < len(run.latencies) < 10**9


def test_a_driver_connection_is_kept_between_calls_and_opened_again_once_the_server_closes_it() -> (
    None
):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Answers)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _Answers.connections.clear()
    try:
        with Connection(f"http://127.0.0.1:{server.server_address[1]}") as session:
            assert session.request("POST", "/a", b"x", {"Idempotency-Key": "k1"}) == 201
            assert session.request("POST", "/close", b"x", {"Idempotency-Key": "k2"}) == 201
            assert len(_Answers.connections) == 1
            assert session.request("POST", "/a", b"x", {"Idempotency-Key": "k3"}) == 201
            assert len(_Answers.connections) == 2
    finally:
        server.shutdown()
        server.server_close()


def test_the_consumers_write_their_durations_whole_by_handler(tmp_path: Path) -> None:
    target = tmp_path / "durations.json"
    write_durations(str(target), {"send_notices": [1.5, 2.0]})
    assert json.loads(target.read_text()) == {"send_notices": [1.5, 2.0]}
    assert [p.name for p in tmp_path.iterdir()] == ["durations.json"]
