"""The staff directory in DynamoDB: one item per person (pk = the provider's `sub`), looked up by login via a GSI."""

from __future__ import annotations

from datetime import date
from typing import Any

from chalicelib.domain.errors import BadRequestError
from chalicelib.services.staff_directory import STAFF_ROLES, StaffEntry

LOGIN_INDEX = "by_login"


class DynamoStaffDirectory:
    def __init__(self, client: Any, table: str) -> None:
        self._db = client
        self._table = table

    def entry_for(self, user_id: str) -> StaffEntry | None:
        if not user_id:
            return None
        # Consistent: an entry the administrator just ended must not come back from a stale replica.
        found = self._db.get_item(
            TableName=self._table, Key={"pk": {"S": user_id}}, ConsistentRead=True
        )
        item = found.get("Item")
        return _entry(item) if item else None

    def by_login(self, login: str) -> StaffEntry | None:
        out = self._db.query(
            TableName=self._table,
            IndexName=LOGIN_INDEX,
            KeyConditionExpression="login = :l",
            ExpressionAttributeValues={":l": {"S": login.strip().lower()}},
            Limit=1,
        )
        items = out.get("Items", [])
        # The index carries keys only (resource_spec): the entry itself is read consistently.
        return self.entry_for(items[0]["pk"]["S"]) if items else None

    def put(self, entry: StaffEntry) -> None:
        holder = self.by_login(entry.login)
        if holder is not None and holder.user_id != entry.user_id:
            raise BadRequestError(f"登录名 {entry.login} 已属于另一名工作人员（{holder.name}）")
        self._db.put_item(TableName=self._table, Item=_item(entry))

    def entries(self) -> list[StaffEntry]:
        found: list[StaffEntry] = []
        for page in self._db.get_paginator("scan").paginate(TableName=self._table):
            found.extend(_entry(item) for item in page.get("Items", []))
        return sorted(found, key=lambda e: (e.jurisdiction, e.login))


def _item(entry: StaffEntry) -> dict[str, Any]:
    return {
        "pk": {"S": entry.user_id},
        "login": {"S": entry.login},
        "name": {"S": entry.name},
        "roles": {"SS": sorted(r.value for r in entry.roles)},
        "jurisdiction": {"S": entry.jurisdiction},
        "center": {"S": entry.center},
        "department": {"S": entry.department},
        "window": {"S": entry.window},
        "valid_from": {"S": entry.valid_from.isoformat()},
        "valid_to": {"S": entry.valid_to.isoformat() if entry.valid_to else ""},
    }


def _entry(item: dict[str, Any]) -> StaffEntry:
    def text(name: str) -> str:
        return str(item.get(name, {}).get("S", ""))

    known = {r.value: r for r in STAFF_ROLES}
    return StaffEntry(
        user_id=text("pk"),
        login=text("login"),
        name=text("name"),
        # An unknown role written by hand into the table grants nothing.
        roles=frozenset(known[r] for r in item.get("roles", {}).get("SS", []) if r in known),
        jurisdiction=text("jurisdiction"),
        center=text("center"),
        department=text("department"),
        window=text("window"),
        valid_from=date.fromisoformat(text("valid_from")) if text("valid_from") else date.max,
        valid_to=date.fromisoformat(text("valid_to")) if text("valid_to") else None,
    )
