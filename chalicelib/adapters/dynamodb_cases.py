"""DynamoDB case repository: the case item (its documents packed) and its audit event, both in the case's
own partition of the case-files table, are written in one conditional transaction."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any

from chalicelib.domain.case_lists import Listing, index_keys, list_row
from chalicelib.domain.cases import Actor, Case, CaseEvent, MaterialRef
from chalicelib.domain.clock_state import ClockState
from chalicelib.domain.data_views import PersonalDataView
from chalicelib.domain.errors import ConcurrencyError, NotFoundError
from chalicelib.domain.modes import HandlingMode
from chalicelib.domain.statuses import CaseStatus
from chalicelib.domain.transfers import Transfer

from .dynamodb_case_lists import query_page
from .dynamodb_packed_docs import packed, unpacked
from .dynamodb_personal_data import view_items

QUERY_PAGE = 100  # a case's events, the pending outboxes: read in bounded pages
CASE_SK = "C#"  # the case itself, first in its partition (events E#, notices N#, documents D#, ...)
_IDEMPOTENCY_SK = "I#"


def _s(value: str) -> dict[str, str]:
    return {"S": value}


def case_key(case_id: str) -> dict[str, Any]:
    """The key of a case's own item in the case-files table."""
    return {"pk": _s(case_id), "sk": _s(CASE_SK)}


def case_to_doc(case: Case) -> str:
    data = dict(case.__dict__)
    data["mode"] = case.mode.value
    data["status"] = case.status.value
    data["materials"] = [m.__dict__ for m in case.materials]
    data["transfers"] = [t.__dict__ for t in case.transfers]
    data["clock"] = case.clock.to_dict()
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def case_from_doc(doc: str) -> Case:
    data = json.loads(doc)
    data["mode"] = HandlingMode(data["mode"])
    data["status"] = CaseStatus(data["status"])
    data["materials"] = tuple(MaterialRef(**m) for m in data.get("materials", []))
    data["transfers"] = tuple(Transfer(**t) for t in data.get("transfers", []))
    data["clock"] = ClockState.from_dict(data.get("clock"))
    data["supplement_requests"] = tuple(tuple(r) for r in data.get("supplement_requests", []))
    data["outbox"] = tuple(data.get("outbox", []))
    return Case(**data)


def event_to_item(event: CaseEvent) -> dict[str, Any]:
    return {
        "pk": _s(event.case_id),
        "sk": _s(f"E#{event.seq:06d}"),
        "doc": _s(json.dumps({**event.body(), "hash": event.hash}, ensure_ascii=False)),
    }


def event_from_item(item: dict[str, Any]) -> CaseEvent:
    data = json.loads(item["doc"]["S"])
    data["actor"] = Actor(**data["actor"])
    return CaseEvent(**data)


BATCH_GET_LIMIT = 100  # keys per BatchGetItem, DynamoDB's own limit


class DynamoCaseRepository:
    """Implements services.ports.CaseRepository on the case-files table (one partition per case)."""

    def __init__(self, client: Any, table: str, views_table: str = "") -> None:
        self._db = client
        self._table = table
        self._views = views_table  # the personal-data views a step's answer shows, saved with it

    def _case_item(self, case: Case) -> dict[str, Any]:
        item: dict[str, Any] = {
            **case_key(case.case_id),
            "case_number": _s(case.case_number),
            "status": _s(case.status.value),
            "version": {"N": str(case.version)},
            "receiving_code": _s(case.receiving_code),
            "updated_at": _s(case.updated_at),
            # Top level, so a step's save can require the bookkeeping count it was taken on.
            "bookkeeping": {"N": str(case.bookkeeping)},
            "doc": packed(case_to_doc(case)),
            # The compact list row the list indexes carry (INCLUDE), so lists need no GetItem per row.
            "row": packed(case_to_doc(list_row(case))),
        }
        item.update({name: _s(value) for name, value in index_keys(case).items()})
        # Sparse index: only cases with unsent outbox messages appear in by_outbox.
        if case.outbox:
            item["outbox_pending"] = _s("1")
        return item

    def add(self, case: Case, event: CaseEvent, idempotency_key: str = "") -> None:
        claim = []
        if idempotency_key:
            # The key is claimed in the same transaction: two identical requests make one case.
            claim.append(
                {
                    "Put": {
                        "TableName": self._table,
                        "Item": {
                            "pk": _s(f"idem#{idempotency_key}"),
                            "sk": _s(_IDEMPOTENCY_SK),
                            "case_id": _s(case.case_id),
                        },
                        "ConditionExpression": "attribute_not_exists(pk)",
                    }
                }
            )
        self._write(case, event, {"ConditionExpression": "attribute_not_exists(pk)"}, claim)

    def by_idempotency_key(self, key: str) -> str | None:
        found = self._db.get_item(
            TableName=self._table,
            Key={"pk": _s(f"idem#{key}"), "sk": _s(_IDEMPOTENCY_SK)},
            ConsistentRead=True,
        )
        return found["Item"]["case_id"]["S"] if "Item" in found else None

    def save(
        self,
        case: Case,
        event: CaseEvent,
        expected_version: int,
        views: tuple[PersonalDataView, ...] = (),
        bookkeeping_before: int | None = None,
    ) -> None:
        if views and not self._views:
            raise ValueError("the personal-data views table is not configured")
        shown = [
            {"Put": {"TableName": self._views, "Item": item}}
            for view in views
            for item in view_items(view)
        ]
        condition: dict[str, Any] = {
            "ConditionExpression": "#v = :expected",
            "ExpressionAttributeNames": {"#v": "version"},
            "ExpressionAttributeValues": {":expected": {"N": str(expected_version)}},
        }
        if bookkeeping_before is not None:
            # Items written before the attribute existed carry no count: not compared.
            condition["ConditionExpression"] += " AND (attribute_not_exists(#bk) OR #bk = :bk)"
            condition["ExpressionAttributeNames"]["#bk"] = "bookkeeping"
            condition["ExpressionAttributeValues"][":bk"] = {"N": str(bookkeeping_before)}
        self._write(case, event, condition, shown)

    def _write(
        self,
        case: Case,
        event: CaseEvent,
        condition: dict[str, Any],
        extra: list[dict[str, Any]] | None = None,
    ) -> None:
        try:
            self._db.transact_write_items(
                TransactItems=[
                    *(extra or []),
                    {"Put": {"TableName": self._table, "Item": self._case_item(case), **condition}},
                    {
                        "Put": {
                            "TableName": self._table,
                            "Item": event_to_item(event),
                            "ConditionExpression": "attribute_not_exists(pk)",
                        }
                    },
                ]
            )
        except self._db.exceptions.TransactionCanceledException as exc:
            raise ConcurrencyError("办件已被他人处理，请刷新后重试") from exc

    def get(self, case_id: str) -> Case:
        if not case_id:
            raise NotFoundError("办件不存在")
        found = self._db.get_item(TableName=self._table, Key=case_key(case_id), ConsistentRead=True)
        if "Item" not in found:
            raise NotFoundError("办件不存在")
        return case_from_doc(unpacked(found["Item"]["doc"]))

    def events(self, case_id: str) -> list[CaseEvent]:
        items = self._query(
            TableName=self._table,
            KeyConditionExpression="pk = :pk AND begins_with(sk, :e)",
            ExpressionAttributeValues={":pk": _s(case_id), ":e": _s("E#")},
            ConsistentRead=True,
        )
        return [event_from_item(i) for i in items]

    def with_event(self, case_id: str, seq: int) -> tuple[Case, CaseEvent | None]:
        if not case_id:
            raise NotFoundError("办件不存在")
        # One BatchGetItem of both items instead of a GetItem and a Query of every event.
        event_key = {"pk": _s(case_id), "sk": _s(f"E#{int(seq):06d}")}
        request = {self._table: {"Keys": [case_key(case_id), event_key], "ConsistentRead": True}}
        out = self._db.batch_get_item(RequestItems=request)
        if out.get("UnprocessedKeys"):
            # Throttled: read them one by one rather than guess.
            case = self.get(case_id)
            return case, next((e for e in self.events(case_id) if e.seq == seq), None)
        items = out.get("Responses", {}).get(self._table, [])
        found = [i for i in items if i["sk"]["S"] == CASE_SK]
        if not found:
            raise NotFoundError("办件不存在")
        events = [i for i in items if i["sk"]["S"] != CASE_SK]
        event = event_from_item(events[0]) if events else None
        return case_from_doc(unpacked(found[0]["doc"])), event

    def by_number(self, case_number: str) -> Case | None:
        items = self._db.query(
            TableName=self._table,
            IndexName="by_number",
            KeyConditionExpression="case_number = :k",
            ExpressionAttributeValues={":k": _s(case_number)},
            Limit=1,
        ).get("Items", [])
        return self.get(items[0]["pk"]["S"]) if items else None

    def list_page(
        self, listing: Listing, limit: int, cursor: str | None = None
    ) -> tuple[list[Case], str | None]:
        items, next_cursor = query_page(self._db, self._table, listing, limit, cursor)
        # A KEYS_ONLY list (its keys never change, so a step never writes it) has its rows read
        # from the table in one BatchGetItem; a list whose index carries the row needs none.
        rows = self._rows([i["pk"]["S"] for i in items if "row" not in i])
        listed = (i["row"] if "row" in i else rows.get(i["pk"]["S"]) for i in items)
        return [case_from_doc(unpacked(row)) for row in listed if row is not None], next_cursor

    def _rows(self, case_ids: list[str]) -> dict[str, Any]:
        """The list row of each case, by id (a case gone since its index entry was read is left out)."""
        found: dict[str, Any] = {}
        for start in range(0, len(case_ids), BATCH_GET_LIMIT):
            request: dict[str, Any] = {
                self._table: {
                    "Keys": [case_key(c) for c in case_ids[start : start + BATCH_GET_LIMIT]],
                    "ProjectionExpression": "pk, #row",
                    "ExpressionAttributeNames": {"#row": "row"},
                }
            }
            out = self._db.batch_get_item(RequestItems=request)
            for item in out.get("Responses", {}).get(self._table, []):
                found[item["pk"]["S"]] = item["row"]
            # Throttled keys are read one by one rather than guessed.
            for key in out.get("UnprocessedKeys", {}).get(self._table, {}).get("Keys", []):
                item = self._db.get_item(TableName=self._table, Key=key).get("Item")
                if item is not None:
                    found[item["pk"]["S"]] = item["row"]
        return found

    def pending_outbox(self, older_than: datetime) -> list[Case]:
        # A sparse index that is empty but for messages not yet sent: its keys, then each case.
        items = self._query(
            TableName=self._table,
            IndexName="by_outbox",
            KeyConditionExpression="outbox_pending = :p AND updated_at < :t",
            ExpressionAttributeValues={
                ":p": _s("1"),
                ":t": _s(older_than.isoformat(timespec="seconds")),
            },
        )
        return [self.get(i["pk"]["S"]) for i in items]

    def set_routing_state(
        self,
        case_id: str,
        state: str,
        clearing: frozenset[str] = frozenset(),
        as_read: Case | None = None,
    ) -> None:
        def change(case: Case) -> Case:
            kept = tuple(m for m in case.outbox if m["id"] not in clearing)
            return replace(case, routing_state=state, outbox=kept)

        self._bookkeep(case_id, change, as_read)

    def clear_outbox(
        self, case_id: str, message_ids: frozenset[str], as_written: Case | None = None
    ) -> None:
        def change(case: Case) -> Case:
            return replace(case, outbox=tuple(m for m in case.outbox if m["id"] not in message_ids))

        self._bookkeep(case_id, change, as_written)

    def _bookkeep(self, case_id: str, change: Callable[[Case], Case], known: Case | None) -> None:
        """A bookkeeping change (no version bump). With the case as stored `known`, one PutItem
        conditional on the whole doc being as it was, no GetItem; anything that changed it since (a
        save, routing state, an append) sends us the re-reading way."""
        if known is not None and known.case_id == case_id:
            updated = change(known)
            if updated == known:
                return
            try:
                self._db.put_item(
                    TableName=self._table,
                    Item=self._case_item(replace(updated, bookkeeping=known.bookkeeping + 1)),
                    ConditionExpression="#doc = :written",
                    ExpressionAttributeNames={"#doc": "doc"},
                    ExpressionAttributeValues={":written": packed(case_to_doc(known))},
                )
                return
            except self._db.exceptions.ConditionalCheckFailedException:
                pass
        self._rewrite(case_id, change)

    def _rewrite(self, case_id: str, change: Callable[[Case], Case], attempts: int = 5) -> None:
        """Bookkeeping that must not bump the version: retried on a concurrent save, which may carry the same change."""
        for _ in range(attempts):
            case = self.get(case_id)
            updated = change(case)
            if replace(updated, bookkeeping=case.bookkeeping) == case:
                return
            updated = replace(updated, bookkeeping=case.bookkeeping + 1)
            item = self._case_item(updated)
            # Version and bookkeeping count both: two bookkeeping writes (the router marking the case
            # delivered, a sender clearing its outbox) leave the version alone, and on the version
            # alone the later one would write back what the earlier one changed.
            # (An item written before the count was a top-level attribute has none: it may pass once.)
            counted = "(#bk = :bk OR attribute_not_exists(#bk))"
            try:
                self._db.put_item(
                    TableName=self._table,
                    Item=item,
                    ConditionExpression=f"#v = :v AND {counted}",
                    ExpressionAttributeNames={"#v": "version", "#bk": "bookkeeping"},
                    ExpressionAttributeValues={
                        ":v": {"N": str(case.version)},
                        ":bk": {"N": str(case.bookkeeping)},
                    },
                )
                return
            except self._db.exceptions.ConditionalCheckFailedException:
                continue
        raise ConcurrencyError("办件正在被频繁更新，请稍后重试")

    def _query(self, **kwargs: Any) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        paginator = self._db.get_paginator("query")
        for page in paginator.paginate(**kwargs, PaginationConfig={"PageSize": QUERY_PAGE}):
            items.extend(page.get("Items", []))
        return items
