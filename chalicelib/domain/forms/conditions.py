"""The small JSON condition language of visible_if / required_if: parsed to data, evaluated without eval."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

# A sentinel for "no usable answer": absent, empty, invalid or hidden.
MISSING: Any = object()

Scalar = str | int | float | bool | None


@dataclass(frozen=True)
class Equals:
    """True when the field's cleaned value equals `value` (or, for a checkbox list, contains it)."""

    field: str
    value: Scalar


@dataclass(frozen=True)
class In:
    """True when the field's cleaned value is one of `values` (for a list: any overlap)."""

    field: str
    values: tuple[Scalar, ...]


@dataclass(frozen=True)
class Filled:
    """True when the field has a usable answer (`filled: false` inverts it)."""

    field: str
    filled: bool = True


@dataclass(frozen=True)
class All:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class AnyOf:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class Not:
    item: Condition


Condition = Equals | In | Filled | All | AnyOf | Not

Lookup = Callable[[str], Any]


class ConditionSyntaxError(ValueError):
    """Raised by parse_condition with the JSON path relative to the condition."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(reason)
        self.path = path
        self.reason = reason


def _is_scalar(value: object) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


def parse_condition(data: object, path: str) -> Condition:
    """Turn decoded JSON into a Condition, or raise ConditionSyntaxError naming the bad spot."""
    if not isinstance(data, Mapping):
        raise ConditionSyntaxError(path, "条件必须是对象 (condition must be an object)")
    for key in ("all", "any", "not"):
        if key in data:
            if set(data) != {key}:
                raise ConditionSyntaxError(path, f"“{key}”不能与其他键并列")
            if key == "not":
                return Not(parse_condition(data["not"], f"{path}.not"))
            items = data[key]
            if not isinstance(items, list) or not items:
                raise ConditionSyntaxError(f"{path}.{key}", "必须是非空数组")
            parsed = tuple(parse_condition(c, f"{path}.{key}[{i}]") for i, c in enumerate(items))
            return All(parsed) if key == "all" else AnyOf(parsed)
    return _parse_leaf(data, path)


def _parse_leaf(data: Mapping[str, Any], path: str) -> Condition:
    if "field" not in data:
        raise ConditionSyntaxError(path, "条件需要 field、all、any 或 not 之一")
    field_id = data["field"]
    if not isinstance(field_id, str) or not field_id:
        raise ConditionSyntaxError(f"{path}.field", "field 必须是字段 id 字符串")
    tests = set(data) - {"field"}
    if len(tests) != 1:
        raise ConditionSyntaxError(path, "field 条件需要且只能有 equals、in、filled 之一")
    (test,) = tests
    value = data[test]
    if test == "equals" and _is_scalar(value):
        return Equals(field_id, value)
    if test == "in" and isinstance(value, list) and value and all(map(_is_scalar, value)):
        return In(field_id, tuple(value))
    if test == "filled" and isinstance(value, bool):
        return Filled(field_id, value)
    reason = _LEAF_RULES.get(test, f"未知的条件键“{test}”")
    raise ConditionSyntaxError(f"{path}.{test}", reason)


_LEAF_RULES = {
    "equals": "equals 的值必须是字符串、数字、布尔值或 null",
    "in": "in 必须是非空的值数组",
    "filled": "filled 必须是 true 或 false",
}


def references(cond: Condition, path: str = "") -> Iterator[tuple[str, Condition, str]]:
    """Every leaf (field id, leaf, JSON path suffix) so a parser can check the ids exist."""
    if isinstance(cond, All | AnyOf):
        key = "all" if isinstance(cond, All) else "any"
        for i, item in enumerate(cond.items):
            yield from references(item, f"{path}.{key}[{i}]")
    elif isinstance(cond, Not):
        yield from references(cond.item, f"{path}.not")
    else:
        yield cond.field, cond, path


def _same(a: object, b: object) -> bool:
    # bool is an int in Python; keep true != 1 so authors get what JSON says.
    return type(a) is type(b) and a == b if isinstance(a, bool) or isinstance(b, bool) else a == b


def _matches(value: Any, wanted: Scalar) -> bool:
    if isinstance(value, list):
        return any(_same(v, wanted) for v in value)
    return _same(value, wanted)


def evaluate(cond: Condition, lookup: Lookup) -> bool:
    """Evaluate against cleaned values; lookup returns MISSING for absent or hidden fields."""
    if isinstance(cond, All):
        return all(evaluate(c, lookup) for c in cond.items)
    if isinstance(cond, AnyOf):
        return any(evaluate(c, lookup) for c in cond.items)
    if isinstance(cond, Not):
        return not evaluate(cond.item, lookup)
    value = lookup(cond.field)
    if isinstance(cond, Filled):
        return (value is not MISSING) == cond.filled
    if value is MISSING:
        return False
    if isinstance(cond, Equals):
        return _matches(value, cond.value)
    return any(_matches(value, v) for v in cond.values)
