"""Scan results beside the case events (sk S#<object key>#v=<version>), written by the scan pipeline."""

from __future__ import annotations

import json
from typing import Any


def result_from_doc(doc: str) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(doc)
    result.setdefault("scan_id", result["key"])  # recorded before results were per version
    return result


class DynamoScanResults:
    def __init__(self, client: Any, table: str) -> None:
        self._db = client
        self._table = table

    def record(self, case_id: str, scan_id: str, result: dict[str, Any]) -> bool:
        doc = {"key": scan_id, **result, "scan_id": scan_id}
        try:
            # Conditional: a duplicate notification's result does not replace the first one.
            self._db.put_item(
                TableName=self._table,
                Item={
                    "pk": {"S": case_id},
                    "sk": {"S": f"S#{scan_id}"},
                    "doc": {"S": json.dumps(doc, ensure_ascii=False)},
                },
                ConditionExpression="attribute_not_exists(pk)",
            )
        except self._db.exceptions.ConditionalCheckFailedException:
            return False
        return True

    def for_case(self, case_id: str) -> dict[str, dict[str, Any]]:
        out = self._db.query(
            TableName=self._table,
            KeyConditionExpression="pk = :pk AND begins_with(sk, :s)",
            ExpressionAttributeValues={":pk": {"S": case_id}, ":s": {"S": "S#"}},
            ConsistentRead=True,
        )
        results = [result_from_doc(i["doc"]["S"]) for i in out.get("Items", [])]
        return {r["scan_id"]: r for r in results}
