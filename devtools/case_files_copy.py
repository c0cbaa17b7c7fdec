"""Copy a stage's cases from the two tables before ADR 0003 (`cases`, `case-events`) into `case-files`.

Each case item gains `sk = C#`, each idempotency claim `sk = I#`; file items (events, notices,
documents, scans, alerts, document series and codes) keep their keys. An item already in `case-files`
is never overwritten, so a second run, or a run after the new app has started writing, copies only
what is missing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from chalicelib.adapters.dynamodb_cases import CASE_SK

IDEMPOTENCY_SK = "I#"


@dataclass
class Copied:
    cases: int = 0
    claims: int = 0  # Idempotency-Key claims
    file_items: int = 0
    already_there: int = 0


def old_table_names(stage: str) -> tuple[str, str]:
    """The names the stage's cases and case-events tables had (resource_spec before ADR 0003)."""
    return f"tongban-{stage}-cases", f"tongban-{stage}-case-events"


def _items(db: Any, table: str) -> Iterator[dict[str, Any]]:
    for page in db.get_paginator("scan").paginate(
        TableName=table, PaginationConfig={"PageSize": 100}
    ):
        yield from page.get("Items", [])


def copy_case_files(
    db: Any,
    cases_table: str,
    events_table: str,
    target: str,
    progress: Callable[[Copied], None] = lambda _: None,
) -> Copied:
    """Copy every item; `progress` is told the counts every 500 items."""
    copied = Copied()

    def put(item: dict[str, Any], kind: str) -> None:
        try:
            db.put_item(TableName=target, Item=item, ConditionExpression="attribute_not_exists(pk)")
        except db.exceptions.ConditionalCheckFailedException:
            copied.already_there += 1
        else:
            setattr(copied, kind, getattr(copied, kind) + 1)
        if (copied.cases + copied.claims + copied.file_items + copied.already_there) % 500 == 0:
            progress(copied)

    for item in _items(db, cases_table):
        claim = item["pk"]["S"].startswith("idem#")
        sk = IDEMPOTENCY_SK if claim else CASE_SK
        put({**item, "sk": {"S": sk}}, "claims" if claim else "cases")
    for item in _items(db, events_table):
        put(item, "file_items")
    return copied
