"""The bench's cost model: money per 1,000 cases from counted AWS requests and measured Lambda durations,
next to an always-on peer deployment's monthly floor (prices in devtools/prices.json); pure functions."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PRICES_FILE = Path(__file__).with_name("prices.json")
MONTHLY_CASES = (100, 10_000, 1_000_000)
PEER_PARTS = ("app_server", "app_server", "postgres_single_az", "redis", "load_balancer")
# DynamoDB operations by what they bill: write request units or read request units per item.
WRITES = {"PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem"}
READS = {"GetItem", "BatchGetItem", "Query", "Scan"}


def load_prices(path: Path = PRICES_FILE) -> dict[str, Any]:
    prices: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return prices


def request_units(
    operations: Mapping[str, int], indexes_by_table: Mapping[str, int]
) -> tuple[float, float]:
    """(WRU, RRU) for the counted items: items <= 1 KB (reads <= 4 KB, one unit per Query page);
    a transactional item costs 2 units; every item put, updated or deleted also writes each GSI of its
    table once (an upper bound: sparse indexes are written only when the item carries their key)."""
    wru = rru = 0.0
    for key, n in operations.items():
        if not key.startswith("dynamodb:") or "@" not in key:
            continue  # request totals, or the driver's own (`driver-dynamodb:`)
        operation, _, table = key.removeprefix("dynamodb:").partition("@")
        name, _, part = operation.partition(".")
        gsi = indexes_by_table.get(table, 0)
        if name == "TransactWriteItems":
            wru += n * 2 + (0 if part == "ConditionCheck" else n * gsi)
        elif name == "TransactGetItems":
            rru += n * 2
        elif name in WRITES:
            wru += n * (1 + gsi)
        elif name in READS:
            rru += n
    return wru, rru


METERED = "dynamodb-wru:"  # devtools/moto_write_meter.py: units billed, by table and by index


def metered_write_units(operations: Mapping[str, int]) -> float | None:
    """The write units the local moto metered item by item (None when it did not meter)."""
    found = [n for key, n in operations.items() if key.startswith(METERED)]
    return float(sum(found)) if found else None


@dataclass(frozen=True)
class Measured:
    """What the bench counted for `cases` whole cases (the app's requests only, not the driver's)."""

    cases: int
    operations: Mapping[str, int]  # devtools/moto_process.py OPERATIONS_PATH keys
    api_ms: tuple[float, ...]  # each API request's time in the handler
    handler_ms: Mapping[str, tuple[float, ...]]  # each queue handler invocation, by handler name
    memory_mb: Mapping[str, int]  # by handler name (api_handler for the API)
    indexes_by_table: Mapping[str, int]


def _count(operations: Mapping[str, int], prefix: str, names: Iterable[str] | None = None) -> int:
    """Requests (not items) of one service, optionally only the named operations."""
    total = 0
    for key, n in operations.items():
        if not key.startswith(prefix) or "@" in key:
            continue
        if names is None or key.removeprefix(prefix) in names:
            total += n
    return total


def memory_of(handler: str, memory_mb: Mapping[str, int]) -> int:
    """A handler's memory; per-jurisdiction routers (route_cases_<code>) share route_cases's."""
    for name in sorted(memory_mb, key=len, reverse=True):
        if handler == name or handler.startswith(name + "_"):
            return memory_mb[name]
    return memory_mb.get("api_handler", 1024)


def usage(measured: Measured, log_bytes_per_invocation: int = 1024) -> dict[str, float]:
    """Billable quantities for the measured cases, by the keys of prices.json's `usage`."""
    ops = measured.operations
    model_wru, rru = request_units(ops, measured.indexes_by_table)
    metered = metered_write_units(ops)
    wru = model_wru if metered is None else metered
    invocations = len(measured.api_ms) + sum(len(t) for t in measured.handler_ms.values())
    gb_seconds = sum(measured.api_ms) / 1000 * memory_of("api_handler", measured.memory_mb) / 1024
    for handler, times in measured.handler_ms.items():
        gb_seconds += sum(times) / 1000 * memory_of(handler, measured.memory_mb) / 1024
    return {
        "dynamodb_write_request_unit": wru,
        "dynamodb_read_request_unit": rru,
        "sqs_request": _count(ops, "sqs:"),
        "s3_put_request": _count(ops, "s3:", ("PUT", "POST", "LIST")),
        "s3_get_request": _count(ops, "s3:", ("GET", "HEAD")),
        "lambda_request": invocations,
        "lambda_gb_second": gb_seconds,
        "api_gateway_rest_request": len(measured.api_ms),
        "ses_email": _count(ops, "ses:", ("SendEmail", "SendRawEmail", "POST")),
        "kms_request": _count(ops, "kms:"),
        "cloudwatch_logs_ingest_gb": invocations * log_bytes_per_invocation / 1e9,
    }


def cost_per_case(
    measured: Measured, region: Mapping[str, Any], log_bytes: int = 1024
) -> dict[str, float]:
    """Money per case by priced quantity, in the region's currency."""
    prices = region["usage"]
    used = usage(measured, log_bytes)
    return {
        name: used[name] * prices[name]["price"] / prices[name]["per"] / measured.cases
        for name in used
    }


def peer_monthly(region: Mapping[str, Any], parts: Iterable[str] = PEER_PARTS) -> float:
    """The always-on peer's monthly floor: whatever the cases, these run all month."""
    return float(sum(region["monthly"][part]["price"] for part in parts))


def break_even_cases(per_case: float, monthly_floor: float) -> float:
    """Cases a month above which the always-on peer is cheaper (infinite when a case costs nothing)."""
    return math.inf if per_case <= 0 else monthly_floor / per_case


def report(measured: Measured, prices: Mapping[str, Any]) -> list[tuple[str, float, str]]:
    """The printed figures: (name, value, unit) for each region, serverless beside the peer."""
    lines: list[tuple[str, float, str]] = []
    log_bytes = int(prices.get("assumptions", {}).get("log_bytes_per_invocation", 1024))
    for region_name, region in prices["regions"].items():
        currency = region["currency"]
        suffix = "_ESTIMATE" if region.get("estimate_to_verify") else ""
        tag = f"{region_name}{suffix}"
        parts = cost_per_case(measured, region, log_bytes)
        per_case = sum(parts.values())
        lines.append((f"cost_per_1000_cases_{tag}", per_case * 1000, currency))
        for name, value in parts.items():
            lines.append((f"cost_per_1000_cases_{tag}_{name}", value * 1000, currency))
        floor = peer_monthly(region)
        multi_az = peer_monthly(
            region, [p if p != "postgres_single_az" else "postgres_multi_az" for p in PEER_PARTS]
        )
        for cases in MONTHLY_CASES:
            lines.append((f"monthly_serverless_at_{cases}_cases_{tag}", per_case * cases, currency))
            lines.append((f"monthly_peer_floor_at_{cases}_cases_{tag}", floor, currency))
        lines.append((f"monthly_peer_multi_az_{tag}", multi_az, currency))
        lines.append(
            (f"break_even_cases_per_month_{tag}", break_even_cases(per_case, floor), "cases")
        )
        lines.append(
            (
                f"break_even_cases_per_month_multi_az_{tag}",
                break_even_cases(per_case, multi_az),
                "cases",
            )
        )
    return lines
