"""The service-item catalog: lookup and search over items parsed and validated from data."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from chalicelib.domain.catalog_errors import CatalogDataError, Fields
from chalicelib.domain.catalog_items import (
    DELIVERY_LABELS,
    FORM_LABELS,
    MEDIUM_LABELS,
    CatalogItem,
    ItemType,
    Material,
    TimeLimits,
)
from chalicelib.domain.catalog_limits import parse_limits
from chalicelib.domain.modes import HandlingMode

__all__ = [
    "Catalog",
    "CatalogDataError",
    "CatalogItem",
    "ItemType",
    "Material",
    "TimeLimits",
    "UnknownItemError",
    "parse_catalog",
]


class UnknownItemError(LookupError):
    def __init__(self, code: str) -> None:
        super().__init__(f"未知的事项编码：{code}")
        self.code = code


class Catalog:
    """Items in the order of the data file, which is the order officers maintain."""

    def __init__(self, items: Iterable[CatalogItem]) -> None:
        self._items = tuple(items)
        self._by_code = {item.code: item for item in self._items}
        if len(self._by_code) != len(self._items):
            raise ValueError("duplicate item codes")

    def get(self, code: str) -> CatalogItem:
        try:
            return self._by_code[code]
        except KeyError:
            raise UnknownItemError(code) from None

    def all(self) -> tuple[CatalogItem, ...]:
        return self._items

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def search(
        self,
        *,
        department: str | None = None,
        category: str | None = None,
        mode: HandlingMode | None = None,
        keyword: str | None = None,
    ) -> list[CatalogItem]:
        needle = keyword.strip().casefold() if keyword else ""
        return [
            item
            for item in self._items
            if (department is None or item.department == department)
            and (category is None or item.category == category)
            and (mode is None or mode in item.modes)
            and (not needle or needle in _search_text(item))
        ]

    def departments(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(item.department for item in self._items))

    def categories(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(item.category for item in self._items))


def _search_text(item: CatalogItem) -> str:
    words = [item.name, item.category, *item.keywords, *(m.name for m in item.materials)]
    return "\n".join(words).casefold()


@dataclass(frozen=True)
class _Vocabulary:
    name: str
    shareable: bool
    note: str


_ITEM_KEYS = frozenset(
    {
        "code",
        "name",
        "department",
        "category",
        "item_type",
        "modes",
        "time_limits",
        "fee_fen",
        "fee_note",
        "materials",
        "result_type",
        "result_name",
        "delivery",
        "presence_required",
        "conditions",
        "legal_basis",
        "form_id",
        "verified",
        "source",
        "batch",
        "keywords",
    }
)
_ITEM_TYPES = frozenset(kind.value for kind in ItemType)
_MATERIAL_KEYS = frozenset({"code", "form", "medium", "copies", "required", "note"})
_VOCAB_KEYS = frozenset({"name", "shareable", "note"})
_MATERIAL_CODE = r"[a-z][a-z0-9_]*"


def parse_catalog(
    items: Any,
    materials: Any,
    source: str = "items.json",
    materials_source: str = "materials.json",
) -> Catalog:
    """Validate items against the material vocabulary; the first problem raises CatalogDataError.

    ``items`` is either the decoded items.json ({"items": [...]}) or the bare list.
    """
    vocabulary = _parse_vocabulary(materials, materials_source)
    if isinstance(items, Mapping):
        entries = Fields(items, source, "", frozenset({"items"})).array("items")
    elif isinstance(items, list):
        entries = [(f"items[{i}]", raw) for i, raw in enumerate(items)]
    else:
        raise CatalogDataError(source, "items", "应为事项数组或含 items 的对象")

    parsed: list[CatalogItem] = []
    seen: dict[str, str] = {}
    for path, raw in entries:
        item = _parse_item(raw, source, path, vocabulary)
        if item.code in seen:
            reason = f"事项编码 {item.code} 重复（已在 {seen[item.code]} 使用）"
            raise CatalogDataError(source, f"{path}.code", reason)
        seen[item.code] = path
        parsed.append(item)
    return Catalog(parsed)


def _parse_vocabulary(raw: Any, source: str) -> dict[str, _Vocabulary]:
    if not isinstance(raw, Mapping):
        raise CatalogDataError(source, "materials", "应为 {材料编码: {...}} 形式的 JSON 对象")
    vocabulary: dict[str, _Vocabulary] = {}
    for code, entry in raw.items():
        if str(code).startswith("_"):
            continue
        f = Fields(entry, source, str(code), _VOCAB_KEYS)
        if not isinstance(code, str) or not _is_material_code(code):
            raise CatalogDataError(source, str(code), "材料编码只能由小写字母、数字和下划线组成")
        vocabulary[code] = _Vocabulary(
            name=f.text("name"),
            shareable=f.flag("shareable", default=False),
            note=f.text("note", default="", allow_empty=True),
        )
    return vocabulary


def _is_material_code(code: str) -> bool:
    return re.fullmatch(_MATERIAL_CODE, code) is not None


def _parse_item(
    raw: Any, source: str, path: str, vocabulary: Mapping[str, _Vocabulary]
) -> CatalogItem:
    f = Fields(raw, source, path, _ITEM_KEYS)
    department = f.text("department", pattern=r"[A-Z]{2,4}")
    code = f.text("code", pattern=r"[A-Z]{2,4}-\d{3}")
    if not code.startswith(department + "-"):
        raise f.error("code", f"事项编码 {code} 应以部门编号 {department}- 开头")
    kind = ItemType(f.choice("item_type", _ITEM_TYPES))
    materials = tuple(_parse_material(r, source, p, vocabulary) for p, r in f.array("materials"))
    for index, material in enumerate(materials):
        if any(m.code == material.code for m in materials[:index]):
            raise CatalogDataError(
                source, f"{f.at('materials')}[{index}].code", f"材料 {material.code} 重复"
            )
    return CatalogItem(
        code=code,
        name=f.text("name"),
        department=department,
        category=f.text("category"),
        modes=f.modes("modes"),
        item_type=kind,
        time_limits=parse_limits(f.raw.get("time_limits"), source, f.at("time_limits"), f, kind),
        fee_fen=f.integer("fee_fen", default=0),
        fee_note=f.text("fee_note", default="", allow_empty=True),
        materials=materials,
        result_type=f.text("result_type"),
        result_name=f.text("result_name"),
        delivery=f.text_array("delivery", allow_empty=False, choices=frozenset(DELIVERY_LABELS)),
        presence_required=f.flag("presence_required"),
        conditions=f.text("conditions"),
        legal_basis=f.text("legal_basis"),
        form_id=f.optional_text("form_id", pattern=r"[a-z0-9]+(-[a-z0-9]+)*"),
        verified=f.flag("verified"),
        source=f.text("source"),
        batch=f.text("batch"),
        keywords=f.text_array("keywords"),
    )


def _parse_material(
    raw: Any, source: str, path: str, vocabulary: Mapping[str, _Vocabulary]
) -> Material:
    f = Fields(raw, source, path, _MATERIAL_KEYS)
    code = f.text("code")
    entry = vocabulary.get(code)
    if entry is None:
        raise f.error("code", f"材料编码 {code} 不在材料目录（materials.json）中")
    form = f.text("form")
    if form not in FORM_LABELS:
        raise f.error("form", f"取值 {form!r} 无效，可选：{'、'.join(FORM_LABELS)}")
    medium = f.text("medium")
    if medium not in MEDIUM_LABELS:
        raise f.error("medium", f"取值 {medium!r} 无效，可选：{'、'.join(MEDIUM_LABELS)}")
    return Material(
        code=code,
        name=entry.name,
        form="original"
        if form == "original"
        else "copy"
        if form == "copy"
        else "original_and_copy",
        medium="paper"
        if medium == "paper"
        else "electronic"
        if medium == "electronic"
        else "either",
        copies=f.integer("copies", minimum=1, default=1),
        required=f.flag("required", default=True),
        shareable=entry.shareable,
        note=f.text("note", default=entry.note, allow_empty=True),
    )
