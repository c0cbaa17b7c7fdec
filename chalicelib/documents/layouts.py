"""Declarative document layouts (templates/documents/*.json) evaluated with sandboxed Jinja2 into plain blocks."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment

from chalicelib.domain.modes import HandlingMode

LAYOUT_DIR = "documents"
BLOCK_TYPES = ("title", "subtitle", "fields", "table", "paragraph", "signatures", "seal", "spacer")
_FORMS = {"original": "原件", "copy": "复印件", "original_and_copy": "原件及复印件"}
_MEDIA = {"paper": "纸质", "electronic": "电子"}


# The layout file of each document kind in the domain registry (templates/documents/<file>).
LAYOUT_FILES: dict[str, str] = {
    "receipt": "receipt.json",
    "supplement_notice": "supplement_notice.json",
    "refusal_notice": "refusal_notice.json",
    "denial_decision": "denial_decision.json",
    "completion_notice": "completion_notice.json",
    "delivery_receipt": "delivery_receipt.json",
    "transfer_slip": "transfer_slip.json",
    "special_procedure_notice": "special_procedure_notice.json",
    "extension_notice": "extension_notice.json",
    "dossier_cover": "dossier_cover.json",
    "application_form": "application_form.json",
}


class LayoutError(ValueError):
    """A layout file is missing, malformed, or refers to a context key that was not supplied."""


@dataclass(frozen=True)
class Block:
    """One resolved block; which fields matter depends on `type` (see templates/documents/README.md)."""

    type: str
    text: str = ""
    caption: str = ""
    style: str = "body"
    headers: tuple[str, ...] = ()
    widths: tuple[float, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    height: float = 0.0


@dataclass(frozen=True)
class ResolvedLayout:
    kind: str
    title: str
    blocks: tuple[Block, ...]
    footer: str = ""
    seal_caption: str = ""

    def all_text(self) -> str:
        """Every string that will be drawn, for the drawability check."""
        parts = [self.title, self.footer, self.seal_caption]
        for block in self.blocks:
            parts += [block.text, block.caption, *block.headers]
            parts += [cell for row in block.rows for cell in row]
        return "\n".join(parts)


def date_cn(value: Any) -> str:
    """2025-03-01 (date or ISO string) -> 2025年3月1日; anything else is returned as written."""
    if isinstance(value, str):
        text = value
        try:
            value = dt.date.fromisoformat(text[:10])
        except ValueError:
            return text
    if isinstance(value, dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    return str(value)


def mode_label(value: str) -> str:
    try:
        return HandlingMode(value).label_zh
    except ValueError:
        return value


FILTERS: dict[str, Callable[[Any], str]] = {
    "date_cn": date_cn,
    "form_label": lambda v: _FORMS.get(str(v), str(v)),
    "medium_label": lambda v: _MEDIA.get(str(v), str(v)),
    "mode_label": mode_label,
}


@lru_cache(maxsize=1)
def _environment() -> ImmutableSandboxedEnvironment:
    # Sandboxed: layouts are content edited by staff, not code; strict: a typo'd key is an error.
    env = ImmutableSandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=False)
    env.filters.update(FILTERS)
    return env


def _compile(node: Any) -> Any:
    """Compile every string of the layout tree once; `if` and `items` are expressions."""
    env = _environment()
    if isinstance(node, str):
        return env.from_string(node)
    if isinstance(node, list):
        return [_compile(x) for x in node]
    if isinstance(node, dict):
        compiled: dict[str, Any] = {}
        for key, value in node.items():
            if key in ("if", "items"):
                compiled[key] = env.compile_expression(value, undefined_to_none=False)
            elif key in ("type", "style", "width", "height", "wide"):
                compiled[key] = value
            else:
                compiled[key] = _compile(value)
        return compiled
    return node


@lru_cache(maxsize=64)
def _load(path: Path, mtime_ns: int) -> dict[str, Any]:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise LayoutError(f"文书模板 {path.name} 无法读取：{error}") from error
    for block in raw.get("blocks", []):
        if block.get("type") not in BLOCK_TYPES:
            raise LayoutError(f"文书模板 {path.name} 含未知版块类型 {block.get('type')!r}")
    compiled: dict[str, Any] = _compile({k: v for k, v in raw.items() if not k.startswith("_")})
    return compiled


def layout_path(templates_dir: Path, kind: str) -> Path:
    if kind not in LAYOUT_FILES:
        raise LayoutError(f"文书类型 {kind!r} 不合法")
    return templates_dir / LAYOUT_DIR / LAYOUT_FILES[kind]


def available_kinds(templates_dir: Path) -> list[str]:
    return sorted(p.stem for p in (templates_dir / LAYOUT_DIR).glob("*.json"))


def _text(template: Any, context: Mapping[str, Any]) -> str:
    return str(template.render(context)).strip() if template is not None else ""


def _block(node: Mapping[str, Any], context: Mapping[str, Any]) -> Block:
    kind = node["type"]
    rows: tuple[tuple[str, ...], ...]
    if kind == "fields":
        rows = tuple(
            (
                _text(row["label"], context),
                _text(row["value"], context),
                "wide" * row.get("wide", 0),
            )
            for row in node["rows"]
            if "if" not in row or row["if"](context)
        )
        caption = _text(node.get("caption"), context)
        return Block(kind, caption=caption, style=node.get("style", "pairs"), rows=rows)
    if kind == "table":
        columns: Sequence[Mapping[str, Any]] = node["columns"]
        items = node["items"](context)
        rows = tuple(
            tuple(_text(c["value"], {**context, "item": item, "index": i}) for c in columns)
            for i, item in enumerate(items, start=1)
        )
        if not rows and "empty" in node:
            rows = ((_text(node["empty"], context),) + ("",) * (len(columns) - 1),)
        return Block(
            kind,
            caption=_text(node.get("caption"), context),
            headers=tuple(_text(c["header"], context) for c in columns),
            widths=tuple(float(c.get("width", 1)) for c in columns),
            rows=rows,
        )
    if kind == "signatures":
        rows = tuple(tuple(_text(cell, context) for cell in row) for row in node["rows"])
        return Block(kind, rows=rows)
    if kind == "seal":
        rows = ((_text(node["unit"], context), _text(node["date"], context)),)
        return Block(kind, rows=rows)
    return Block(
        kind,
        text=_text(node.get("text"), context),
        style=node.get("style", "body"),
        height=float(node.get("height", 0)),
    )


def resolve_layout(templates_dir: Path, kind: str, context: Mapping[str, Any]) -> ResolvedLayout:
    """Evaluate the kind's layout against `context`; a missing key raises LayoutError naming it."""
    path = layout_path(templates_dir, kind)
    if not path.is_file():
        raise LayoutError(f"没有“{kind}”文书模板（{path}）")
    layout = _load(path, path.stat().st_mtime_ns)
    try:
        blocks = tuple(
            _block(node, context)
            for node in layout["blocks"]
            if "if" not in node or node["if"](context)
        )
        return ResolvedLayout(
            kind=kind,
            title=_text(layout["title"], context),
            blocks=blocks,
            footer=_text(layout.get("footer"), context),
            seal_caption=_text(layout.get("seal_caption"), context),
        )
    except jinja2.UndefinedError as error:
        raise LayoutError(f"出具“{kind}”文书缺少数据：{error.message}") from error
