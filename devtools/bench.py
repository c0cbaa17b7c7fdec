"""`make bench`: measured figures, printed as `name: value unit` (timings are never asserted in tests)."""

from __future__ import annotations

import json
import logging
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

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


def local_stack_figures(count: int) -> dict[str, float]:
    """Whole cases through the real local stack over HTTP (moto, queues and consumers running), with AWS calls counted."""
    import boto3
    import requests

    from devtools.moto_process import DRIVER_KEY
    from devtools.stack import REGION, LocalStack
    from tests.support import scenarios

    logging.disable(logging.WARNING)
    stack = LocalStack(port=0, schedule_every=3600)
    stack.start()
    try:
        # The driver's own AWS calls (is every queue idle?) sign with the driver key, counted apart.
        sqs = boto3.session.Session(
            aws_access_key_id=DRIVER_KEY, aws_secret_access_key="x", region_name=REGION
        ).client("sqs", endpoint_url=stack.moto_url)
        queue_urls = sqs.list_queues()["QueueUrls"]

        def upload(ticket: dict[str, Any], data: bytes) -> int:
            fields = ticket["fields"]
            return requests.post(
                ticket["url"],
                data=fields,
                files={"file": ("a", data, fields["Content-Type"])},
                timeout=10,
            ).status_code

        def idle() -> bool:
            for url in queue_urls:
                attrs = sqs.get_queue_attributes(
                    QueueUrl=url,
                    AttributeNames=[
                        "ApproximateNumberOfMessages",
                        "ApproximateNumberOfMessagesNotVisible",
                    ],
                )["Attributes"]
                if any(int(v) for v in attrs.values()):
                    return False
            return True

        def wait(check: Any) -> None:
            # Look at the case only once the queues are idle: polling the API would count as the app's cost.
            deadline = time.monotonic() + 30
            while not check():
                time.sleep(0.05)
                while not idle():
                    if time.monotonic() > deadline:
                        raise RuntimeError("timed out")
                    time.sleep(0.02)
                if time.monotonic() > deadline:
                    raise RuntimeError("timed out")

        procedures = (
            scenarios.online_with_supplement,
            scenarios.proxy_by_post,
            scenarios.joint_local,
            scenarios.joint_remote,
        )
        warm = scenarios.Scenario(http(stack.url), upload, wait)
        procedures[1](warm)
        tokens = warm.tokens
        stack.request_counts(reset=True)
        start = time.perf_counter()
        for i in range(count):
            scenario = scenarios.Scenario(http(stack.url), upload, wait)
            scenario.tokens = tokens  # log in once, as staff do; login is not part of a case
            procedures[i % len(procedures)](scenario)
        elapsed = time.perf_counter() - start
        counts = stack.request_counts()
    finally:
        stack.stop()
    app_counts = {k: v for k, v in counts.items() if not k.startswith("driver-")}
    figures = {
        "cases_per_second": count / elapsed,
        "aws_requests_per_case": sum(app_counts.values()) / count,
    }
    for service in sorted(set(SERVICES) | set(app_counts)):
        figures[f"aws_requests_per_case_{service}"] = app_counts.get(service, 0) / count
    return figures


def main() -> int:
    print(f"api_cold_import: {cold_import_ms('app'):.0f} ms")
    figures = local_stack_figures(count=20)
    print(
        f"e2e_cases_per_second_local_stack_four_procedures: {figures.pop('cases_per_second'):.2f} cases/s"
    )
    print(f"aws_requests_per_case: {figures.pop('aws_requests_per_case'):.1f} requests")
    for name, value in figures.items():
        print(f"{name}: {value:.1f} requests")
    return 0


if __name__ == "__main__":
    sys.exit(main())
