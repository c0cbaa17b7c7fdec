"""Each partition of a local moto index kept in key order, so a limited Query walks only its page.

DynamoDB stores an index partition sorted by its sort key; moto sorts the partition on every Query.
An IndexOrder keeps, per partition value, the entries (sort key if the index has one, then the table
key; plain Python values) in order, moved as items are put and updated. Deleted items are not told: a walker checks each entry it
visits against the stored item and drops the ones that no longer hold (devtools/moto_partitions.py).
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

Key = tuple[Any, ...]
Entry = tuple[Key, Any]  # (plain sort key and table key, the item's primary key)
LAST_CHARACTER = "\U0010ffff"
_FOLLOWERS = 8  # entries copied at once past a bound, to find the one item that follows a page


@dataclass(frozen=True)
class Bounds:
    """Where a sort-key condition's items lie, as plain values: at or above `low`, at or below
    `high`, or starting with `prefix`. Conservative: the walker still tests every item it yields."""

    low: Any = None
    high: Any = None
    prefix: str | None = None


def _key(entry: Entry) -> Key:
    return entry[0]


def _sort_value(entry: Entry) -> Any:
    return entry[0][0]


def _positions(entries: list[Entry], bounds: Bounds | None) -> tuple[int, int]:
    """The slice of `entries` that may hold the condition's items (all of them without bounds)."""
    if bounds is None or not entries:
        return 0, len(entries)
    kind = type(_sort_value(entries[0]))
    named = [b for b in (bounds.low, bounds.high, bounds.prefix) if b is not None]
    if any(type(b) is not kind for b in named):
        return 0, len(entries)  # a bound of another type: moto's own compare decides per item
    low = 0
    first = bounds.prefix if bounds.prefix is not None else bounds.low
    if first is not None:
        low = bisect.bisect_left(entries, first, key=_sort_value)
    if bounds.prefix is not None:
        high = bisect.bisect_right(entries, bounds.prefix + LAST_CHARACTER, key=_sort_value)
        while high < len(entries) and str(_sort_value(entries[high])).startswith(bounds.prefix):
            high += 1
    elif bounds.high is not None:
        high = bisect.bisect_right(entries, bounds.high, key=_sort_value)
    else:
        high = len(entries)
    return low, max(low, high)


def plain(value: Any) -> Any:
    """A key value as Python orders it the way DynamoDB does (numbers by value, strings and bytes as is)."""
    if value is None:
        return ""
    return Decimal(value.value) if value.type == "N" else value.value


class IndexOrder:
    def __init__(
        self, hash_attr: str, sort_attr: str | None, table_keys: tuple[str, str | None]
    ) -> None:
        self.hash_attr, self.sort_attr = hash_attr, sort_attr
        self._key_attrs = (sort_attr, *table_keys)
        self._where: dict[Any, tuple[Any, Key]] = {}  # primary -> (partition value, key)
        self._lists: dict[Any, list[Entry]] = defaultdict(list)

    def entry(self, item: Any) -> tuple[Any, Key] | None:
        """Where the item belongs now: (partition value, key), or None when it is not in the index."""
        value = item.attrs.get(self.hash_attr)
        if value is None or (self.sort_attr is not None and self.sort_attr not in item.attrs):
            return None
        key = tuple(plain(item.attrs.get(a)) if a else "" for a in self._key_attrs)
        return (value.type, value.value), key

    def note(self, primary: Any, item: Any | None) -> None:
        """Move the item's entry to where it belongs now (nowhere when it is gone or left the index)."""
        new = None if item is None else self.entry(item)
        old = self._where.get(primary)
        if old == new:
            return
        if old is not None:
            entries = self._lists[old[0]]
            at = bisect.bisect_left(entries, old[1], key=lambda e: e[0])
            if at < len(entries) and entries[at][0] == old[1]:
                del entries[at]
        if new is None:
            self._where.pop(primary, None)
            return
        self._where[primary] = new
        bisect.insort(self._lists[new[0]], (new[1], primary), key=lambda e: e[0])

    def walk(
        self, value: Any, start: Key | None, forward: bool, bounds: Bounds | None = None
    ) -> Iterator[Entry]:
        """The partition's entries after `start` (exclusive) in the asked direction, within `bounds`
        of the sort key when given; a copy, so the caller may move entries while it walks."""
        entries = self._lists.get((value.type, value.value), [])
        low, high = _positions(entries, bounds)
        # The entries past the bound are walked too, lazily: after a full page, any item that follows
        # makes moto (and DynamoDB) answer a next-page key, whether or not it meets the condition
        # (the first past the bound may be a deleted item's, which the walker drops).
        if forward:
            at = low if start is None else max(low, bisect.bisect_right(entries, start, key=_key))
            yield from entries[at:high]
            yield from entries[max(at, high) : max(at, high) + _FOLLOWERS]
            yield from entries[max(at, high) + _FOLLOWERS :]
        else:
            at = high if start is None else min(high, bisect.bisect_left(entries, start, key=_key))
            below = min(low, at)
            yield from reversed(entries[below:at])
            yield from reversed(entries[max(0, below - _FOLLOWERS) : below])
            yield from reversed(entries[: max(0, below - _FOLLOWERS)])

    def start_key(self, start: dict[str, Any]) -> Key:
        """An ExclusiveStartKey (typed JSON) as a key of this order."""
        from moto.dynamodb.models.dynamo_type import DynamoType

        return tuple(
            plain(DynamoType(start[a])) if a and a in start else "" for a in self._key_attrs
        )
