"""Local moto made to cost per request what DynamoDB does, not what the stored history does.

moto 5.2.5 (the newest release) deep-copies every table a TransactWriteItems names before it starts,
so it can roll back: each step of each case copied the whole events table, and the local stack got
slower as cases accumulated (and a concurrent write could change a table mid-copy). Here a transaction
checks every condition first and then writes, undoing only the items it touched if a write fails; the
moto process serialises DynamoDB requests, so nothing runs between the check and the writes.
Queries read only the partition they name (devtools/moto_partitions.py), not every item of the table.
Its backend lookup also listed moto's package directory on every request, and each response class's
methods: both lists are taken once. Item answers are written as JSON directly (devtools/moto_dynamodb_json.py).
Installed by devtools/moto_process.py (and the inbox bench) only: the app never knows what serves its AWS calls.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable
from typing import Any

OPS = frozenset({"ConditionCheck", "Put", "Delete", "Update"})


def _key_of(backend: Any, op_type: str, op: dict[str, Any]) -> dict[str, Any]:
    if op_type != "Put":
        return dict(op["Key"])
    table = backend.get_table(op["TableName"])
    attrs = op["Item"]
    key = {table.hash_key_attr: attrs[table.hash_key_attr]}
    if table.range_key_attr is not None:
        key[table.range_key_attr] = attrs[table.range_key_attr]
    return key


def _condition_holds(op: dict[str, Any], current: Any) -> bool:
    from moto.dynamodb.comparisons import get_filter_expression

    expression = op.get("ConditionExpression")
    if expression is None:
        return True
    condition = get_filter_expression(
        expression, op.get("ExpressionAttributeNames"), op.get("ExpressionAttributeValues")
    )
    return bool(condition.expr(current))


def _write(backend: Any, op_type: str, op: dict[str, Any], key: dict[str, Any]) -> None:
    table = op["TableName"]
    names = op.get("ExpressionAttributeNames")
    values = op.get("ExpressionAttributeValues")
    if op_type == "Put":
        backend.put_item(table, op["Item"])
    elif op_type == "Delete":
        backend.delete_item(table, key)
    elif op_type == "Update":
        backend.update_item(
            table,
            key,
            update_expression=op["UpdateExpression"],
            expression_attribute_names=names,
            expression_attribute_values=values,
        )


def _restore(backend: Any, table: str, key: dict[str, Any], before: dict[str, Any] | None) -> None:
    if before is None:
        backend.delete_item(table, key)
    else:
        backend.put_item(table, before)


Planned = list[tuple[str, dict[str, Any], dict[str, Any]]]


def _plan(backend: Any, transact_items: list[dict[str, Any]]) -> Planned:
    """Each part's operation and key, refused as DynamoDB refuses it (too many, two on one item)."""
    from moto.dynamodb.exceptions import (
        MultipleTransactionsException,
        TooManyTransactionsException,
        TransactWriteSingleOpException,
    )

    if len(transact_items) > 100:
        raise TooManyTransactionsException()
    planned: Planned = []
    targets: set[tuple[str, str]] = set()
    for entry in transact_items:
        if len(entry) > 1:
            raise TransactWriteSingleOpException
        op_type, op = next(iter(entry.items()))
        if op_type not in OPS:
            raise ValueError("Unsupported transaction operation")
        key = _key_of(backend, op_type, op)
        target = (str(op["TableName"]), str(dict(sorted(key.items()))))
        if target in targets:
            raise MultipleTransactionsException()
        targets.add(target)
        planned.append((op_type, op, key))
    return planned


def _check(backend: Any, planned: Planned) -> None:
    """Every condition against the state before the transaction; one failure cancels them all."""
    from moto.dynamodb.exceptions import TransactionCanceledException

    reasons: list[tuple[str | None, str | None, dict[str, Any] | None]] = []
    for _op_type, op, key in planned:
        current = backend.get_item(op["TableName"], key)
        if _condition_holds(op, current):
            reasons.append((None, None, None))
            continue
        old = None
        if op.get("ReturnValuesOnConditionCheckFailure") == "ALL_OLD" and current:
            old = current.to_json()["Attributes"]
        reasons.append(("ConditionalCheckFailed", "The conditional request failed", old))
    if any(code is not None for code, _, _ in reasons):
        raise TransactionCanceledException(reasons)


def transact_write_items(backend: Any, transact_items: list[dict[str, Any]]) -> None:
    """DynamoDB's all-or-nothing transaction: conditions first, then writes, undone item by item."""
    planned = _plan(backend, transact_items)
    _check(backend, planned)
    undo: list[tuple[str, dict[str, Any], dict[str, Any] | None]] = []
    try:
        for op_type, op, key in planned:
            if op_type == "ConditionCheck":
                continue
            current = backend.get_item(op["TableName"], key)
            before = copy.deepcopy(current.to_json()["Attributes"]) if current else None
            undo.append((op["TableName"], key, before))
            _write(backend, op_type, op, key)
    except Exception:
        for table, key, before in reversed(undo):
            _restore(backend, table, key, before)
        raise


def install() -> Callable[[], None]:
    """Replace the three costs in this process's moto (call before it serves a request); returns
    the function that puts moto back as it was (for tests that compare the two)."""
    from moto import backends
    from moto.core import responses
    from moto.dynamodb.models import DynamoDBBackend

    from devtools import moto_dynamodb_json, moto_partitions

    saved = (DynamoDBBackend.transact_write_items, backends.list_of_moto_modules)

    def transact(self: Any, transact_items: list[dict[str, Any]]) -> None:
        transact_write_items(self, transact_items)

    DynamoDBBackend.transact_write_items = transact  # type: ignore[method-assign]
    # Every request listed its response class's methods with inspect.getmembers (a quarter of a
    # millisecond each time) to see whether the action is one: a class's methods do not change.
    saved_names = getattr(responses, "method_names_from_class")  # noqa: B009 (not re-exported)
    setattr(responses, "method_names_from_class", functools.lru_cache(maxsize=None)(saved_names))  # noqa: B010
    restore_queries = moto_partitions.install()
    restore_answers = moto_dynamodb_json.install()
    modules = tuple(backends.list_of_moto_modules())
    backends.list_of_moto_modules = functools.partial(iter, modules)

    def uninstall() -> None:
        setattr(DynamoDBBackend, "transact_write_items", saved[0])  # noqa: B010 (a method)
        restore_queries()
        restore_answers()
        backends.list_of_moto_modules = saved[1]
        setattr(responses, "method_names_from_class", saved_names)  # noqa: B010

    return uninstall
