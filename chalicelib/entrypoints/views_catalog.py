"""Public read-only routes: jurisdictions, the item catalog and guides, form definitions and their HTML."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, fields, is_dataclass
from enum import Enum
from typing import Any

from chalice.app import Response

from chalicelib import bootstrap
from chalicelib.domain.forms import FormDefinition, generic_form
from chalicelib.domain.modes import HandlingMode

from .http import HttpError, int_or_none
from .pages import page_response


def jurisdictions() -> dict[str, Any]:
    registry = bootstrap.content_ports().jurisdictions
    return {
        "jurisdictions": [
            {
                "code": j.code,
                "name": j.name,
                "full_name": j.full_name,
                "is_home_county": j.is_home_county,
                "centers": [asdict(c) for c in j.centers],
                "departments": [asdict(d) for d in j.departments],
                "partners": [p.code for p in registry.partners_of(j.code)],
            }
            for j in registry.all()
        ]
    }


def items(request: Any) -> dict[str, Any]:
    params = request.query_params or {}
    mode = params.get("mode")
    if mode and mode not in {m.value for m in HandlingMode}:
        raise HttpError(400, "bad_request", f"未知的办理方式：{mode}")
    keyword = params.get("q")
    if keyword is not None and len(keyword) > 50:
        raise HttpError(400, "too_long", "搜索关键词过长")
    catalog = bootstrap.content_ports().catalog
    found = catalog.search(
        department=params.get("department"),
        category=params.get("category"),
        mode=HandlingMode(mode) if mode else None,
        keyword=keyword,
    )
    return {
        "count": len(found),
        "items": [
            {
                "code": i.code,
                "name": i.name,
                "department": i.department,
                "category": i.category,
                "modes": [{"mode": m.value, "label": m.label_zh} for m in i.modes],
                "promised_days": i.time_limits.promised_days,
                "has_full_form": i.form_id is not None,
            }
            for i in found
        ],
        "departments": list(catalog.departments()),
        "categories": list(catalog.categories()),
    }


def item_guide(code: str) -> dict[str, Any]:
    return bootstrap.content_ports().catalog.get(code).guide()


def form_for(request: Any, code: str) -> FormDefinition:
    deps = bootstrap.content_ports()
    item = deps.catalog.get(code)
    jurisdiction = (request.query_params or {}).get("jurisdiction")
    if jurisdiction:
        deps.jurisdictions.get(jurisdiction)
    full = deps.forms.for_item(item.code)
    if full is None:
        return generic_form(item)
    return deps.forms.get(full.id, full.version, jurisdiction=jurisdiction)


def form_by_id(request: Any, form_id: str) -> FormDefinition:
    params = request.query_params or {}
    deps = bootstrap.content_ports()
    version = int_or_none(params.get("version"), "version")
    if form_id.startswith("generic-"):
        return generic_form(deps.catalog.get(form_id.removeprefix("generic-").upper()))
    return deps.forms.get(form_id, version, jurisdiction=params.get("jurisdiction"))


def jsonable(value: Any) -> Any:
    """Frozen dataclasses, read-only mappings, tuples and enums of the form model, as plain JSON."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    return value


def form_json(form: FormDefinition) -> dict[str, Any]:
    data: dict[str, Any] = jsonable(form)
    return {"key": form.key, **data}


def form_html(form: FormDefinition) -> Response:
    from chalicelib.documents.form_html import render_form_html  # lazy: Jinja2 only for HTML pages

    html = render_form_html(form, action="/api/cases")
    return page_response(html)
