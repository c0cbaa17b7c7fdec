"""Scan results beside the case events (sk S#<object key>), written by the scan pipeline."""

from __future__ import annotations

import json
from typing import Any


class DynamoScanResults:
    def __init__(self, client: Any, table: str) -> None:
        self._db = client
        self._table = table

    def record(self, case_id: str, key: str, result: dict[str, Any]) -> None:
        self._db.put_item(
            TableName=self._table,
            Item={
                "pk": {"S": case_id},
                "sk": {"S": f"S#{key}"},
                "doc": {"S": json.dumps({**result, "key": key}, ensure_ascii=False)},
            },
        )

    def for_case(self, case_id: str) -> dict[str, dict[str, Any]]:
        out = self._db.query(
            TableName=self._table,
            KeyConditionExpression="pk = :pk AND begins_with(sk, :s)",
            ExpressionAttributeValues={":pk": {"S": case_id}, ":s": {"S": "S#"}},
        )
        results = [json.loads(i["doc"]["S"]) for i in out.get("Items", [])]
        return {r["key"]: r for r in results}
