"""Issued-document registry beside the case events: one item per case event, one per verification code."""

from __future__ import annotations

import json
from typing import Any


class DynamoDocumentRegistry:
    def __init__(self, client: Any, table: str) -> None:
        self._db = client
        self._table = table

    def record(self, record: dict[str, Any]) -> bool:
        doc = {"S": json.dumps(record, ensure_ascii=False)}
        by_case = {
            "pk": {"S": record["case_id"]},
            "sk": {"S": f"D#{int(record['seq']):06d}#{record['kind']}"},
            "doc": doc,
        }
        by_code = {"pk": {"S": f"CODE#{record['code']}"}, "sk": {"S": "DOC"}, "doc": doc}
        try:
            self._db.transact_write_items(
                TransactItems=[
                    {
                        "Put": {
                            "TableName": self._table,
                            "Item": by_case,
                            "ConditionExpression": "attribute_not_exists(pk)",
                        }
                    },
                    {
                        "Put": {
                            "TableName": self._table,
                            "Item": by_code,
                            "ConditionExpression": "attribute_not_exists(pk)",
                        }
                    },
                ]
            )
        except self._db.exceptions.TransactionCanceledException:
            return False
        return True

    def by_code(self, code: str) -> dict[str, Any] | None:
        found = self._db.get_item(
            TableName=self._table, Key={"pk": {"S": f"CODE#{code}"}, "sk": {"S": "DOC"}}
        )
        item = found.get("Item")
        return json.loads(item["doc"]["S"]) if item else None

    def for_case(self, case_id: str) -> list[dict[str, Any]]:
        out = self._db.query(
            TableName=self._table,
            KeyConditionExpression="pk = :pk AND begins_with(sk, :d)",
            ExpressionAttributeValues={":pk": {"S": case_id}, ":d": {"S": "D#"}},
        )
        return [json.loads(i["doc"]["S"]) for i in out.get("Items", [])]
