"""The local moto's write meter: the write units each DynamoDB write bills, from the item before and after.

The bench's cost used to be an upper bound (every index written on every case write, every item under
1 KB). Here each put, update and delete moto performs is billed as DynamoDB bills it
(devtools/dynamodb_capacity.py), by table and by index, as counters `dynamodb-wru:<table>` and
`dynamodb-wru:<table>/<index>` (prefixed `driver-` for a driver's requests). A write in a transaction
bills double on its table; a refused conditional write still bills its item.
Installed in the moto process (devtools/moto_process.py) only.
"""

from __future__ import annotations

import collections
import logging
import threading
from collections.abc import Callable
from typing import Any

from devtools.dynamodb_capacity import TableShape, shape_of, write_units

PREFIX = "dynamodb-wru"
log = logging.getLogger(__name__)
Sink = Callable[[collections.Counter[str]], None]

_state = threading.local()  # per request: who is calling (service prefix), inside a transaction?


def caller(service: str) -> None:
    """Name the caller of the request this thread now serves (`dynamodb` or `driver-dynamodb`)."""
    _state.service = service


def _shape(table: Any) -> TableShape:
    cached: TableShape | None = getattr(table, "_tongban_shape", None)
    if cached is None:
        cached = shape_of(table.describe(base_key="Table")["Table"])
        table._tongban_shape = cached
    return cached


def _attrs(item: Any) -> dict[str, Any] | None:
    return None if item is None else dict(item.to_json()["Attributes"])


def _key(table: Any, attrs: dict[str, Any]) -> dict[str, Any]:
    return {name: attrs[name] for name in _shape(table).keys if name in attrs}


def _bill(sink: Sink, table: Any, before: Any, after: Any) -> None:
    try:
        _count(sink, table, before, after)
    except Exception:  # a meter must never fail the write it measures
        log.exception("write units of %s not counted", getattr(table, "name", "?"))


def _count(sink: Sink, table: Any, before: Any, after: Any) -> None:
    billed = write_units(_shape(table), before, after, bool(getattr(_state, "transaction", False)))
    service = str(getattr(_state, "service", "dynamodb")).replace("dynamodb", PREFIX)
    counted: collections.Counter[str] = collections.Counter()
    for part, n in billed.items():
        counted[f"{service}:{table.name}" + (f"/{part}" if part else "")] += n
    sink(counted)


def install(sink: Sink) -> Callable[[], None]:
    """Meter every write of this process's moto into `sink`; returns the function that undoes it."""
    from moto.dynamodb.models import DynamoDBBackend

    put, update, delete = (
        DynamoDBBackend.put_item,
        DynamoDBBackend.update_item,
        DynamoDBBackend.delete_item,
    )
    transact = DynamoDBBackend.transact_write_items

    def metered(write: Callable[..., Any], key_of: Callable[[Any, Any], dict[str, Any]]) -> Any:
        def run(self: Any, table_name: str, target: Any, *args: Any, **kwargs: Any) -> Any:
            table = self.get_table(table_name)
            try:
                before = _attrs(self.get_item(table_name, key_of(table, target)))
            except Exception:  # a malformed key: the write below answers for it, as moto would
                before = None
            try:
                item = write(self, table_name, target, *args, **kwargs)
            except Exception:
                _bill(sink, table, before, before)  # a refused write still bills its item
                raise
            _bill(sink, table, before, None if write is delete else _attrs(item))
            return item

        return run

    def metered_transaction(self: Any, *args: Any, **kwargs: Any) -> Any:
        _state.transaction = True
        try:
            return transact(self, *args, **kwargs)
        finally:
            _state.transaction = False

    DynamoDBBackend.put_item = metered(put, _key)  # type: ignore[method-assign]
    DynamoDBBackend.update_item = metered(update, lambda _t, key: dict(key))  # type: ignore[method-assign]
    DynamoDBBackend.delete_item = metered(delete, lambda _t, key: dict(key))  # type: ignore[method-assign]
    DynamoDBBackend.transact_write_items = metered_transaction  # type: ignore[method-assign]

    def uninstall() -> None:
        setattr(DynamoDBBackend, "put_item", put)  # noqa: B010 (methods put back)
        setattr(DynamoDBBackend, "update_item", update)  # noqa: B010
        setattr(DynamoDBBackend, "delete_item", delete)  # noqa: B010
        setattr(DynamoDBBackend, "transact_write_items", transact)  # noqa: B010

    return uninstall
