"""Rate-limit counters in DynamoDB: one atomic `ADD` per attempt that returns the new count, with a TTL."""

from __future__ import annotations

from typing import Any


class DynamoHitCounter:
    """Implements services.rate_limits.HitCounter on the rate-limits table (TTL attribute `expires_at`)."""

    def __init__(self, client: Any, table: str) -> None:
        self._db = client
        self._table = table

    def add(self, name: str, amount: int, expires_at: int) -> int:
        out = self._db.update_item(
            TableName=self._table,
            Key={"pk": {"S": name}},
            # One request: the count moves and the new value comes back, so parallel attempts each see
            # their own number and none slips past the limit between a read and a write.
            UpdateExpression="SET expires_at = if_not_exists(expires_at, :exp) ADD #n :amount",
            ExpressionAttributeNames={"#n": "n"},
            ExpressionAttributeValues={
                ":amount": {"N": str(int(amount))},
                ":exp": {"N": str(int(expires_at))},
            },
            ReturnValues="UPDATED_NEW",
        )
        return int(out["Attributes"]["n"]["N"])
