"""Reads catalog/*.json from disk and hands the decoded data to the domain parsers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from chalicelib.domain.catalog import Catalog, parse_catalog
from chalicelib.domain.catalog_errors import CatalogDataError
from chalicelib.domain.jurisdictions import JurisdictionRegistry, parse_jurisdictions

CATALOG_DIR = "catalog"
JURISDICTIONS_FILE = "jurisdictions.json"
ITEMS_FILE = "items.json"
MATERIALS_FILE = "materials.json"


def load_jurisdictions(content_root: Path) -> JurisdictionRegistry:
    source, data = _read_json(content_root, JURISDICTIONS_FILE)
    if not isinstance(data, dict):
        raise CatalogDataError(source, "(root)", "文件顶层应为 JSON 对象")
    return parse_jurisdictions(data, source=source)


def load_catalog(content_root: Path) -> Catalog:
    items_source, items = _read_json(content_root, ITEMS_FILE)
    materials_source, materials = _read_json(content_root, MATERIALS_FILE)
    return parse_catalog(items, materials, source=items_source, materials_source=materials_source)


def _read_json(content_root: Path, name: str) -> tuple[str, Any]:
    """Decode one file; errors name the file relative to the content root, as officers see it."""
    source = f"{CATALOG_DIR}/{name}"
    path = content_root / CATALOG_DIR / name
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CatalogDataError(source, "(file)", f"文件不存在：{path}") from None
    except UnicodeDecodeError as exc:
        raise CatalogDataError(source, "(file)", f"文件不是 UTF-8 编码：{exc.reason}") from None
    try:
        return source, json.loads(text, object_pairs_hook=_reject_duplicate_keys)
    except _DuplicateKeyError as exc:
        raise CatalogDataError(source, "(file)", f"同一对象中字段 {exc.key!r} 出现两次") from None
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno} column {exc.colno}"
        reason = f"JSON 格式错误（第{exc.lineno}行第{exc.colno}列）：{exc.msg}"
        raise CatalogDataError(source, where, reason) from None


class _DuplicateKeyError(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _reject_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # json.loads keeps the last duplicate silently; a repeated "code" would hide an edit.
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKeyError(key)
        result[key] = value
    return result
