"""The catalog data error and a field reader that names the exact path of every bad value."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from chalicelib.domain.modes import HandlingMode

_MODE_CODES = frozenset(mode.value for mode in HandlingMode)


class CatalogDataError(ValueError):
    """A catalog or jurisdiction file holds a value the system cannot use."""

    def __init__(self, source: str, path: str, reason: str) -> None:
        super().__init__(f"{source}: {path}: {reason}")
        self.source = source
        self.path = path
        self.reason = reason


class Fields:
    """Typed access to one JSON object; every failure names ``source`` and the field path.

    Keys starting with "_" are ignored so that officers can leave notes such as "_comment"
    in the files; any other unknown key is rejected because it is almost always a typo.
    """

    def __init__(self, raw: Any, source: str, path: str, known: frozenset[str]) -> None:
        if not isinstance(raw, Mapping):
            raise CatalogDataError(source, path, "应为 JSON 对象（object）")
        self.raw: Mapping[str, Any] = raw
        self.source = source
        self.path = path
        for key in raw:
            if not isinstance(key, str) or (key not in known and not key.startswith("_")):
                raise self.error(str(key), "未知字段（拼写是否有误？）")

    def at(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def error(self, key: str, reason: str) -> CatalogDataError:
        return CatalogDataError(self.source, self.at(key), reason)

    def _get(self, key: str) -> Any:
        if key not in self.raw:
            raise self.error(key, "缺少必填字段")
        return self.raw[key]

    def has(self, key: str) -> bool:
        return key in self.raw

    def text(
        self,
        key: str,
        *,
        default: str | None = None,
        allow_empty: bool = False,
        pattern: str | None = None,
    ) -> str:
        if default is not None and key not in self.raw:
            return default
        value = self._get(key)
        if not isinstance(value, str):
            raise self.error(key, "应为字符串")
        value = value.strip()
        if not value and not allow_empty:
            raise self.error(key, "不能为空")
        if pattern is not None and value and not re.fullmatch(pattern, value):
            raise self.error(key, f"格式不正确：{value!r}（应匹配 {pattern}）")
        return value

    def choice(self, key: str, choices: frozenset[str]) -> str:
        """A required text that must be one of ``choices``; the error lists them."""
        value = self.text(key)
        if value not in choices:
            allowed = "、".join(sorted(choices))
            raise self.error(key, f"取值 {value!r} 无效，可选：{allowed}")
        return value

    def optional_text(self, key: str, *, pattern: str | None = None) -> str | None:
        if self.raw.get(key) is None:
            return None
        return self.text(key, pattern=pattern)

    def integer(self, key: str, *, minimum: int = 0, default: int | None = None) -> int:
        if default is not None and key not in self.raw:
            return default
        value = self._get(key)
        # bool is an int subclass in Python; true/false in a day count is a data error.
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(key, "应为整数")
        if value < minimum:
            raise self.error(key, f"不能小于 {minimum}")
        return value

    def optional_integer(self, key: str, *, minimum: int = 0) -> int | None:
        if self.raw.get(key) is None:
            return None
        return self.integer(key, minimum=minimum)

    def flag(self, key: str, *, default: bool | None = None) -> bool:
        if default is not None and key not in self.raw:
            return default
        value = self._get(key)
        if not isinstance(value, bool):
            raise self.error(key, "应为 true 或 false")
        return value

    def array(self, key: str, *, allow_empty: bool = True) -> list[tuple[str, Any]]:
        """The list under ``key`` as (path, element) pairs, so callers can report positions."""
        if key not in self.raw and allow_empty:
            return []
        value = self._get(key)
        if not isinstance(value, list):
            raise self.error(key, "应为数组（list）")
        if not value and not allow_empty:
            raise self.error(key, "不能为空数组")
        return [(f"{self.at(key)}[{i}]", element) for i, element in enumerate(value)]

    def text_array(
        self, key: str, *, allow_empty: bool = True, choices: frozenset[str] | None = None
    ) -> tuple[str, ...]:
        seen: list[str] = []
        for path, element in self.array(key, allow_empty=allow_empty):
            if not isinstance(element, str) or not element.strip():
                raise CatalogDataError(self.source, path, "应为非空字符串")
            element = element.strip()
            if choices is not None and element not in choices:
                allowed = "、".join(sorted(choices))
                raise CatalogDataError(self.source, path, f"取值 {element!r} 无效，可选：{allowed}")
            if element in seen:
                raise CatalogDataError(self.source, path, f"重复的取值：{element}")
            seen.append(element)
        return tuple(seen)

    def modes(self, key: str) -> tuple[HandlingMode, ...]:
        codes = self.text_array(key, allow_empty=False, choices=_MODE_CODES)
        return tuple(HandlingMode(code) for code in codes)
