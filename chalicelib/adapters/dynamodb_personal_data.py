"""DynamoDB record of full personal-data views: one item per listed jurisdiction, newest first by time.

A table of its own, not the case's events partition: the case view reads that whole partition on every
request, and a record that grows with each view would make every later view slower and dearer."""

from __future__ import annotations

import json
from typing import Any

from chalicelib.domain.data_views import PersonalDataView

# Throttled items come back unprocessed: retried a few times, then an error.
UNPROCESSED_ATTEMPTS = 5


def view_items(view: PersonalDataView) -> list[dict[str, Any]]:
    """The view's items, one per jurisdiction that lists it (also written inside a step's transaction)."""
    doc = json.dumps(view.as_dict(), ensure_ascii=False)
    return [
        {
            "pk": {"S": code},
            "sk": {"S": f"{view.at}#{view.case_id}#{view.viewer_user_id}"},
            "doc": {"S": doc},
            "jurisdictions": {"S": ",".join(view.jurisdictions)},
        }
        for code in view.jurisdictions
    ]


class DynamoPersonalDataAccessLog:
    def __init__(self, client: Any, table: str) -> None:
        self._db = client
        self._table = table

    def record(self, view: PersonalDataView) -> None:
        # One BatchWriteItem for the view's two or three listings (one request, not one per listing).
        requests: list[dict[str, Any]] = [{"PutRequest": {"Item": i}} for i in view_items(view)]
        for _ in range(UNPROCESSED_ATTEMPTS):
            if not requests:
                return
            out = self._db.batch_write_item(RequestItems={self._table: requests})
            requests = out.get("UnprocessedItems", {}).get(self._table, [])
        if requests:
            raise RuntimeError("个人信息查阅记录未能写入")

    def for_jurisdiction(self, code: str, since: str, limit: int) -> list[PersonalDataView]:
        values: dict[str, Any] = {":pk": {"S": code}}
        condition = "pk = :pk"
        if since:
            condition += " AND sk >= :since"
            values[":since"] = {"S": since}
        out = self._db.query(
            TableName=self._table,
            KeyConditionExpression=condition,
            ExpressionAttributeValues=values,
            ScanIndexForward=False,
            Limit=limit,
        )
        return [_view(item) for item in out.get("Items", [])]


def _view(item: dict[str, Any]) -> PersonalDataView:
    doc = json.loads(item["doc"]["S"])
    viewer = doc["viewer"]
    return PersonalDataView(
        case_id=doc["case_id"],
        case_number=doc["case_number"],
        viewer_user_id=viewer["user_id"],
        viewer_name=viewer["name"],
        viewer_role=viewer["role"],
        viewer_jurisdiction=viewer["jurisdiction"],
        purpose=doc["purpose"],
        at=doc["at"],
        jurisdictions=tuple(c for c in item.get("jurisdictions", {}).get("S", "").split(",") if c),
    )
