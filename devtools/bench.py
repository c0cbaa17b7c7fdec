"""`make bench`: measured figures, printed as `name: value unit` (timings are never asserted in tests)."""

from __future__ import annotations

import json
import logging
import math
import os
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from devtools import bench_concurrent_cases, bench_cost
from devtools.bench_cost import METERED, Measured, metered_write_units, request_units

ROOT = Path(__file__).resolve().parent.parent
SERVICES = ("dynamodb", "s3", "sqs", "sns", "ses", "cognito-idp")


def cold_import_ms(module: str, runs: int = 5) -> float:
    """Median wall time of a fresh interpreter importing `module`, minus a bare interpreter start."""

    def timed(code: str) -> float:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
        return (time.perf_counter() - start) * 1000

    bare = statistics.median(timed("pass") for _ in range(runs))
    return statistics.median(timed(f"import {module}") for _ in range(runs)) - bare


def http(base: str) -> Any:
    def call(method: str, path: str, body: Any = None, token: str | None = None) -> tuple[int, Any]:
        data = json.dumps(body, ensure_ascii=False).encode() if body is not None else None
        request = urllib.request.Request(base + path, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("Authorization", token)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")

    return call


def _handler_ms(path: Path) -> dict[str, list[float]]:
    """The consumer process's durations file (devtools/consumer_process.py), once it has been written."""
    time.sleep(1.5)  # it is rewritten every second
    try:
        durations: dict[str, list[float]] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return durations


@dataclass
class StackRun:
    figures: dict[str, float]
    measured: Measured
    load: list[tuple[str, float, str]]


def local_stack_figures(count: int, load: bool = True) -> StackRun:
    """Whole cases through the real local stack over HTTP (moto, queues and consumers running), with AWS
    calls counted by service and operation and every Lambda-to-be timed; then the bounded API load."""
    import boto3
    import requests

    from chalicelib.function_needs import FUNCTIONS
    from devtools.bench_load import load_figures_apart
    from devtools.bench_queues import QueueWatch, moto_held_messages
    from devtools.consumer_process import DURATIONS_ENV
    from devtools.moto_process import DRIVER_KEY
    from devtools.stack import REGION, LocalStack
    from tests.support import scenarios

    # Warnings stay visible: a failed send or a refused step is what a stalled run needs to show.
    logging.disable(logging.INFO)
    durations_file = ROOT / ".local" / f"bench-durations-{os.getpid()}.json"
    durations_file.parent.mkdir(exist_ok=True)
    os.environ[DURATIONS_ENV] = str(durations_file)
    # The consumers run in their own process: their INFO lines would bury the figures.
    os.environ["TONGBAN_LOG_LEVEL"] = "WARNING"
    stack = LocalStack(port=0, schedule_every=3600)
    stack.start()
    try:
        # The driver's own AWS calls (is every queue idle?) sign with the driver key, counted apart.
        sqs = boto3.session.Session(
            aws_access_key_id=DRIVER_KEY, aws_secret_access_key="x", region_name=REGION
        ).client("sqs", endpoint_url=stack.moto_url)
        watch = QueueWatch(sqs, held=moto_held_messages(stack.moto_url))

        def upload(ticket: dict[str, Any], data: bytes) -> int:
            fields = ticket["fields"]
            return requests.post(
                ticket["url"],
                data=fields,
                files={"file": ("a", data, fields["Content-Type"])},
                timeout=10,
            ).status_code

        procedures = (
            scenarios.online_with_supplement,
            scenarios.proxy_by_post,
            scenarios.joint_local,
            scenarios.joint_remote,
        )
        # One case of each procedure first: every user has logged in (login is not part of a case)
        # and every code path, template and document kind has run once before the count starts.
        tokens: dict[str, str] = {}
        for procedure in procedures:
            warm = scenarios.Scenario(http(stack.url), upload, watch.wait)
            warm.tokens = tokens
            procedure(warm)
        before = {k: len(v) for k, v in _handler_ms(durations_file).items()}
        stack.request_counts(reset=True)
        stack.api_durations(reset=True)
        start = time.perf_counter()
        for i in range(count):
            scenario = scenarios.Scenario(http(stack.url), upload, watch.wait)
            scenario.tokens = tokens  # log in once, as staff do; login is not part of a case
            procedures[i % len(procedures)](scenario)
        elapsed = time.perf_counter() - start
        counts = stack.request_counts()
        operations = stack.operation_counts()
        api_ms = stack.api_durations(reset=True)
        handler_ms = {
            k: tuple(v[before.get(k, 0) :]) for k, v in _handler_ms(durations_file).items()
        }
        concurrent = (
            bench_concurrent_cases.cases_per_second(http(stack.url), upload, tokens, procedures)
            if load
            else 0.0
        )
        if load:
            # The four clients' last documents and notices may still be in the making: the API's
            # load figures are taken once they are done (measured: under 0.1 s of work left).
            watch.settle()
        load_lines = load_figures_apart(stack.url, tokens["applicant1"]) if load else []
        indexes = {t.name: len(t.indexes) for t in stack.spec.tables}
    finally:
        stack.stop()
        os.environ.pop(DURATIONS_ENV, None)
        durations_file.unlink(missing_ok=True)
    app_counts = {k: v for k, v in counts.items() if not k.startswith("driver-")}
    figures = {
        "cases_per_second": count / elapsed,
        "cases_per_second_4_clients": concurrent,
        "aws_requests_per_case": sum(app_counts.values()) / count,
    }
    for service in sorted(set(SERVICES) | set(app_counts)):
        figures[f"aws_requests_per_case_{service}"] = app_counts.get(service, 0) / count
    measured = Measured(
        cases=count,
        operations={k: v for k, v in operations.items() if not k.startswith("driver-")},
        api_ms=tuple(api_ms),
        handler_ms=handler_ms,
        memory_mb={f.handler: f.memory_mb for f in FUNCTIONS},
        indexes_by_table=indexes,
    )
    return StackRun(figures, measured, load_lines)


def _value(value: float) -> str:
    if value == math.inf:
        return "inf"
    if abs(value) >= 100 or value == int(value):
        return f"{value:.0f}"
    return f"{value:.4g}" if abs(value) < 1 else f"{value:.2f}"


def print_lines(lines: list[tuple[str, float, str]]) -> None:
    for name, value, unit in lines:
        print(f"{name}: {_value(value)} {unit}", flush=True)


def operation_lines(measured: Measured) -> list[tuple[str, float, str]]:
    """Requests (and items, for DynamoDB) per case by operation; Lambda durations per invocation."""
    lines: list[tuple[str, float, str]] = []
    per_case = {k: v / measured.cases for k, v in sorted(measured.operations.items())}
    for key, value in per_case.items():
        unit = "WRU" if key.startswith(METERED) else "items" if "@" in key else "requests"
        lines.append((f"aws_per_case_{key}", value, unit))
    wru, rru = request_units(measured.operations, measured.indexes_by_table)
    metered = metered_write_units(measured.operations)
    if metered is not None:  # item by item, as DynamoDB bills (what the cost uses)
        lines.append(("dynamodb_wru_per_case", metered / measured.cases, "WRU"))
    # The old model beside it: every index on every write, every item under 1 KB.
    lines.append(("dynamodb_wru_per_case_upper_bound_model", wru / measured.cases, "WRU"))
    lines.append(("dynamodb_rru_per_case", rru / measured.cases, "RRU"))
    lines.append(("api_requests_per_case", len(measured.api_ms) / measured.cases, "requests"))
    if measured.api_ms:
        lines.append(("api_handler_mean_duration", statistics.mean(measured.api_ms), "ms"))
    for handler, times in sorted(measured.handler_ms.items()):
        if times:
            lines.append(
                (f"invocations_per_case_{handler}", len(times) / measured.cases, "invocations")
            )
            lines.append((f"mean_duration_{handler}", statistics.mean(times), "ms"))
    return lines


def main() -> int:
    print(f"api_cold_import: {cold_import_ms('app'):.0f} ms", flush=True)
    run = local_stack_figures(count=20)
    figures = run.figures
    print(
        f"e2e_cases_per_second_local_stack_four_procedures: {figures.pop('cases_per_second'):.2f} cases/s"
    )
    print(
        "e2e_cases_per_second_local_stack_4_clients: "
        f"{figures.pop('cases_per_second_4_clients'):.2f} cases/s"
    )
    print(
        f"aws_requests_per_case: {figures.pop('aws_requests_per_case'):.1f} requests (target <= 80)"
    )
    for name, value in figures.items():
        target = " (target <= 50)" if name.endswith("_dynamodb") else ""
        print(f"{name}: {value:.1f} requests{target}")
    print_lines(operation_lines(run.measured))
    print_lines(run.load)
    print_lines(bench_cost.report(run.measured, bench_cost.load_prices()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
