"""Local moto's Query reads the partition it names, as DynamoDB does, instead of every item of the table.

moto 5.2.5 answers a Query by sorting all items of the table and keeping those of the asked partition,
for the table's own key and for an index alike: every list and every case view got slower with each
stored case. Here moto's own query code runs unchanged, but the items it looks through are narrowed to
the partition first: for the table's key, the partition itself; for an index, the items once seen with
that value of the index's partition attribute (kept as items are put and updated, and checked again at
query time, so an item that moved or was deleted is never answered). moto still filters, sorts and
pages exactly as before, so answers are the same, only cheaper.
"""

from __future__ import annotations

import inspect
import threading
from collections import defaultdict
from collections.abc import Callable
from typing import Any

_narrowed = threading.local()  # (table, candidate items) while one Query runs in this thread
_BY_VALUE = "_tongban_by_value"  # on a table: attribute -> value -> primary keys seen with it


def _primary(item: Any) -> tuple[Any, Any]:
    return item.hash_key, item.range_key


def _table_order(item: Any) -> Any:
    """moto's own order of a table's items (all_items), so moto's ties fall the same way."""
    return (item.hash_key, item.range_key) if item.range_key else item.hash_key


def _stored(table: Any, primary: tuple[Any, Any]) -> Any:
    found = table.items.get(primary[0])  # a defaultdict: .get does not create the partition
    if found is None or not table.range_key_attr:
        return found
    return found.get(primary[1])


def _partition(table: Any, hash_key: Any) -> list[Any]:
    found = table.items.get(hash_key)
    if found is None:
        return []
    return list(found.values()) if table.range_key_attr else [found]


def _index_attributes(table: Any) -> set[str]:
    return {
        key["AttributeName"]
        for index in table.all_indexes()
        for key in index.schema
        if key["KeyType"] == "HASH"
    }


def _by_value(table: Any) -> dict[str, dict[Any, set[tuple[Any, Any]]]]:
    """The table's value map, built from its items the first time it is asked for."""
    existing: dict[str, dict[Any, set[tuple[Any, Any]]]] | None = getattr(table, _BY_VALUE, None)
    if existing is not None:
        return existing
    built: dict[str, dict[Any, set[tuple[Any, Any]]]] = {
        name: defaultdict(set) for name in _index_attributes(table)
    }
    setattr(table, _BY_VALUE, built)
    for hash_set in list(table.items.values()):
        for item in hash_set.values() if table.range_key_attr else [hash_set]:
            _note(table, item)
    return built


def _note(table: Any, item: Any) -> None:
    """Remember the item under each index partition value it carries now."""
    values: dict[str, dict[Any, set[tuple[Any, Any]]]] | None = getattr(table, _BY_VALUE, None)
    if values is None or item is None:
        return  # not built yet: the first query builds it from the stored items
    for name, by_value in values.items():
        value = item.attrs.get(name)
        if value is not None:
            by_value[value].add(_primary(item))


def _index_candidates(table: Any, name: str, value: Any) -> list[Any]:
    keys = _by_value(table).get(name, {}).get(value, set())
    current = []
    for primary in list(keys):
        item = _stored(table, primary)
        carried = item.attrs.get(name) if item is not None else None
        if carried is None or carried != value:
            keys.discard(primary)  # deleted, or moved to another value since
        else:
            current.append(item)
    return current


def _index_hash(table: Any, index_name: str, bound: dict[str, Any]) -> tuple[str, Any] | None:
    conditions = bound.get("hash_key_conditions") or []
    if conditions:
        return str(conditions[0][0]), conditions[0][1]
    index = next((i for i in table.all_indexes() if i.name == index_name), None)
    hash_keys = [k for k in index.schema if k["KeyType"] == "HASH"] if index is not None else []
    if not hash_keys or bound.get("hash_key") is None:
        return None
    return str(hash_keys[0]["AttributeName"]), bound["hash_key"]


def install() -> Callable[[], None]:
    """Narrow every Query of this process's moto; returns the function that undoes it."""
    from moto.dynamodb.models import DynamoDBBackend
    from moto.dynamodb.models.table import Table

    query, all_items, put_item = Table.query, Table.all_items, Table.put_item
    update_item = DynamoDBBackend.update_item
    signature = inspect.signature(query)

    def narrowed_all_items(self: Any) -> list[Any]:
        if getattr(_narrowed, "table", None) is self:
            return sorted(_narrowed.items, key=_table_order)
        return all_items(self)

    def narrowed_query(self: Any, *args: Any, **kwargs: Any) -> Any:
        bound = signature.bind(self, *args, **kwargs).arguments
        index_name = bound.get("index_name")
        if index_name is None:
            if bound.get("hash_key") is None:
                return query(self, *args, **kwargs)
            items = _partition(self, bound["hash_key"])
        else:
            attribute = _index_hash(self, str(index_name), bound)
            if attribute is None:
                return query(self, *args, **kwargs)
            items = _index_candidates(self, *attribute)
        _narrowed.table, _narrowed.items = self, items
        try:
            return query(self, *args, **kwargs)
        finally:
            _narrowed.table = _narrowed.items = None

    def noting_put(self: Any, *args: Any, **kwargs: Any) -> Any:
        item = put_item(self, *args, **kwargs)
        _note(self, item)
        return item

    def noting_update(self: Any, table_name: str, *args: Any, **kwargs: Any) -> Any:
        item = update_item(self, table_name, *args, **kwargs)
        _note(self.get_table(table_name), item)
        return item

    Table.all_items = narrowed_all_items  # type: ignore[method-assign]
    Table.query = narrowed_query  # type: ignore[method-assign]
    Table.put_item = noting_put  # type: ignore[method-assign]
    DynamoDBBackend.update_item = noting_update  # type: ignore[method-assign]

    def uninstall() -> None:
        setattr(Table, "all_items", all_items)  # noqa: B010 (methods put back)
        setattr(Table, "query", query)  # noqa: B010
        setattr(Table, "put_item", put_item)  # noqa: B010
        setattr(DynamoDBBackend, "update_item", update_item)  # noqa: B010

    return uninstall
