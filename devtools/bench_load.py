"""A bounded load driver for `make bench`: API p50/p95/p99 at 1, 5 and 20 concurrent clients for the
catalog, creating a draft case and reading a case, against the real local runner; it stops by itself.

    .venv/bin/python -m devtools.bench_load http://127.0.0.1:8000 '<applicant token>'

It runs in a process of its own (`load_figures_apart`): twenty client threads inside the server's
interpreter competed with the server for its lock, and the figures counted the driver's work."""

from __future__ import annotations

import http.client
import json
import math
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

LEVELS = (1, 5, 20)
# Requests per endpoint at each level, and a time bound per (endpoint, level) so the whole part ends
# well inside a minute even when the machine is busy. 400 at 20 clients: the p95 of 120 was the sixth
# slowest answer, and swung by half between runs.
REQUESTS = {1: 30, 5: 100, 20: 400}
SECONDS_PER_RUN = 6.0
CREATE = {"item_code": "RS-002", "mode": "online", "home_code": "140823"}


def percentile(sorted_ms: list[float], p: float) -> float:
    """Nearest-rank percentile of an ascending list (NaN when empty)."""
    if not sorted_ms:
        return math.nan
    rank = max(1, math.ceil(p / 100 * len(sorted_ms)))
    return sorted_ms[rank - 1]


@dataclass
class Run:
    """The latencies (ms) of one endpoint at one level, and how many answers were not 2xx."""

    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0


class Connection:
    """One client's kept-alive HTTP/1.1 connection on http.client. The driver shares the two cores with
    the stack it measures: requests' Session spent about a millisecond of CPU a call, this a fifth of it."""

    def __init__(self, base: str) -> None:
        parts = urllib.parse.urlsplit(base)
        self._host, self._port = parts.hostname or "localhost", parts.port or 80
        self._open: http.client.HTTPConnection | None = None

    def __enter__(self) -> Connection:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> int:
        """The answer's status, its body read; a connection the server dropped is opened once more
        (every measured POST carries an Idempotency-Key, so sending it again is safe)."""
        for attempt in range(2):
            if self._open is None:
                self._open = http.client.HTTPConnection(self._host, self._port, timeout=30)
            try:
                self._open.request(method, path, body=body, headers=headers or {})
                answer = self._open.getresponse()
                answer.read()
            except (http.client.HTTPException, OSError):
                self.close()
                if attempt:
                    raise
                continue
            if answer.will_close:
                self.close()
            return answer.status
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self._open is not None:
            self._open.close()
            self._open = None


Call = Callable[[Connection], int]  # -> HTTP status


def drive(call: Call, clients: int, requests: int, seconds: float, base: str) -> Run:
    """`clients` threads, each with its own connection to `base`, make `requests` calls in all, or
    fewer if `seconds` pass first."""
    run = Run()
    lock = threading.Lock()
    left = [requests]
    deadline = time.monotonic() + seconds

    def client() -> None:
        with Connection(base) as session:
            while time.monotonic() < deadline:
                with lock:
                    if left[0] <= 0:
                        return
                    left[0] -= 1
                started = time.perf_counter()
                status = call(session)
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    run.latencies.append(elapsed)
                    run.errors += not 200 <= status < 300

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 30)
    run.seconds = time.perf_counter() - started
    run.latencies.sort()
    return run


def endpoints(base: str, token: str) -> dict[str, Call]:
    """The three measured calls: the public catalog, a new draft case (a fresh Idempotency-Key each),
    and reading one case, as applicant1."""
    import requests as http

    from tests.support.slice import sample_answers

    form = http.get(f"{base}/api/items/{CREATE['item_code']}/form?jurisdiction=140823", timeout=30)
    body = json.dumps({**CREATE, "answers": sample_answers(form.json()["id"])}, ensure_ascii=False)
    auth = {"Authorization": token, "Content-Type": "application/json"}
    first = http.post(
        f"{base}/api/cases",
        data=body.encode(),
        headers={**auth, "Idempotency-Key": "bench-first"},
        timeout=30,
    )
    case_id = first.json()["case_id"]

    data = body.encode()

    def catalog(session: Connection) -> int:
        return session.request("GET", "/api/items")

    def create(session: Connection) -> int:
        return session.request(
            "POST", "/api/cases", data, {**auth, "Idempotency-Key": str(uuid.uuid4())}
        )

    def read(session: Connection) -> int:
        return session.request("GET", f"/api/cases/{case_id}", headers=auth)

    return {"catalog": catalog, "case_create": create, "case_read": read}


def load_figures(base: str, token: str) -> list[tuple[str, float, str]]:
    """(name, value, unit) lines: percentiles, throughput and errors per endpoint and level."""
    lines: list[tuple[str, float, str]] = []
    for name, call in endpoints(base, token).items():
        for clients in LEVELS:
            run = drive(call, clients, REQUESTS[clients], SECONDS_PER_RUN, base)
            prefix = f"api_{name}_c{clients}"
            for p in (50, 95, 99):
                lines.append((f"{prefix}_p{p}", percentile(run.latencies, p), "ms"))
            lines.append((f"{prefix}_requests", len(run.latencies), "requests"))
            lines.append(
                (f"{prefix}_throughput", len(run.latencies) / max(run.seconds, 1e-9), "requests/s")
            )
            lines.append((f"{prefix}_errors", run.errors, "requests"))
    return lines


def load_figures_apart(base: str, token: str) -> list[tuple[str, float, str]]:
    """load_figures in a process of its own, as clients are: not in the server's interpreter."""
    out = subprocess.run(
        [sys.executable, "-m", "devtools.bench_load", base, token],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
        cwd=Path(__file__).resolve().parent.parent,
    )
    return [(str(name), float(value), str(unit)) for name, value, unit in json.loads(out.stdout)]


def main(argv: list[str]) -> int:
    base, token = argv
    print(json.dumps(load_figures(base, token)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
