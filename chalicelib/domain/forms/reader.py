"""Typed access to decoded JSON definitions that fails with FormDefinitionError at the exact path."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from chalicelib.domain.forms.conditions import Condition, ConditionSyntaxError, parse_condition
from chalicelib.domain.forms.model import FormDefinitionError

FIELD_ID_RE = re.compile(r"[a-z][a-z0-9_]{0,47}", re.ASCII)


class Reader:
    """Typed access to decoded JSON that raises FormDefinitionError at the right path."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, path: str, reason: str) -> FormDefinitionError:
        return FormDefinitionError(self.source, path, reason)

    def obj(
        self, data: object, path: str, allowed: set[str], required: set[str]
    ) -> Mapping[str, Any]:
        if not isinstance(data, Mapping):
            raise self.fail(path, "应为对象 (expected an object)")
        for key in data:
            if key not in allowed:
                raise self.fail(join(path, str(key)), f"未知的键“{key}” (unknown key)")
        for key in sorted(required - set(data)):
            raise self.fail(join(path, key), "缺少必填键 (missing required key)")
        return data

    def str_(self, d: Mapping[str, Any], key: str, path: str, default: str | None = None) -> str:
        value = d.get(key, default)
        if not isinstance(value, str) or (default is None and not value.strip()):
            raise self.fail(join(path, key), "应为非空字符串 (expected a non-empty string)")
        return value

    def id_(
        self, d: Mapping[str, Any], key: str, path: str, pattern: re.Pattern[str] = FIELD_ID_RE
    ) -> str:
        value = self.str_(d, key, path)
        if not pattern.fullmatch(value):
            raise self.fail(
                join(path, key), f"“{value}”不是合法的 id（小写字母开头，字母数字下划线）"
            )
        return value

    def int_(
        self, d: Mapping[str, Any], key: str, path: str, default: int | None, lo: int, hi: int
    ) -> int:
        value = d.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
            raise self.fail(join(path, key), f"应为 {lo}–{hi} 之间的整数 (expected an integer)")
        return value

    def bool_(self, d: Mapping[str, Any], key: str, path: str, default: bool) -> bool:
        value = d.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(join(path, key), "应为 true 或 false (expected a boolean)")
        return value

    def list_(self, d: Mapping[str, Any], key: str, path: str, non_empty: bool = True) -> list[Any]:
        value = d.get(key, [])
        if not isinstance(value, list) or (non_empty and not value):
            raise self.fail(join(path, key), "应为非空数组 (expected a non-empty array)")
        return value

    def condition(self, d: Mapping[str, Any], key: str, path: str) -> Condition | None:
        if key not in d:
            return None
        try:
            return parse_condition(d[key], join(path, key))
        except ConditionSyntaxError as exc:
            raise self.fail(exc.path, exc.reason) from None


def join(path: str, key: str) -> str:
    return key if path == "$" else f"{path}.{key}"
