"""Issued-document registry beside the case events: one item per case step and kind, one per code, one per series.

A reservation, its 文书编号 serial and the pointer from its verification code are written in one
transaction (the series counter moves only if the reservation is new), so a retried or duplicated issue
reuses the number and nothing leaves a gap; marking it issued is then one conditional PutItem.
"""

from __future__ import annotations

import json
from typing import Any

from chalicelib.domain.errors import ConcurrencyError

_ATTEMPTS = 8


class DynamoDocumentRegistry:
    def __init__(self, client: Any, table: str) -> None:
        self._db = client
        self._table = table

    def _case_key(self, case_id: str, seq: int, kind: str) -> dict[str, Any]:
        return {"pk": {"S": case_id}, "sk": {"S": f"D#{int(seq):06d}#{kind}"}}

    def _case_item(self, record: dict[str, Any]) -> dict[str, Any]:
        return {
            **self._case_key(record["case_id"], record["seq"], record["kind"]),
            "doc": {"S": json.dumps(record, ensure_ascii=False)},
            # Kept beside the JSON so conditions can read them.
            "status": {"S": str(record["status"])},
            "claim": {"S": str(record.get("claim", ""))},
        }

    def _stored(self, reservation: dict[str, Any]) -> dict[str, Any] | None:
        found = self._db.get_item(
            TableName=self._table,
            Key=self._case_key(reservation["case_id"], reservation["seq"], reservation["kind"]),
            ConsistentRead=True,
        )
        item = found.get("Item")
        return json.loads(item["doc"]["S"]) if item else None

    def _serial(self, series: str) -> int:
        found = self._db.get_item(
            TableName=self._table,
            Key={"pk": {"S": series}, "sk": {"S": "SERIES"}},
            ConsistentRead=True,
        )
        item = found.get("Item")
        return int(item["n"]["N"]) if item else 0

    def _stored_and_serial(
        self, reservation: dict[str, Any], series: str
    ) -> tuple[dict[str, Any] | None, int]:
        """The stored record (if any) and the series' last serial, in one BatchGetItem."""
        record_key = self._case_key(reservation["case_id"], reservation["seq"], reservation["kind"])
        series_key = {"pk": {"S": series}, "sk": {"S": "SERIES"}}
        out = self._db.batch_get_item(
            RequestItems={self._table: {"Keys": [record_key, series_key], "ConsistentRead": True}}
        )
        if out.get("UnprocessedKeys"):
            # Throttled: read them one by one rather than guess.
            return self._stored(reservation), self._serial(series)
        stored: dict[str, Any] | None = None
        current = 0
        for item in out.get("Responses", {}).get(self._table, []):
            if item["sk"]["S"] == "SERIES":
                current = int(item["n"]["N"])
            else:
                stored = json.loads(item["doc"]["S"])
        return stored, current

    def reserve(
        self, reservation: dict[str, Any], series: str, stale_before: str
    ) -> dict[str, Any]:
        for _ in range(_ATTEMPTS):
            stored, current = self._stored_and_serial(reservation, series)
            if stored is not None:
                taken = self._take_over(stored, reservation, stale_before)
                if taken is None:
                    continue
                return taken
            record = {**reservation, "status": "reserved", "serial": current + 1}
            counter_condition = "attribute_not_exists(#n)" if current == 0 else "#n = :current"
            values: dict[str, Any] = {":next": {"N": str(current + 1)}}
            if current:
                values[":current"] = {"N": str(current)}
            try:
                self._db.transact_write_items(
                    TransactItems=[
                        {
                            "Update": {
                                "TableName": self._table,
                                "Key": {"pk": {"S": series}, "sk": {"S": "SERIES"}},
                                "UpdateExpression": "SET #n = :next",
                                "ConditionExpression": counter_condition,
                                "ExpressionAttributeNames": {"#n": "n"},
                                "ExpressionAttributeValues": values,
                            }
                        },
                        {
                            "Put": {
                                "TableName": self._table,
                                "Item": self._case_item(record),
                                "ConditionExpression": "attribute_not_exists(pk)",
                            }
                        },
                        {
                            # The code's pointer rides this transaction, so issuing is one PutItem.
                            "Put": {
                                "TableName": self._table,
                                "Item": self._code_pointer(record),
                                "ConditionExpression": "attribute_not_exists(pk)",
                            }
                        },
                    ]
                )
            except self._db.exceptions.TransactionCanceledException:
                continue  # another document took the serial, or another delivery the reservation
            return record
        raise ConcurrencyError("文书编号分配冲突，请稍后重试")

    def _take_over(
        self, stored: dict[str, Any], reservation: dict[str, Any], stale_before: str
    ) -> dict[str, Any] | None:
        """The stored record, or it handed to this claim if its own claimant is long gone or its last
        attempt failed (a redelivery tries again, with the same serial); None: lost a race."""
        status = str(stored.get("status", "issued"))
        mine = stored.get("claim") == reservation["claim"]
        stale = str(stored.get("reserved_at", "")) < stale_before
        if mine or not (status == "failed" or (status == "reserved" and stale)):
            return stored
        taken = {
            **stored,
            "status": "reserved",
            "claim": reservation["claim"],
            "reserved_at": reservation["reserved_at"],
        }
        try:
            self._db.put_item(
                TableName=self._table,
                Item=self._case_item(taken),
                ConditionExpression="#s = :was AND #c = :old",
                ExpressionAttributeNames={"#s": "status", "#c": "claim"},
                ExpressionAttributeValues={
                    ":was": {"S": status},
                    ":old": {"S": str(stored.get("claim", ""))},
                },
            )
        except self._db.exceptions.ConditionalCheckFailedException:
            return None
        return taken

    def _code_pointer(self, record: dict[str, Any]) -> dict[str, Any]:
        """CODE#<code> names the case record (written with the reservation; a take-over keeps the code)."""
        return {
            "pk": {"S": f"CODE#{record['code']}"},
            "sk": {"S": "DOC"},
            "ref": {"S": json.dumps([record["case_id"], int(record["seq"]), record["kind"]])},
        }

    def issue(self, record: dict[str, Any]) -> bool:
        # One conditional PutItem: the code's pointer was written with the reservation.
        try:
            self._db.put_item(
                TableName=self._table,
                Item=self._case_item({**record, "status": "issued"}),
                ConditionExpression="#s = :reserved AND #c = :claim",
                ExpressionAttributeNames={"#s": "status", "#c": "claim"},
                ExpressionAttributeValues={
                    ":reserved": {"S": "reserved"},
                    ":claim": {"S": str(record.get("claim", ""))},
                },
            )
        except self._db.exceptions.ConditionalCheckFailedException:
            return False
        return True

    def mark_failed(self, record: dict[str, Any]) -> bool:
        try:
            self._db.put_item(
                TableName=self._table,
                Item=self._case_item({**record, "status": "failed"}),
                ConditionExpression="#s = :reserved AND #c = :claim",
                ExpressionAttributeNames={"#s": "status", "#c": "claim"},
                ExpressionAttributeValues={
                    ":reserved": {"S": "reserved"},
                    ":claim": {"S": str(record.get("claim", ""))},
                },
            )
        except self._db.exceptions.ConditionalCheckFailedException:
            return False
        return True

    def by_code(self, code: str) -> dict[str, Any] | None:
        found = self._db.get_item(
            TableName=self._table, Key={"pk": {"S": f"CODE#{code}"}, "sk": {"S": "DOC"}}
        )
        item = found.get("Item")
        if not item:
            return None
        if "ref" not in item:
            return dict(
                json.loads(item["doc"]["S"])
            )  # issued before pointers: a copy of the record
        case_id, seq, kind = json.loads(item["ref"]["S"])
        record = self._db.get_item(
            TableName=self._table, Key=self._case_key(case_id, seq, kind), ConsistentRead=True
        ).get("Item")
        if not record:
            return None
        doc = dict(json.loads(record["doc"]["S"]))
        # Only an issued document verifies; a reservation or a failed attempt is not one yet.
        return doc if doc.get("status") == "issued" and doc.get("code") == code else None

    def for_case(self, case_id: str) -> list[dict[str, Any]]:
        out = self._db.query(
            TableName=self._table,
            KeyConditionExpression="pk = :pk AND begins_with(sk, :d)",
            ExpressionAttributeValues={":pk": {"S": case_id}, ":d": {"S": "D#"}},
            ConsistentRead=True,
        )
        return [json.loads(i["doc"]["S"]) for i in out.get("Items", [])]
