"""Partner overlays: a jurisdiction adds fields, swaps material slots and rewords help without a copy."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from chalicelib.domain.forms.model import Field, FormDefinition, Step
from chalicelib.domain.forms.parse import parse_field, parse_slot
from chalicelib.domain.forms.reader import Reader
from chalicelib.domain.forms.semantics import Placement, SlotPlacement, check_form, field_places

AREA_CODE_RE = re.compile(r"\d{6}", re.ASCII)
_KEYS = {
    "$schema",
    "$comment",
    "overlay_for",
    "area_code",
    "jurisdiction_name",
    "description",
    "fees",
    "field_help",
    "add_fields",
    "replace_material_slots",
    "add_material_slots",
}


def _add_fields(r: Reader, blocks: list[Any], steps: list[Step], places: list[Placement]) -> None:
    for i, block in enumerate(blocks):
        path = f"add_fields[{i}]"
        b = r.obj(block, path, {"step", "after", "fields"}, {"step", "fields"})
        step_id = r.str_(b, "step", path)
        index = next((k for k, s in enumerate(steps) if s.id == step_id), None)
        if index is None:
            raise r.fail(f"{path}.step", f"基础表单没有步骤“{step_id}”")
        fields = list(steps[index].fields)
        at = len(fields)
        if "after" in b:
            after = r.str_(b, "after", path)
            at = next((k + 1 for k, f in enumerate(fields) if f.id == after), -1)
            if at < 0:
                raise r.fail(f"{path}.after", f"步骤“{step_id}”中没有字段“{after}”")
        new = [
            parse_field(r, raw, f"{path}.fields[{j}]")
            for j, raw in enumerate(r.list_(b, "fields", path))
        ]
        for j, f in enumerate(new):
            places.append((f"{path}.fields[{j}]", f, None))
            places.extend((f"{path}.fields[{j}].fields[{k}]", c, f) for k, c in enumerate(f.fields))
        steps[index] = replace(steps[index], fields=tuple(fields[:at] + new + fields[at:]))


def _reworded(f: Field, key: str, text: str) -> Field:
    head, _, child = key.partition(".")
    if f.id != head:
        return f
    if not child:
        return replace(f, help=text)
    return replace(f, fields=tuple(replace(c, help=text) if c.id == child else c for c in f.fields))


def _with_help(r: Reader, help_texts: Mapping[str, Any], steps: list[Step]) -> None:
    """Reword help text; keys were already checked to name existing fields ("id" or "group.child")."""
    for key in help_texts:
        text = r.str_(help_texts, key, "field_help")
        steps[:] = [
            replace(step, fields=tuple(_reworded(f, key, text) for f in step.fields))
            for step in steps
        ]


def _slots(r: Reader, d: Mapping[str, Any], base: FormDefinition) -> list[SlotPlacement]:
    places: list[SlotPlacement] = [
        (f"material_slots[{i}]", s) for i, s in enumerate(base.material_slots)
    ]
    for i, raw in enumerate(r.list_(d, "replace_material_slots", "$", non_empty=False)):
        path = f"replace_material_slots[{i}]"
        slot = parse_slot(r, raw, path)
        index = next((k for k, (_, s) in enumerate(places) if s.id == slot.id), None)
        if index is None:
            raise r.fail(
                f"{path}.id", f"基础表单没有材料栏“{slot.id}”，新增请用 add_material_slots"
            )
        places[index] = (path, slot)
    for i, raw in enumerate(r.list_(d, "add_material_slots", "$", non_empty=False)):
        path = f"add_material_slots[{i}]"
        places.append((path, parse_slot(r, raw, path)))
    return places


def apply_overlay(base: FormDefinition, overlay: Mapping[str, Any], source: str) -> FormDefinition:
    """The base form as the overlay's jurisdiction uses it; raises FormDefinitionError if malformed."""
    r = Reader(source)
    d = r.obj(overlay, "$", _KEYS, {"overlay_for", "area_code"})
    if d["overlay_for"] != base.id:
        raise r.fail("overlay_for", f"叠加层针对“{d['overlay_for']}”，而基础表单是“{base.id}”")
    if not AREA_CODE_RE.fullmatch(r.str_(d, "area_code", "$")):
        raise r.fail("area_code", "应为6位行政区划代码")
    r.str_(d, "jurisdiction_name", "$", "")
    steps = list(base.steps)
    places: list[Placement] = field_places(base.steps)
    _add_fields(r, r.list_(d, "add_fields", "$", non_empty=False), steps, places)
    _with_help(r, r.obj(d.get("field_help", {}), "field_help", set(_ids(steps)), set()), steps)
    slot_places = _slots(r, d, base)
    merged = replace(
        base,
        steps=tuple(steps),
        material_slots=tuple(slot for _, slot in slot_places),
        description=r.str_(d, "description", "$", base.description),
        fees=r.str_(d, "fees", "$", base.fees),
    )
    check_form(merged, source, places, slot_places)
    return merged


def _ids(steps: list[Step]) -> list[str]:
    ids: list[str] = []
    for step in steps:
        for f in step.fields:
            ids.append(f.id)
            ids.extend(f"{f.id}.{c.id}" for c in f.fields)
    return ids
