"""Check your answers: each step's answers in words, the materials' state, and why a submission failed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from chalicelib import bootstrap
from chalicelib.domain.errors import DomainError
from chalicelib.domain.forms import Field, FormDefinition, material_slots_required
from chalicelib.domain.forms.divisions import DivisionTree
from chalicelib.domain.forms.drafts import head
from chalicelib.domain.forms.fieldtypes import yuan
from chalicelib.domain.roles import Principal
from chalicelib.services import queries
from chalicelib.services.draft_answers import Draft

from .apply_fields import html_id
from .web_pages import base_path

NOT_ANSWERED = "未填写"


def shown(f: Field, value: Any, tree: DivisionTree) -> str:
    """A cleaned answer as words: option labels, 元, place names."""
    if value is None or value == "" or value == []:
        return NOT_ANSWERED
    labels = {o.value: o.label for o in f.options}
    if f.type in ("select", "radio"):
        return labels.get(str(value), str(value))
    if f.type == "checkbox" and isinstance(value, list):
        return "、".join(labels.get(str(v), str(v)) for v in value)
    if f.type == "money" and isinstance(value, int):
        return yuan(value)
    if f.type == "division" and isinstance(value, Mapping):
        return tree.name(str(value.get("code", "")))
    if f.type == "address" and isinstance(value, Mapping):
        division = value.get("division")
        code = str(division.get("code", "")) if isinstance(division, Mapping) else str(division)
        return f"{tree.name(code)} {value.get('detail', '')}"
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def _rows(f: Field, value: Any, tree: DivisionTree, href: str) -> list[dict[str, Any]]:
    if f.type != "group":
        return [{"label": f.label, "value": shown(f, value, tree), "href": href}]
    items = value if isinstance(value, list) else []
    if not items:
        return [{"label": f.label, "value": NOT_ANSWERED, "href": href}]
    rows = []
    for i, item in enumerate(items):
        parts = [
            f"{c.label}：{shown(c, item.get(c.id), tree)}"
            for c in f.fields
            if isinstance(item, Mapping) and c.id in item
        ]
        rows.append(
            {"label": f"{f.item_label or f.label} {i + 1}", "value": "；".join(parts), "href": href}
        )
    return rows


def answer_sections(
    form: FormDefinition, case_id: str, answers: Mapping[str, Any], tree: DivisionTree
) -> list[dict[str, Any]]:
    sections = []
    for step in form.steps:
        base = f"{base_path()}/apply/{case_id}/step/{step.id}"
        rows = []
        for f in step.fields:
            if f.id not in answers and (f.type == "computed" or f.visible_if is not None):
                continue  # a computed value not derived yet, or a question not asked
            rows += _rows(f, answers.get(f.id), tree, f"{base}#{html_id(f.id)}")
        sections.append({"id": step.id, "title": step.title, "rows": rows, "href": base})
    return sections


def check_context(
    draft: Draft, user: Principal, tree: DivisionTree, refusal: DomainError | None
) -> dict[str, Any]:
    case, form = draft.case, draft.form
    view = queries.case_view(bootstrap.queries(), user, case)
    needed = {s.id for s in material_slots_required(form, case.answers)}
    materials = []
    for slot in form.material_slots:
        files = [m for m in view["materials"] if m["slot"] == slot.id]
        materials.append(
            {
                "id": slot.id,
                "label": slot.label,
                "required": slot.id in needed,
                "files": [
                    {
                        "filename": m["filename"],
                        "state": _scan_label(m["scan_status"]),
                        "message": m.get("scan_message", ""),
                    }
                    for m in files
                ],
            }
        )
    steps = {s.id: s.title for s in form.steps}
    errors = []
    if refusal is not None:
        details = refusal.details if isinstance(refusal.details, list) else []
        for d in details:
            if d.get("path") == "materials":
                errors.append({"field": "materials", "message": refusal.message})
            elif "message" in d:
                owner = next(
                    (s for s in form.steps if any(f.id == head(d["path"]) for f in s.fields)), None
                )
                where = f"（{steps[owner.id]}）" if owner else ""
                errors.append(
                    {
                        "field": f"section-{owner.id}" if owner else "answers",
                        "message": d["message"] + where,
                    }
                )
        if not errors:
            errors.append({"field": "submit", "message": refusal.message})
    return {
        "case": case,
        "form": form,
        "sections": answer_sections(form, case.case_id, case.answers, tree),
        "materials": materials,
        "materials_href": f"{base_path()}/apply/{case.case_id}/materials",
        "errors": errors,
        "refusal": refusal.message if refusal is not None else "",
        "version": case.version,
    }


def _scan_label(status: str) -> str:
    return {"pending": "正在检查", "rejected": "未通过检查", "ok": "已通过检查"}.get(status, status)
