"""Named pure functions for computed values; forms name them, they never carry code."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from chalicelib.domain.forms import identifiers as ids
from chalicelib.domain.forms.conditions import MISSING, Lookup
from chalicelib.domain.forms.model import Compute

CONCAT_TYPES = frozenset(
    {
        "text",
        "textarea",
        "select",
        "radio",
        "number",
        "date",
        "id_number",
        "mobile",
        "uscc",
        "plate",
    }
)


@dataclass(frozen=True)
class Signature:
    """What the parser checks: how many arguments and which field types each may name.

    For `sum` the second argument is a field inside the group named by the first.
    """

    arg_types: tuple[frozenset[str], ...]
    variadic: bool = False
    result_type: str = "text"


_ID = frozenset({"id_number"})
SIGNATURES: dict[str, Signature] = {
    "birth_date_from_id": Signature((_ID,), result_type="date"),
    "gender_from_id": Signature((_ID,)),
    "age_from_id": Signature((_ID,), result_type="number"),
    "count": Signature((frozenset({"group"}),), result_type="number"),
    "sum": Signature((frozenset({"group"}), frozenset({"money"})), result_type="money"),
    "concat": Signature((CONCAT_TYPES,), variadic=True),
}


def _from_id(fn: Callable[[str], Any]) -> Callable[[Compute, Lookup, date], Any]:
    def run(c: Compute, lookup: Lookup, today: date) -> Any:
        number = lookup(c.args[0])
        return None if number is MISSING else fn(number)

    return run


def _age(c: Compute, lookup: Lookup, today: date) -> Any:
    number = lookup(c.args[0])
    return None if number is MISSING else ids.age(number, today)


def _count(c: Compute, lookup: Lookup, today: date) -> Any:
    items = lookup(c.args[0])
    return 0 if items is MISSING else len(items)


def _sum(c: Compute, lookup: Lookup, today: date) -> Any:
    items = lookup(c.args[0])
    if items is MISSING:
        return 0
    return sum(item[c.args[1]] for item in items if isinstance(item.get(c.args[1]), int))


def _concat(c: Compute, lookup: Lookup, today: date) -> Any:
    parts = [lookup(a) for a in c.args]
    text = c.separator.join(str(p) for p in parts if p is not MISSING)
    return text or None


def _birth(number: str) -> str | None:
    born = ids.birth_date(number)
    return born.isoformat() if born else None


IMPLEMENTATIONS: dict[str, Callable[[Compute, Lookup, date], Any]] = {
    "birth_date_from_id": _from_id(_birth),
    "gender_from_id": _from_id(ids.gender),
    "age_from_id": _age,
    "count": _count,
    "sum": _sum,
    "concat": _concat,
}


def run(c: Compute, lookup: Lookup, today: date) -> Any:
    """The computed value, or None when its inputs are missing (the value is then omitted)."""
    return IMPLEMENTATIONS[c.fn](c, lookup, today)
