"""What one DynamoDB write bills, by DynamoDB's published rules: item sizes, index projections and units.

Pure functions over DynamoDB's typed JSON (`{"S": "x"}`), used by the local moto's write meter
(devtools/moto_write_meter.py). The rules, from the DynamoDB developer guide:
- an item's size is its attribute names plus values (strings and binary by bytes, a number about
  half its significant digits plus one, a list or map 3 bytes plus one per element);
- a write costs one unit per 1 KB of the larger of the item before and after, two in a transaction;
- a global index is written only when its projection of the item changes: nothing when the item has
  no index key before or after, one write of the projected size when it appears, leaves or changes,
  two (a delete and a put) when an index key value changes.
"""

from __future__ import annotations

import base64
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

KB = 1024
Attrs = Mapping[str, Mapping[str, Any]]  # one item: name -> typed value


def _number_size(text: str) -> int:
    digits = text.lstrip("+-").lower().split("e")[0].replace(".", "").strip("0")
    return math.ceil(len(digits) / 2) + 1 if digits else 1


def value_size(value: Mapping[str, Any]) -> int:
    """Bytes of one typed value."""
    kind, raw = next(iter(value.items()))
    if kind == "S":
        return len(str(raw).encode("utf-8"))
    if kind == "N":
        return _number_size(str(raw))
    if kind == "B":
        return len(base64.b64decode(raw)) if isinstance(raw, str) else len(raw)
    if kind in ("BOOL", "NULL"):
        return 1
    if kind == "SS":
        return sum(len(str(s).encode("utf-8")) for s in raw)
    if kind == "NS":
        return sum(_number_size(str(n)) for n in raw)
    if kind == "BS":
        return sum(value_size({"B": b}) for b in raw)
    if kind == "L":
        return 3 + sum(value_size(v) + 1 for v in raw)
    if kind == "M":
        return 3 + sum(len(k.encode("utf-8")) + value_size(v) + 1 for k, v in raw.items())
    raise ValueError(f"unknown DynamoDB type {kind}")


def item_size(attrs: Attrs) -> int:
    """Bytes of one item: every attribute's name and value."""
    return sum(len(name.encode("utf-8")) + value_size(v) for name, v in attrs.items())


def units(attrs: Attrs | None) -> int:
    """Write units of one item of this size (0 for no item)."""
    return 0 if attrs is None else max(1, math.ceil(item_size(attrs) / KB))


@dataclass(frozen=True)
class IndexShape:
    name: str
    keys: tuple[str, ...]  # the index's partition and sort attributes
    projection: str  # ALL, KEYS_ONLY or INCLUDE
    include: tuple[str, ...] = ()


@dataclass(frozen=True)
class TableShape:
    name: str
    keys: tuple[str, ...]  # the table's partition and sort attributes
    indexes: tuple[IndexShape, ...] = ()


def projected(table: TableShape, index: IndexShape, attrs: Attrs | None) -> dict[str, Any] | None:
    """The index's copy of the item, or None when the item carries no value for an index key."""
    if attrs is None or any(k not in attrs for k in index.keys):
        return None
    if index.projection == "ALL":
        return dict(attrs)
    names = {*table.keys, *index.keys, *(index.include if index.projection == "INCLUDE" else ())}
    return {n: attrs[n] for n in names if n in attrs}


def index_units(
    table: TableShape, index: IndexShape, before: Attrs | None, after: Attrs | None
) -> int:
    """Writes to one global index for a change of the item from `before` to `after`."""
    old, new = projected(table, index, before), projected(table, index, after)
    if old == new:
        return 0
    if old is not None and new is not None:
        moved = any(old[k] != new[k] for k in index.keys)
        return units(old) + units(new) if moved else units(new)
    return units(new if new is not None else old)


def write_units(
    table: TableShape,
    before: Attrs | None,
    after: Attrs | None,
    transactional: bool = False,
) -> dict[str, int]:
    """Units one write bills, by table ('' key) and by index name (only those written)."""
    base = max(1, units(before), units(after)) * (2 if transactional else 1)
    billed = {"": base}
    for index in table.indexes:
        n = index_units(table, index, before, after)
        if n:
            billed[index.name] = n
    return billed


def shape_of(description: Mapping[str, Any]) -> TableShape:
    """A table's shape from its DescribeTable answer (`Table`)."""

    def keys(schema: Sequence[Mapping[str, str]]) -> tuple[str, ...]:
        ordered = sorted(schema, key=lambda k: k["KeyType"] != "HASH")
        return tuple(k["AttributeName"] for k in ordered)

    indexes = tuple(
        IndexShape(
            name=i["IndexName"],
            keys=keys(i["KeySchema"]),
            projection=i.get("Projection", {}).get("ProjectionType", "ALL"),
            include=tuple(i.get("Projection", {}).get("NonKeyAttributes", ())),
        )
        for i in [
            *description.get("GlobalSecondaryIndexes", ()),
            *description.get("LocalSecondaryIndexes", ()),
        ]
    )
    return TableShape(description["TableName"], keys(description["KeySchema"]), indexes)
