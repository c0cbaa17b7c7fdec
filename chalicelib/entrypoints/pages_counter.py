"""跨省通办窗口 (receiving side): the clerk's work list, a walk-in case, 形式审查 and the counter's steps."""

from __future__ import annotations

import urllib.parse
from typing import Any

from chalice.app import Response

from chalicelib import bootstrap
from chalicelib.domain.clock_state import china_today
from chalicelib.domain.document_kinds import RESULT_KINDS
from chalicelib.domain.errors import DomainError, ValidationFailedError
from chalicelib.domain.forms.identifiers import Reject, birth_date, gender, id_number
from chalicelib.domain.modes import HandlingMode
from chalicelib.domain.paging import MAX_PAGE
from chalicelib.domain.roles import Principal, Role
from chalicelib.services import handling, intake, queries
from chalicelib.services.counter_inbox import WAITING_TOO_LONG_WORKING_DAYS, counter_inbox
from chalicelib.services.forms_lookup import form_for_item, form_of_case

from .http import HttpError
from .pages_counter_legs import (
    FORWARD_METHODS,
    HANDOVER_METHODS,
    LEG_ACTIONS,
    PRINT_AFTER,
    leg_details,
    shown_legs,
)
from .pages_my_case_context import supplement
from .web_pages import base_path, page
from .web_session import check_csrf, first, form_fields, redirect, session_user

COUNTER_MODES = (HandlingMode.PROXY, HandlingMode.JOINT_LOCAL, HandlingMode.JOINT_REMOTE)
CHECKS = {
    "received": "已收件",
    "original": "原件已核",
    "copy": "复印件留存",
    "shared": "数据共享核验",
}
IDENTITY = {"reader": "身份证读卡器", "face": "人脸核验", "documents": "查验证件"}
REVIEW_ACTIONS = ("accept", "refuse", "request_supplement")
# 已受理待补办: the clerk supplies what the home department asked for (intake's resubmission path).
SUPPLY = "supply_for_review"
ACTIONS = (*REVIEW_ACTIONS, *LEG_ACTIONS, SUPPLY)
ID_MESSAGES = {
    "id_number_legacy": "请填写18位身份证号码",
    "id_number_format": "身份证号码应为18位，最后一位可为X",
    "id_number_region": "身份证号码的地区码不正确",
    "id_number_birth_date": "身份证号码中的出生日期不正确",
    "id_number_checksum": "身份证号码校验位不正确，请核对",
}


def clerk(request: Any, path: str) -> Principal | Response:
    user = session_user(request)
    if user is None:
        return redirect(f"{base_path()}/login?next={urllib.parse.quote(path, safe='/')}")
    if not user.has(Role.WINDOW_STAFF):
        raise HttpError(403, "forbidden", "此页面仅限跨省通办窗口工作人员使用")
    return user


def _counter_items(keyword: str) -> list[Any]:
    items = bootstrap.content_ports().catalog.search(keyword=keyword or None)
    return [i for i in items if any(m in COUNTER_MODES for m in i.modes)]


def _homes(user: Principal, item_code: str, mode: HandlingMode) -> list[dict[str, str]]:
    places = bootstrap.content_ports().jurisdictions
    return [
        {"code": j.code, "name": j.full_name}
        for j in places.all()
        if j.code != user.jurisdiction
        and places.handles(user.jurisdiction, j.code, item_code, mode)
    ]


def check_id(value: str) -> tuple[str, str]:
    """The ID number checked as the forms check it: (the error message, or the derived birth/gender)."""
    try:
        number = id_number(value.strip(), china_today())
    except Reject as refused:
        return ID_MESSAGES.get(refused.code, "身份证号码不正确"), ""
    born = birth_date(number)
    return "", f"校验位正确；出生日期 {born.isoformat() if born else ''}，性别 {gender(number)}"


def home(request: Any, fields: dict[str, list[str]] | None = None, errors: Any = None) -> Response:
    user = clerk(request, "/counter")
    if isinstance(user, Response):
        return user
    params = fields or {k: [v] for k, v in (request.query_params or {}).items()}
    keyword = first(params, "q", 64)
    code = first(params, "item_code", 32)
    item = next((i for i in _counter_items("") if i.code == code), None)
    modes = [m for m in (item.modes if item else ()) if m in COUNTER_MODES]
    mode_value = first(params, "mode", 16)
    mode = next((m for m in modes if m.value == mode_value), modes[0] if modes else None)
    id_value = first(params, "id_number", 18)
    id_error, derived = check_id(id_value) if id_value else ("", "")
    context = {
        "cases": queries.inbox(bootstrap.queries(), user, limit=MAX_PAGE)[0],
        **counter_inbox(bootstrap.queries(), user),
        "waiting_days": WAITING_TOO_LONG_WORKING_DAYS,
        "q": keyword,
        "results": _counter_items(keyword) if keyword else [],
        "item": item,
        "modes": [{"value": m.value, "label": m.label_zh, "on": m is mode} for m in modes],
        "homes": _homes(user, item.code, mode) if item and mode else [],
        "home_code": first(params, "home_code", 6),
        "values": {k: first(params, k, 64) for k in ("name", "id_number", "phone")},
        "derived": derived,
        "errors": errors or ([{"field": "id_number", "message": id_error}] if id_error else []),
    }
    status = 400 if context["errors"] else 200
    return page(request, "counter/home.html.j2", context, status=status, user=user, personal=True)


def new_case(request: Any) -> Response:
    fields = form_fields(request)
    check_csrf(request, fields)
    user = clerk(request, "/counter")
    if isinstance(user, Response):
        return user
    id_error, _ = check_id(first(fields, "id_number", 18))
    errors = [{"field": "id_number", "message": id_error}] if id_error else []
    if not first(fields, "home_code", 6):
        errors.append({"field": "home_code", "message": "请选择业务属地"})
    if errors:
        return home(request, fields, errors)
    content = bootstrap.content_ports()
    item_code, home_code = first(fields, "item_code", 32), first(fields, "home_code", 6)
    form = form_for_item(content, content.catalog.get(item_code), home_code)
    names = form.applicant_fields
    answers = {
        names.name: first(fields, "name", 64),
        names.id_number: first(fields, "id_number", 18).upper(),
        names.phone: first(fields, "phone", 32),
    }
    case = intake.create_case(
        bootstrap.intake(),
        user,
        item_code=item_code,
        mode=first(fields, "mode", 16),
        home_code=home_code,
        answers={k: v for k, v in answers.items() if k and v},
        idempotency_key=first(fields, "nonce", 128),
        draft=True,
    )
    return redirect(f"{base_path()}/apply/{case.case_id}/step/{form.steps[0].id}")


def case_page(request: Any, case_id: str, error: str = "", field: str = "identity-0") -> Response:
    user = clerk(request, f"/counter/{case_id}")
    if isinstance(user, Response):
        return user
    view = queries.get_case(bootstrap.queries(), user, case_id)
    item = bootstrap.content_ports().catalog.get(view["item_code"])
    names = [_name(a) for a in view.get("available_actions", [])]
    actions = [a for a in view.get("available_actions", []) if _name(a) in REVIEW_ACTIONS]
    context = {
        "legs": shown_legs(names, view.get("transfers", [])),
        "forward_methods": FORWARD_METHODS,
        "handover_methods": HANDOVER_METHODS,
        "printed": {d.get("kind") for d in view.get("documents", [])},
        "case": view,
        "materials": [{"code": m.code, "name": m.name} for m in item.materials],
        "checks": CHECKS,
        "identity": IDENTITY,
        "actions": actions,
        "receipts": [d for d in view.get("documents", []) if d.get("kind") == "receipt"],
        # The result to hand over: a generated notice, or the home department's uploaded signed file.
        "results": [d for d in view.get("documents", []) if d.get("kind") in RESULT_KINDS],
        "resupply": supplement(view, _slots(user, case_id)) if SUPPLY in names else None,
        "error": error,
        "error_field": field,
    }
    status = 400 if error else 200
    return page(request, "counter/case.html.j2", context, status=status, user=user, personal=True)


def _slots(user: Principal, case_id: str) -> list[tuple[str, str, str]]:
    ports = bootstrap.queries()
    try:
        form = form_of_case(ports.content, ports.cases.get(case_id))
    except DomainError:
        return []  # a form no longer published: the asked ids are shown as they are
    return [(s.id, s.material, s.label) for s in form.material_slots]


def _name(action: Any) -> str:
    return str(action.get("action") if isinstance(action, dict) else action)


def act(request: Any, case_id: str) -> Response:
    fields = form_fields(request)
    check_csrf(request, fields)
    user = clerk(request, f"/counter/{case_id}")
    if isinstance(user, Response):
        return user
    action = first(fields, "action", 32)
    if action not in ACTIONS:
        raise HttpError(400, "bad_request", "请选择要办理的操作")
    if action == SUPPLY:
        try:
            intake.submit_case(bootstrap.intake(), user, case_id)
        except ValidationFailedError as missing:
            return case_page(request, case_id, missing.message, "supply-form")
        return redirect(f"{base_path()}/counter/{case_id}")
    content = bootstrap.content_ports()
    view = queries.get_case(bootstrap.queries(), user, case_id)
    item = content.catalog.get(view["item_code"])
    checklist = {
        m.code: [c for c in CHECKS if f"{m.code}:{c}" in fields.get("check", [])]
        for m in item.materials
    }
    how = first(fields, "identity", 16)
    details: dict[str, Any] = {
        "checklist": checklist,
        "identity_check": how if how in IDENTITY else "",
    }
    if action == "request_supplement":
        details["materials"] = [m for m in fields.get("supplement", []) if m in checklist]
    if action in LEG_ACTIONS:
        # The domain reads details["method"] (system/post), carrier and waybill: nothing else.
        details, problem = leg_details(action, fields, check_id)
        if problem:
            form = {"send_materials": "forward-form", "deliver": "handover-form"}
            return case_page(request, case_id, problem, form.get(action, "counter-act"))
    if action == "accept" and not details["identity_check"]:
        return case_page(request, case_id, "受理前请选择身份核验方式")
    handling.perform(
        bootstrap.steps(),
        user,
        case_id,
        action=action,
        reason=first(fields, "reason", 500),
        details=details,
    )
    kind = PRINT_AFTER.get(action)
    then = f"/counter/{case_id}/print/{kind}" if kind else f"/counter/{case_id}"
    return redirect(f"{base_path()}{then}")
