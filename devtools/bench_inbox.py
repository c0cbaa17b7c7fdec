"""Inbox latency as history grows: p50/p95 of one approver's inbox at N stored cases, in-process on moto.

    .venv/bin/python -m devtools.bench_inbox 100 5000

Two thirds of the stored cases are closed; the rest are open across two departments. Prints
`name: value unit` lines (issue 12's bench format), then the ratio of the largest to the smallest N."""

from __future__ import annotations

import os
import statistics
import sys
import time
from typing import Any, cast

from chalicelib import bootstrap
from chalicelib.config import content_root
from chalicelib.domain.cases import Case
from chalicelib.domain.modes import HandlingMode
from chalicelib.domain.roles import Principal, Role
from chalicelib.domain.statuses import CaseStatus
from chalicelib.resource_spec import build_spec
from chalicelib.services import queries

APPROVER = Principal("u-bench", "bench", "审批人", frozenset({Role.APPROVER}), "640221", "", "RS")
RUNS = 30


def _case(n: int) -> Case:
    closed = n % 3 != 0
    return Case(
        case_id=f"c{n:06d}",
        case_number=f"KS640221-2026-{n:06d}",
        query_code="123456",
        item_code="RS-002",
        item_name="失业登记",
        form_id="unemployment-registration",
        form_version=1,
        mode=HandlingMode.ONLINE,
        receiving_code="371621",
        home_code="640221",
        department="RS" if n % 2 else "GA",
        applicant_user_id=f"app-{n % 50}",
        applicant_name="张三",
        applicant_id_number="110101199001011234",
        applicant_phone="13800000000",
        answers={"field": "x" * 400},  # a case carries its answers: old lists paid for them
        status=CaseStatus.DELIVERED if closed else CaseStatus.ACCEPTED,
        version=1,
        created_at=f"2026-{1 + n % 11:02d}-{1 + n % 28:02d}T08:00:{n % 60:02d}+08:00",
        updated_at="2026-11-30T00:00:00+08:00",
        due_date=f"2026-12-{1 + n % 28:02d}",
    )


def seed(client: Any, repo: Any, table: str, n: int) -> None:
    """Write the stored cases fast: the adapter's own case items (the same item and index keys as
    `add`), 25 to a BatchWriteItem, not one transaction each (moto copies every table per transaction)."""
    items = [repo._case_item(_case(i)) for i in range(n)]  # the adapter's item, not a copy of it
    for start in range(0, n, 25):
        requests = [{"PutRequest": {"Item": item}} for item in items[start : start + 25]]
        while requests:
            left = client.batch_write_item(RequestItems={table: requests}).get(
                "UnprocessedItems", {}
            )
            requests = left.get(table, [])


def measure(n: int, local_moto: bool = True) -> tuple[float, float, int, float, float]:
    """(p50 ms, p95 ms, rows shown, DynamoDB calls and items read per inbox): the calls and items tell
    the app's work apart from moto's. `local_moto`: with the local stack's moto changes (its Query
    reads the partition it names, devtools/moto_partitions.py); without, plain moto walks the table."""
    from devtools import moto_speedups

    uninstall = moto_speedups.install() if local_moto else None
    try:
        return _timed_inbox(n)
    finally:
        if uninstall is not None:
            uninstall()


def _timed_inbox(n: int) -> tuple[float, float, int, float, float]:
    from moto import mock_aws

    from chalicelib.adapters.dynamodb_cases import DynamoCaseRepository
    from devtools.provision import _create_table

    with mock_aws():
        import boto3

        client = boto3.client("dynamodb", region_name="us-east-1")
        spec = build_spec("bench", ())
        table = spec.table("CaseFilesTable")
        _create_table(client, table)
        repo = DynamoCaseRepository(client, table.name)
        seed(client, repo, table.name, n)
        loaded = bootstrap.content(str(content_root()))
        ports = queries.QueryPorts(
            cases=repo,
            files=cast(Any, None),
            content=cast(Any, loaded),
            clock=bootstrap.ChinaClock(),
            materials=cast(Any, None),
            documents=cast(Any, None),
            personal_data_views=cast(Any, None),
        )
        calls, read = [0], [0]

        def counted(parsed: dict[str, Any], **_: Any) -> None:
            calls[0] += 1
            read[0] += int(parsed.get("ScannedCount", parsed.get("Count", 0)) or 0)

        client.meta.events.register("after-call.dynamodb", counted)
        times, rows = [], 0
        for _ in range(RUNS):
            start = time.perf_counter()
            answer: Any = queries.inbox(ports, APPROVER)
            times.append((time.perf_counter() - start) * 1000)
            rows = len(answer[0] if isinstance(answer, tuple) else answer)
        times.sort()
        p95 = times[int(len(times) * 0.95) - 1]
        return statistics.median(times), p95, rows, calls[0] / RUNS, read[0] / RUNS


def main(argv: list[str]) -> None:
    for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        os.environ[key] = "testing"
    os.environ.pop("AWS_ENDPOINT_URL", None)
    sizes = [int(a) for a in argv] or [100, 5000]
    p95s = []
    for n in sizes:
        p50, p95, rows, calls, read = measure(n)
        p95s.append(p95)
        print(f"inbox_p50_at_{n}: {p50:.1f} ms")
        print(f"inbox_p95_at_{n}: {p95:.1f} ms")
        print(f"inbox_rows_at_{n}: {rows} rows")
        print(f"inbox_dynamodb_calls_at_{n}: {calls:.1f} requests")
        print(f"inbox_dynamodb_items_read_at_{n}: {read:.1f} items")
    print(
        f"inbox_p95_ratio_{sizes[-1]}_to_{sizes[0]}: {p95s[-1] / p95s[0]:.2f} x (target <= 1.5 x)"
    )
    # Side by side: plain moto, whose index Query walks the whole table (the app's work is the same).
    plain = [measure(n, local_moto=False)[1] for n in (sizes[0], sizes[-1])]
    print(f"inbox_p95_at_{sizes[0]}_plain_moto: {plain[0]:.1f} ms")
    print(f"inbox_p95_at_{sizes[-1]}_plain_moto: {plain[-1]:.1f} ms")
    print(f"inbox_p95_ratio_{sizes[-1]}_to_{sizes[0]}_plain_moto: {plain[-1] / plain[0]:.2f} x")


if __name__ == "__main__":
    main(sys.argv[1:])
