"""Plain, accessible HTML for a form definition (no JavaScript), through Jinja2 templates."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from chalicelib.documents.templating import environment
from chalicelib.domain.forms import FieldError, FormDefinition
from chalicelib.domain.forms.conditions import All, AnyOf, Condition, Equals, Filled, In, Not
from chalicelib.domain.forms.model import Field, MaterialSlot

TEMPLATES_ROOT = Path(__file__).resolve().parents[2] / "templates"
# type -> (input type, inputmode, pattern, maxlength); pattern and inputmode only help the keyboard.
_INPUTS: dict[str, tuple[str, str, str, int | None]] = {
    "text": ("text", "", "", None),
    "number": ("text", "numeric", r"-?[0-9]+(\.[0-9]+)?", 20),
    "money": ("text", "decimal", r"[0-9]+(\.[0-9]{1,2})?", 16),
    "date": ("date", "", "", None),
    "id_number": ("text", "text", "[0-9]{17}[0-9Xx]", 18),
    "mobile": ("tel", "tel", "1[3-9][0-9]{9}", 11),
    "uscc": ("text", "text", "[0-9A-Za-z]{18}", 18),
    "plate": ("text", "text", "", 9),
    "division": ("text", "numeric", "[0-9]{6}", 6),
    "bank_account": ("text", "numeric", "[0-9 ]{12,23}", 23),
}
_MB = 1024 * 1024


def html_id(path: str) -> str:
    return "f-" + re.sub(r"[^A-Za-z0-9_]+", "-", path).strip("-")


def _text(value: Any) -> str:
    if value is None or isinstance(value, list | dict):
        return str(value["code"]) if isinstance(value, dict) and "code" in value else ""
    return "true" if value is True else "false" if value is False else str(value)


class _Views:
    """Turns the definition, the submitted values and the errors into plain dicts for templates."""

    def __init__(self, form: FormDefinition, errors: Sequence[FieldError]) -> None:
        self.form = form
        self.errors: dict[str, list[str]] = {}
        for e in errors:
            self.errors.setdefault(e.path, []).append(e.message)

    def label_of(self, fid: str, scope: Field | None) -> tuple[str, Field | None]:
        for f in (scope.fields if scope else ()) + self.form.all_fields():
            if f.id == fid:
                return f.label, f
        return fid, None

    def describe(self, cond: Condition, scope: Field | None) -> str:
        """A Chinese reading of a condition, since without JavaScript nothing is hidden."""
        if isinstance(cond, All | AnyOf):
            joiner = "且" if isinstance(cond, All) else "或"
            return joiner.join(self.describe(c, scope) for c in cond.items)
        if isinstance(cond, Not):
            return f"并非（{self.describe(cond.item, scope)}）"
        label, target = self.label_of(cond.field, scope)
        if isinstance(cond, Filled):
            return f"已填写“{label}”" if cond.filled else f"未填写“{label}”"
        names = {o.value: o.label for o in (target.options if target else ())}
        values = (
            (cond.value,)
            if isinstance(cond, Equals)
            else cond.values
            if isinstance(cond, In)
            else ()
        )
        shown = "、".join(f"“{names.get(str(v), _text(v))}”" for v in values)
        return f"“{label}”为{shown}"

    def field(self, f: Field, path: str, raw: Any, scope: Field | None = None) -> dict[str, Any]:
        input_type, inputmode, pattern, maxlength = _INPUTS.get(f.type, ("text", "", "", None))
        view: dict[str, Any] = {
            "type": f.type,
            "id": html_id(path),
            "name": path,
            "label": f.label,
            "help": f.help,
            "placeholder": f.placeholder,
            "required": f.required,
            "when": self.describe(f.visible_if, scope) if f.visible_if else "",
            "required_when": self.describe(f.required_if, scope) if f.required_if else "",
            "errors": self.errors.get(path, []),
            "value": _text(raw),
            "input_type": input_type,
            "inputmode": inputmode,
            "pattern": pattern,
            "maxlength": f.max_length or maxlength or "",
            "options": [],
            "parts": [],
            "entries": [],
        }
        notes = [("help", f.help), ("when", view["when"]), ("reqwhen", view["required_when"])]
        described = [f"{view['id']}-{key}" for key, text in notes if text]
        described += [f"{view['id']}-error-{n}" for n in range(1, len(view["errors"]) + 1)]
        view["describedby"] = " ".join(described)
        chosen = raw if isinstance(raw, list) else [raw]
        view["options"] = [
            {
                "value": o.value,
                "label": o.label,
                "checked": o.value in chosen,
                "id": f"{view['id']}-{i}",
            }
            for i, o in enumerate(f.options)
        ]
        if f.type == "address":
            parts = raw if isinstance(raw, Mapping) else {}
            division = Field(
                "division", "division", "省市区县代码", required=f.required, level=f.level
            )
            detail = Field(
                "detail", "text", "详细地址", required=f.required, max_length=f.max_length or 120
            )
            view["parts"] = [
                self.field(division, f"{path}.division", parts.get("division"), scope),
                self.field(detail, f"{path}.detail", parts.get("detail"), scope),
            ]
        if f.type == "group":
            items = raw if isinstance(raw, list) else []
            count = max(len(items), f.min_items, 1)
            view["max_items"] = f.max_items
            view["entries"] = [
                {
                    "legend": f"{f.item_label or f.label} {i + 1}",
                    "fields": [
                        self.field(c, f"{path}[{i}].{c.id}", _item(items, i).get(c.id), f)
                        for c in f.fields
                    ],
                }
                for i in range(min(count, f.max_items))
            ]
        return view

    def slot(self, slot: MaterialSlot) -> dict[str, Any]:
        path = f"material:{slot.id}"
        return {
            "id": html_id(path),
            "name": path,
            "label": slot.label,
            "help": slot.help,
            "required": slot.required,
            "required_when": self.describe(slot.required_if, None) if slot.required_if else "",
            "accept": ",".join(slot.accept),
            "multiple": slot.max_files > 1,
            "limits": f"最多 {slot.max_files} 个文件，每个不超过 {max(1, slot.max_bytes // _MB)} MB、{slot.max_pages} 页",
            "errors": self.errors.get(path, []),
        }


def _item(items: list[Any], i: int) -> Mapping[str, Any]:
    item = items[i] if i < len(items) else None
    return item if isinstance(item, Mapping) else {}


def render_form_html(
    form: FormDefinition,
    *,
    action: str,
    values: Mapping[str, Any] | None = None,
    errors: Sequence[FieldError] = (),
) -> str:
    """A complete HTML5 page in Chinese; `values` are the answers as submitted (not cleaned)."""
    views = _Views(form, errors)
    answers = values or {}
    steps = [
        {
            "id": html_id(f"step-{step.id}"),
            "number": n,
            "title": step.title,
            "description": step.description,
            "fields": [views.field(f, f.id, answers.get(f.id)) for f in step.fields],
        }
        for n, step in enumerate(form.steps, start=1)
    ]
    known = {f.id for f in form.all_fields()}
    summary = [
        {
            "message": e.message,
            "href": "#" + html_id(e.path) if e.path.split("[")[0].split(".")[0] in known else "",
        }
        for e in errors
    ]
    return (
        environment(TEMPLATES_ROOT, True)
        .get_template("forms/form.html.j2")
        .render(
            form=form,
            action=action,
            steps=steps,
            slots=[views.slot(s) for s in form.material_slots],
            summary=summary,
        )
    )
