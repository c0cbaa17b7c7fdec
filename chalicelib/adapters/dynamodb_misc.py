"""DynamoDB counters (case-number serials) and the per-case notice log."""

from __future__ import annotations

import json
from typing import Any


class DynamoCounter:
    """Atomic ADD on one item per counter name."""

    def __init__(self, client: Any, table: str) -> None:
        self._db = client
        self._table = table

    def next(self, name: str) -> int:
        out = self._db.update_item(
            TableName=self._table,
            Key={"pk": {"S": name}},
            UpdateExpression="ADD #n :one",
            ExpressionAttributeNames={"#n": "n"},
            ExpressionAttributeValues={":one": {"N": "1"}},
            ReturnValues="UPDATED_NEW",
        )
        return int(out["Attributes"]["n"]["N"])

    def peek(self, name: str) -> int:
        found = self._db.get_item(
            TableName=self._table, Key={"pk": {"S": name}}, ConsistentRead=True
        )
        return int(found.get("Item", {}).get("n", {}).get("N", "0"))

    def checkpoint(self, name: str) -> str | None:
        """A walk's stored position (services.ports.Checkpoints), beside the counters."""
        found = self._db.get_item(
            TableName=self._table, Key={"pk": {"S": f"checkpoint#{name}"}}, ConsistentRead=True
        )
        position = found.get("Item", {}).get("position", {}).get("S")
        return str(position) if position else None

    def set_checkpoint(self, name: str, position: str) -> None:
        self._db.put_item(
            TableName=self._table,
            Item={"pk": {"S": f"checkpoint#{name}"}, "position": {"S": position}},
        )


class DynamoNoticeLog:
    """Notices live beside the case's events (sk N#…); the conditional put is the send-once guard."""

    def __init__(self, client: Any, table: str) -> None:
        self._db = client
        self._table = table

    def _key(self, case_id: str, notice_id: str) -> dict[str, Any]:
        return {"pk": {"S": case_id}, "sk": {"S": f"N#{notice_id}"}}

    def claim(self, case_id: str, notice_id: str, record: dict[str, Any], stale_before: str) -> str:
        item = {
            **self._key(case_id, notice_id),
            "doc": {"S": json.dumps(record, ensure_ascii=False)},
            "status": {"S": "sending"},
            "claimed_at": {"S": str(record["claimed_at"])},
        }
        try:
            self._db.put_item(
                TableName=self._table,
                Item=item,
                ConditionExpression="attribute_not_exists(pk) OR (#s = :sending AND claimed_at < :stale)",
                ExpressionAttributeNames={"#s": "status"},
                ExpressionAttributeValues={
                    ":sending": {"S": "sending"},
                    ":stale": {"S": stale_before},
                },
                # A lost claim returns the item that won it: no GetItem to learn its status.
                ReturnValuesOnConditionCheckFailure="ALL_OLD",
            )
        except self._db.exceptions.ConditionalCheckFailedException as lost:
            held = lost.response.get("Item", {})
            return "sent" if held.get("status", {}).get("S") == "sent" else "in_flight"
        return "claimed"

    def mark(self, case_id: str, notice_id: str, status: str, provider_id: str) -> None:
        self._db.update_item(
            TableName=self._table,
            Key=self._key(case_id, notice_id),
            UpdateExpression="SET #s = :s, provider_id = :p",
            ExpressionAttributeNames={"#s": "status"},
            ExpressionAttributeValues={":s": {"S": status}, ":p": {"S": provider_id}},
        )

    def release(self, case_id: str, notice_id: str) -> None:
        self._db.delete_item(TableName=self._table, Key=self._key(case_id, notice_id))

    def list(self, case_id: str) -> list[dict[str, Any]]:
        out = self._db.query(
            TableName=self._table,
            KeyConditionExpression="pk = :pk AND begins_with(sk, :n)",
            ExpressionAttributeValues={":pk": {"S": case_id}, ":n": {"S": "N#"}},
        )
        return sorted(
            (notice_from_item(i) for i in out.get("Items", [])), key=lambda r: str(r.get("at", ""))
        )


def notice_from_item(item: dict[str, Any]) -> dict[str, Any]:
    record: dict[str, Any] = json.loads(item["doc"]["S"])
    record["status"] = item["status"]["S"]
    return record
