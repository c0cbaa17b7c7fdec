"""Local moto's Query reads the partition it names, as DynamoDB does, instead of every item of the table.

moto 5.2.5 answers a Query by sorting all items of the table and keeping those of the asked partition,
for the table's own key and for an index alike: every list and every case view got slower with each
stored case. Here moto's own query code runs unchanged, but the items it looks through are narrowed to
the partition first: for the table's key, the partition itself; for an index, the index partition kept
in key order (devtools/moto_index_order.py: moved as items are put and updated, and checked again at
query time, so an item that moved or was deleted is never answered). moto still filters, sorts and
pages exactly as before, so answers are the same, only cheaper.

A Query with a Limit is narrowed further, to what DynamoDB itself reads: the partition's items in key
order (sorted here on plain values, not moto's typed ones), after the ExclusiveStartKey, within the
sort-key condition, the first Limit, and the item after them (which tells moto that a next page exists). A list of
the newest 20 of 5,000 stored cases then costs what it costs at 100.
"""

from __future__ import annotations

import inspect
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from devtools.moto_index_order import Bounds, IndexOrder, Key, plain

_narrowed = threading.local()  # (table, candidate items) while one Query runs in this thread
_ORDERS = "_tongban_orders"  # on a table: index name -> its partitions in key order


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


def _note(table: Any, item: Any) -> None:
    """Move the item in every index order built so far (the others are built from the items later)."""
    if item is None:
        return
    for order in table.__dict__.get(_ORDERS, {}).values():
        order.note(_primary(item), item)


_PLAIN_TESTS: dict[str, Callable[[Any, list[Any]], bool]] = {
    "EQ": lambda v, o: bool(v == o[0]),
    "LT": lambda v, o: bool(v < o[0]),
    "LE": lambda v, o: bool(v <= o[0]),
    "GT": lambda v, o: bool(v > o[0]),
    "GE": lambda v, o: bool(v >= o[0]),
    "BETWEEN": lambda v, o: bool(o[0] <= v <= o[1]),
    "BEGINS_WITH": lambda v, o: isinstance(v, str) and v.startswith(o[0]),
}


def _holds(value: Any, comparison: str, objects: list[Any]) -> bool:
    """The sort-key condition on plain values (moto's own compare, per item, was most of the cost)."""
    test = _PLAIN_TESTS.get(comparison)
    if test is None or any(o.type != value.type for o in objects):
        return bool(value.compare(comparison, objects))
    return test(plain(value), [plain(o) for o in objects])


def _select(walked: Iterable[tuple[Key, Any]], sort_attr: str, bound: dict[str, Any]) -> list[Any]:
    """From items in key order after the start: the first Limit within the sort-key condition,
    and the item after them (moto, like DynamoDB, answers a next-page key when any item follows)."""
    limit = int(bound["limit"])
    comparison, objects = bound.get("range_comparison"), bound.get("range_objs") or []
    chosen: list[Any] = []
    for _key, item in walked:
        if len(chosen) == limit:
            return [*chosen, item]
        if not comparison or _holds(item.attrs[sort_attr], comparison, objects):
            chosen.append(item)
    return chosen


def _table_walk(table: Any, items: list[Any], bound: dict[str, Any]) -> Iterator[tuple[Key, Any]]:
    """The partition's items sorted by the table's sort key, after the ExclusiveStartKey."""
    from moto.dynamodb.models.dynamo_type import DynamoType

    forward = bound.get("scan_index_forward") is not False
    keyed = [((plain(i.attrs.get(table.range_key_attr)),), i) for i in items]
    keyed.sort(key=lambda pair: pair[0], reverse=not forward)
    start = bound.get("exclusive_start_key")
    at = None if not start else (plain(DynamoType(start[table.range_key_attr])),)
    for key, item in keyed:
        if at is None or (key > at if forward else key < at):
            yield key, item


def _bounds(bound: dict[str, Any]) -> Bounds | None:
    """Where the sort-key condition's items lie: DynamoDB seeks there instead of reading from the start."""
    comparison, objects = bound.get("range_comparison"), bound.get("range_objs") or []
    values = [plain(o) for o in objects]
    if not comparison or not values:
        return None
    if comparison == "BEGINS_WITH":
        return Bounds(prefix=values[0]) if isinstance(values[0], str) else None
    if comparison == "BETWEEN" and len(values) == 2:
        return Bounds(low=values[0], high=values[1])
    return {
        "EQ": Bounds(low=values[0], high=values[0]),
        "LT": Bounds(high=values[0]),
        "LE": Bounds(high=values[0]),
        "GT": Bounds(low=values[0]),
        "GE": Bounds(low=values[0]),
    }.get(str(comparison))


def _index_walk(
    table: Any, order: IndexOrder, value: Any, bound: dict[str, Any]
) -> Iterator[tuple[Key, Any]]:
    """The index partition's items in key order after the ExclusiveStartKey, each checked against
    the stored item (an entry whose item was deleted or moved is dropped)."""
    forward = bound.get("scan_index_forward") is not False
    start = bound.get("exclusive_start_key")
    walked = order.walk(value, order.start_key(start) if start else None, forward, _bounds(bound))
    for key, primary in walked:
        item = _stored(table, primary)
        now = None if item is None else order.entry(item)
        if now is None or now[1] != key or now[0] != (value.type, value.value):
            order.note(primary, item)
            continue
        yield key, item


def _first_page(
    table: Any,
    items: Callable[[], list[Any]],
    bound: dict[str, Any],
    index: tuple[IndexOrder, Any] | None,
) -> list[Any] | None:
    """The items DynamoDB reads for this page (None: a query this does not narrow, left to moto).
    `index`: the queried index's order and partition value (None for the table's own key)."""
    if (
        not bound.get("limit")
        or bound.get("filter_kwargs")
        or len(bound.get("range_key_conditions") or []) > 1
    ):
        return None
    if index is None:
        start = bound.get("exclusive_start_key") or {}
        if table.range_key_attr is None or (start and table.range_key_attr not in start):
            return None  # a start key moto itself must judge
        return _select(_table_walk(table, items(), bound), table.range_key_attr, bound)
    order, value = index
    if order.sort_attr is None:
        return None
    return _select(_index_walk(table, order, value, bound), order.sort_attr, bound)


def _order(table: Any, index_name: str) -> IndexOrder | None:
    """The index's kept order, built from the stored items the first time (None: a multi-attribute key)."""
    orders: dict[str, IndexOrder] = table.__dict__.setdefault(_ORDERS, {})
    if index_name in orders:
        return orders[index_name]
    index = next(i for i in table.all_indexes() if i.name == index_name)
    hashes = [k["AttributeName"] for k in index.schema if k["KeyType"] == "HASH"]
    ranges = [k["AttributeName"] for k in index.schema if k["KeyType"] == "RANGE"]
    if len(hashes) != 1 or len(ranges) > 1:
        return None
    sort = ranges[0] if ranges else None
    order = IndexOrder(hashes[0], sort, (table.hash_key_attr, table.range_key_attr))
    for hash_set in list(table.items.values()):
        for item in hash_set.values() if table.range_key_attr else [hash_set]:
            order.note(_primary(item), item)
    orders[index_name] = order
    return order


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
            hash_key = bound["hash_key"]
            partition: Callable[[], list[Any]] = lambda: _partition(self, hash_key)  # noqa: E731
            index = None
        else:
            attribute = _index_hash(self, str(index_name), bound)
            order = _order(self, str(index_name))
            if attribute is None or order is None or attribute[0] != order.hash_attr:
                return query(self, *args, **kwargs)
            index = (order, attribute[1])
            partition = lambda: [  # noqa: E731
                item for _key, item in _index_walk(self, order, attribute[1], {})
            ]
        page = _first_page(self, partition, bound, index)
        _narrowed.table, _narrowed.items = self, partition() if page is None else page
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
