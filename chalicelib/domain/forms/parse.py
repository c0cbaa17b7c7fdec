"""Decoded JSON to a FormDefinition, rejecting anything malformed with the exact JSON path."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from decimal import Decimal, InvalidOperation
from types import MappingProxyType
from typing import Any

from chalicelib.domain.forms.messages import DEFAULT_MESSAGES
from chalicelib.domain.forms.model import (
    ACCEPTED_MIME_TYPES,
    DEFAULT_ACCEPT,
    DEFAULT_MAX_BYTES,
    FIELD_TYPES,
    OPTION_TYPES,
    ApplicantFields,
    Compute,
    Field,
    FormDefinition,
    MaterialSlot,
    Option,
    Step,
)
from chalicelib.domain.forms.reader import Reader, join
from chalicelib.domain.forms.semantics import check_form

FORM_ID_RE = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*", re.ASCII)
_ISO_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
MAX_UPLOAD_BYTES = 50 * 1024 * 1024

_COMMON = {
    "id",
    "type",
    "label",
    "required",
    "help",
    "placeholder",
    "visible_if",
    "required_if",
    "messages",
}
_EXTRA: dict[str, set[str]] = {
    "text": {"max_length"},
    "textarea": {"max_length"},
    "number": {"min", "max", "integer"},
    "money": {"min", "max"},
    "date": {"min", "max"},
    "division": {"level"},
    "address": {"level", "max_length"},
    "bank_account": {"luhn"},
    "group": {"fields", "min_items", "max_items", "item_label"},
    **{t: {"options"} for t in OPTION_TYPES},
}
_COMPUTED_KEYS = {"id", "type", "label", "help", "compute"}
_SLOT_KEYS = {
    "id",
    "material",
    "label",
    "required",
    "required_if",
    "accept",
    "max_files",
    "max_pages",
    "max_bytes",
    "help",
}
_FORM_KEYS = {
    "$schema",
    "$comment",
    "id",
    "version",
    "status",
    "title",
    "item_code",
    "description",
    "fees",
    "applicant_fields",
    "steps",
    "material_slots",
}


def _bound(r: Reader, d: Mapping[str, Any], key: str, path: str, kind: str) -> Any:
    value = d.get(key)
    if value is None:
        return None
    where = join(path, key)
    if kind == "date":
        if value == "today":
            return value
        if isinstance(value, str) and _ISO_DATE_RE.fullmatch(value):
            try:
                return date.fromisoformat(value).isoformat()
            except ValueError:
                pass
        raise r.fail(where, '应为 YYYY-MM-DD 日期或 "today"')
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise r.fail(where, "应为数字 (expected a number)")
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise r.fail(where, "应为数字 (expected a number)") from None
    if not number.is_finite():
        raise r.fail(where, "应为有限的数字 (expected a finite number)")
    if kind == "money":
        return int(number * 100)  # bounds are written in yuan, compared in fen
    return int(number) if number == number.to_integral_value() else float(number)


def parse_field(r: Reader, data: object, path: str, in_group: bool = False) -> Field:
    """One field definition; cross-field rules (references, uniqueness) are in semantics.py."""
    if not isinstance(data, Mapping):
        raise r.fail(path, "应为对象 (expected an object)")
    kind = data.get("type")
    if kind not in FIELD_TYPES:
        raise r.fail(join(path, "type"), f"未知的字段类型“{kind}”，可用：{', '.join(FIELD_TYPES)}")
    if in_group and kind == "group":
        raise r.fail(join(path, "type"), "重复组不能嵌套重复组 (groups cannot nest)")
    if kind == "computed":
        d = r.obj(data, path, _COMPUTED_KEYS, {"id", "type", "label", "compute"})
        return Field(
            id=r.id_(d, "id", path),
            type=kind,
            label=r.str_(d, "label", path),
            help=r.str_(d, "help", path, ""),
            compute=_compute(r, d["compute"], join(path, "compute")),
        )
    d = r.obj(data, path, _COMMON | _EXTRA.get(kind, set()), {"id", "type", "label"})
    messages = r.obj(d.get("messages", {}), join(path, "messages"), set(DEFAULT_MESSAGES), set())
    for code in messages:
        r.str_(messages, code, join(path, "messages"))
    lo_kind = kind if kind in ("date", "money") else "number"
    f = Field(
        id=r.id_(d, "id", path),
        type=kind,
        label=r.str_(d, "label", path),
        required=r.bool_(d, "required", path, False),
        help=r.str_(d, "help", path, ""),
        placeholder=r.str_(d, "placeholder", path, ""),
        visible_if=r.condition(d, "visible_if", path),
        required_if=r.condition(d, "required_if", path),
        messages=MappingProxyType(dict(messages)),
        max_length=r.int_(d, "max_length", path, None, 1, 10000) if "max_length" in d else None,
        options=_options(r, d, path) if kind in OPTION_TYPES else (),
        min_value=_bound(r, d, "min", path, lo_kind) if kind != "date" else None,
        max_value=_bound(r, d, "max", path, lo_kind) if kind != "date" else None,
        integer=r.bool_(d, "integer", path, True),
        min_date=_bound(r, d, "min", path, "date") if kind == "date" else None,
        max_date=_bound(r, d, "max", path, "date") if kind == "date" else None,
        level=_level(r, d, path),
        luhn=r.bool_(d, "luhn", path, True),
    )
    if f.required and f.required_if is not None:
        raise r.fail(join(path, "required_if"), "已设 required: true 时不能再设 required_if")
    if kind == "group":
        fpath = join(path, "fields")
        children = r.list_(d, "fields", path)
        f = replace(
            f,
            fields=tuple(parse_field(r, c, f"{fpath}[{i}]", True) for i, c in enumerate(children)),
            min_items=r.int_(d, "min_items", path, 0, 0, 100),
            max_items=r.int_(d, "max_items", path, 10, 1, 100),
            item_label=r.str_(d, "item_label", path, ""),
        )
    _check_bounds(r, f, path)
    return f


def _check_bounds(r: Reader, f: Field, path: str) -> None:
    pairs: list[tuple[Any, Any]] = [(f.min_value, f.max_value), (f.min_items, f.max_items)]
    if f.min_date not in (None, "today") and f.max_date not in (None, "today"):
        pairs.append((f.min_date, f.max_date))
    for low, high in pairs:
        if low is not None and high is not None and low > high:
            raise r.fail(path, f"下限 {low} 大于上限 {high} (min greater than max)")


def _level(r: Reader, d: Mapping[str, Any], path: str) -> str:
    level = d.get("level", "county")
    if level not in ("province", "city", "county"):
        raise r.fail(join(path, "level"), "应为 province、city 或 county")
    return str(level)


def _options(r: Reader, d: Mapping[str, Any], path: str) -> tuple[Option, ...]:
    raw = r.list_(d, "options", path)
    options: list[Option] = []
    for i, item in enumerate(raw):
        p = f"{join(path, 'options')}[{i}]"
        o = r.obj(item, p, {"value", "label"}, {"value", "label"})
        option = Option(r.str_(o, "value", p), r.str_(o, "label", p))
        if any(x.value == option.value for x in options):
            raise r.fail(join(p, "value"), f"选项值“{option.value}”重复")
        options.append(option)
    return tuple(options)


def _compute(r: Reader, data: object, path: str) -> Compute:
    d = r.obj(data, path, {"fn", "args", "separator"}, {"fn", "args"})
    args = r.list_(d, "args", path)
    if not all(isinstance(a, str) for a in args):
        raise r.fail(join(path, "args"), "args 应为字段 id 数组")
    return Compute(r.str_(d, "fn", path), tuple(args), r.str_(d, "separator", path, ""))


def parse_slot(r: Reader, data: object, path: str) -> MaterialSlot:
    d = r.obj(data, path, _SLOT_KEYS, {"id", "material", "label", "required"})
    accept = tuple(r.list_(d, "accept", path)) if "accept" in d else DEFAULT_ACCEPT
    for i, mime in enumerate(accept):
        if mime not in ACCEPTED_MIME_TYPES:
            raise r.fail(
                f"{join(path, 'accept')}[{i}]",
                f"不支持的文件类型“{mime}”，可用：{', '.join(ACCEPTED_MIME_TYPES)}",
            )
    slot = MaterialSlot(
        id=r.id_(d, "id", path),
        material=r.id_(d, "material", path),
        label=r.str_(d, "label", path),
        required=r.bool_(d, "required", path, True),
        accept=accept,
        max_files=r.int_(d, "max_files", path, 1, 1, 10),
        max_pages=r.int_(d, "max_pages", path, 20, 1, 500),
        max_bytes=r.int_(d, "max_bytes", path, DEFAULT_MAX_BYTES, 1, MAX_UPLOAD_BYTES),
        help=r.str_(d, "help", path, ""),
        required_if=r.condition(d, "required_if", path),
    )
    if slot.required and slot.required_if is not None:
        raise r.fail(join(path, "required_if"), "已设 required: true 时不能再设 required_if")
    return slot


def parse_step(r: Reader, data: object, path: str) -> Step:
    d = r.obj(data, path, {"id", "title", "description", "fields"}, {"id", "title", "fields"})
    fields = r.list_(d, "fields", path)
    fpath = join(path, "fields")
    return Step(
        id=r.id_(d, "id", path),
        title=r.str_(d, "title", path),
        description=r.str_(d, "description", path, ""),
        fields=tuple(parse_field(r, f, f"{fpath}[{i}]") for i, f in enumerate(fields)),
    )


def parse_form(data: Mapping[str, Any], source: str) -> FormDefinition:
    """Parse and check a form definition; raises FormDefinitionError(source, path, reason)."""
    r = Reader(source)
    required = {
        "id",
        "version",
        "status",
        "title",
        "item_code",
        "applicant_fields",
        "steps",
        "material_slots",
    }
    d = r.obj(data, "$", _FORM_KEYS, required)
    status = r.str_(d, "status", "$")
    if status not in ("published", "draft"):
        raise r.fail("status", "应为 published 或 draft")
    a = r.obj(
        d["applicant_fields"],
        "applicant_fields",
        {"name", "id_number", "phone"},
        {"name", "id_number", "phone"},
    )
    steps = tuple(parse_step(r, s, f"steps[{i}]") for i, s in enumerate(r.list_(d, "steps", "$")))
    slots = r.list_(d, "material_slots", "$", non_empty=False)
    form = FormDefinition(
        id=r.id_(d, "id", "$", FORM_ID_RE),
        version=r.int_(d, "version", "$", None, 1, 9999),
        status=status,
        title=r.str_(d, "title", "$"),
        item_code=r.str_(d, "item_code", "$"),
        description=r.str_(d, "description", "$", ""),
        fees=r.str_(d, "fees", "$", ""),
        steps=steps,
        material_slots=tuple(parse_slot(r, s, f"material_slots[{i}]") for i, s in enumerate(slots)),
        applicant_fields=ApplicantFields(
            r.str_(a, "name", "applicant_fields"),
            r.str_(a, "id_number", "applicant_fields"),
            r.str_(a, "phone", "applicant_fields"),
        ),
    )
    check_form(form, source)
    return form
