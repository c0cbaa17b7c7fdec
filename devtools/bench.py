"""`make bench`: measured figures, printed as `name: value unit` (timings are never asserted in tests)."""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def cold_import_ms(module: str, runs: int = 5) -> float:
    """Median wall time of a fresh interpreter importing `module`, minus a bare interpreter start."""

    def timed(code: str) -> float:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
        return (time.perf_counter() - start) * 1000

    bare = statistics.median(timed("pass") for _ in range(runs))
    return statistics.median(timed(f"import {module}") for _ in range(runs)) - bare


def slice_cases_per_second(count: int = 20) -> tuple[float, float]:
    """Whole online cases (create → upload → submit → route → accept → approve → complete → notices) on moto in-process."""
    from chalice.test import Client

    from tests.integration.test_first_slice_with_test_client import api_for
    from tests.support.aws import drain, moto_world, sqs_event
    from tests.support.slice import run_online_slice

    with tempfile.TemporaryDirectory() as tmp, moto_world(Path(tmp)) as world:
        import requests

        from app import app

        calls = {"n": 0}
        with Client(app, stage_name="local", project_dir=str(ROOT)) as client:
            base = api_for(client)

            def api(*args: object, **kwargs: object) -> tuple[int, object]:
                calls["n"] += 1
                return base(*args, **kwargs)

            def deliver() -> None:
                for key, handler in (("640221", "route_cases_640221"), ("notices", "send_notices")):
                    name = world.spec.queue(key).name
                    for i, body in enumerate(drain(name)):
                        client.lambda_.invoke(
                            handler, sqs_event(body, name, f"b{time.monotonic_ns()}-{i}")
                        )

            def upload(ticket: dict[str, object], data: bytes) -> int:
                fields = ticket["fields"]
                assert isinstance(fields, dict)
                return requests.post(
                    str(ticket["url"]),
                    data=fields,
                    files={"file": ("a.jpg", data, "image/jpeg")},
                    timeout=10,
                ).status_code

            def until(check: object) -> None:
                assert callable(check) and check()

            run_online_slice(api, upload, deliver, until)  # warm-up
            calls["n"] = 0
            start = time.perf_counter()
            for _ in range(count):
                run_online_slice(api, upload, deliver, until)
            elapsed = time.perf_counter() - start
    return count / elapsed, calls["n"] / count


def main() -> int:
    print(f"api_cold_import: {cold_import_ms('app'):.0f} ms")
    rate, calls = slice_cases_per_second()
    print(f"online_cases_per_second_test_client_moto: {rate:.2f} cases/s")
    print(f"http_calls_per_online_case: {calls:.0f} calls")
    return 0


if __name__ == "__main__":
    sys.exit(main())
