"""A case and its whole file in one query: its partition of the case-files table holds the case (C#), its
events (E#), notices (N#), issued documents (D#), scan results (S#) and alerts (A#)."""

from __future__ import annotations

import json
from typing import Any

from chalicelib.services.ports import CaseFile

from .dynamodb_cases import CASE_SK, case_from_doc, event_from_item
from .dynamodb_misc import notice_from_item
from .dynamodb_packed_docs import unpacked
from .dynamodb_scans import result_from_doc


class DynamoCaseFiles:
    def __init__(self, client: Any, table: str) -> None:
        self._db = client
        self._table = table

    def read(self, case_id: str) -> CaseFile:
        if not case_id:  # DynamoDB refuses an empty key; no case has one
            return CaseFile(events=[], notices=[], documents=[], scans={})
        items: list[dict[str, Any]] = []
        paginator = self._db.get_paginator("query")
        for page in paginator.paginate(
            TableName=self._table,
            KeyConditionExpression="pk = :pk",
            ExpressionAttributeValues={":pk": {"S": case_id}},
            ConsistentRead=True,
        ):
            items.extend(page.get("Items", []))
        by_prefix: dict[str, list[dict[str, Any]]] = {}
        for item in items:
            by_prefix.setdefault(item["sk"]["S"][:2], []).append(item)
        scans = [result_from_doc(i["doc"]["S"]) for i in by_prefix.get("S#", [])]
        found = by_prefix.get(CASE_SK, [])
        return CaseFile(
            events=[event_from_item(i) for i in by_prefix.get("E#", [])],
            notices=sorted(
                (notice_from_item(i) for i in by_prefix.get("N#", [])),
                key=lambda r: str(r.get("at", "")),
            ),
            documents=[json.loads(i["doc"]["S"]) for i in by_prefix.get("D#", [])],
            scans={s["scan_id"]: s for s in scans},
            case=case_from_doc(unpacked(found[0]["doc"])) if found else None,
        )
