"""Route bodies: parse the request, call one use case, shape the JSON. No business rules here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chalicelib import bootstrap
from chalicelib.domain.cases import Case
from chalicelib.domain.modes import HandlingMode
from chalicelib.domain.paging import page_size
from chalicelib.domain.roles import Role
from chalicelib.domain.statuses import CaseStatus
from chalicelib.services import (
    account_limits,
    audit,
    document_issuing,
    dossier_assembly,
    draft_answers,
    handling,
    intake,
    material_intake,
    queries,
    tracking,
)
from chalicelib.services.answer_views import AnswerViewRecord
from chalicelib.services.ports import CaseFile

from .http import (
    HttpError,
    client_ip,
    int_or_none,
    json_body,
    principal_of,
    require_role,
    text_field,
)


def login(request: Any) -> dict[str, Any]:
    body = json_body(request)
    username = text_field(body, "username", max_len=128)
    password = text_field(body, "password", max_len=256)
    mfa_code = text_field(body, "mfa_code", required=False, max_len=8)
    return account_limits.login(
        bootstrap.rate_limits(),
        client_ip(request),
        username,
        lambda: bootstrap.users().login(username, password, mfa_code),
    )


def logout(request: Any) -> dict[str, Any]:
    bootstrap.users().logout(text_field(json_body(request), "refresh_token", max_len=8192))
    return {"message": "已退出登录"}


def register(request: Any) -> dict[str, Any]:
    body = json_body(request)
    phone = text_field(body, "phone", max_len=11)
    if not (len(phone) == 11 and phone.isdigit() and phone.startswith("1")):
        raise HttpError(400, "invalid_phone", "请输入11位手机号码")
    username = text_field(body, "username", max_len=128)
    password = text_field(body, "password", max_len=256)
    name = text_field(body, "name", max_len=64)
    account_limits.register(
        bootstrap.rate_limits(),
        client_ip(request),
        phone,
        lambda: bootstrap.users().register(username, password, name, phone),
    )
    return {"message": "注册成功，请输入短信验证码完成激活"}


def confirm(request: Any) -> dict[str, Any]:
    body = json_body(request)
    username = text_field(body, "username", max_len=128)
    code = text_field(body, "code", max_len=16)
    account_limits.confirm(
        bootstrap.rate_limits(),
        client_ip(request),
        username,
        lambda: bootstrap.users().confirm(username, code),
    )
    return {"message": "账号已激活，请登录"}


def me(request: Any) -> dict[str, Any]:
    p = principal_of(request)
    return {
        "user_id": p.user_id,
        "username": p.username,
        "name": p.name,
        "roles": sorted(r.value for r in p.roles),
        "jurisdiction": p.jurisdiction,
        "center": p.center,
        "department": p.department,
    }


def create_case(request: Any) -> Any:
    body = json_body(request)
    principal = principal_of(request)
    require_role(principal, Role.APPLICANT, Role.WINDOW_STAFF)
    headers = {k.lower(): v for k, v in (request.headers or {}).items()}
    case, file = intake.create_case_with_file(
        bootstrap.intake(),
        principal,
        item_code=text_field(body, "item_code", max_len=32),
        mode=text_field(body, "mode", required=False, max_len=32) or HandlingMode.ONLINE.value,
        home_code=text_field(body, "home_code", max_len=6),
        answers=body.get("answers"),
        idempotency_key=str(headers.get("idempotency-key", ""))[:200],
    )
    return queries.case_view(bootstrap.queries(), principal, case, file=file)


def list_cases(request: Any) -> dict[str, Any]:
    principal = principal_of(request)
    limit, cursor = _page_params(request)
    rows, next_cursor = queries.my_cases(bootstrap.queries(), principal, limit=limit, cursor=cursor)
    return {"cases": rows, "next_cursor": next_cursor}


def _page_params(request: Any) -> tuple[int, str | None]:
    """`limit` (default 20, at most 100) and the opaque `cursor` of the page asked for."""
    params = request.query_params or {}
    return page_size(params.get("limit")), (str(params.get("cursor") or "") or None)


def get_case(request: Any, case_id: str) -> dict[str, Any]:
    return queries.get_case(bootstrap.queries(), principal_of(request), case_id)


def request_upload(request: Any, case_id: str) -> dict[str, Any]:
    body = json_body(request)
    size = int_or_none(body.get("size"), "size")
    ticket = material_intake.request_upload(
        bootstrap.intake(),
        principal_of(request),
        case_id,
        slot_id=text_field(body, "slot", max_len=64),
        filename=text_field(body, "filename", max_len=255),
        content_type=text_field(body, "content_type", max_len=100),
        size=size if size is not None else 0,
    )
    return {
        "url": ticket.url,
        "fields": ticket.fields,
        "key": ticket.key,
        "expires_in": ticket.expires_in,
    }


def attach_material(request: Any, case_id: str) -> dict[str, Any]:
    body = json_body(request)
    principal = principal_of(request)
    key = text_field(body, "key", max_len=512)
    return _answered(
        principal,
        case_id,
        lambda answer, read: material_intake.attach_material(
            bootstrap.intake(), principal, case_id, key=key, shown=answer, read=read
        ),
    )


def detach_material(request: Any, case_id: str) -> dict[str, Any]:
    body = json_body(request)
    principal = principal_of(request)
    key = text_field(body, "key", max_len=512)
    return _answered(
        principal,
        case_id,
        lambda answer, read: material_intake.detach_material(
            bootstrap.intake(), principal, case_id, key=key, shown=answer, read=read
        ),
    )


def submit_case(request: Any, case_id: str) -> dict[str, Any]:
    body = json_body(request) if (request.raw_body or b"").strip() else {}
    principal = principal_of(request)
    expected = int_or_none(body.get("expected_version"), "expected_version")
    return _answered(
        principal,
        case_id,
        lambda answer, read: intake.submit_case(
            bootstrap.intake(), principal, case_id, expected, shown=answer, read=read
        ),
    )


def save_answers(request: Any, case_id: str) -> dict[str, Any]:
    """PUT a draft's answers: one step's (checked whole) or a few fields (checked as given)."""
    body = json_body(request)
    principal = principal_of(request)
    answers = body.get("answers")
    if not isinstance(answers, dict):
        raise HttpError(400, "bad_request", "answers 应为 JSON 对象")
    case = draft_answers.save_answers(
        bootstrap.intake(),
        principal,
        case_id,
        answers,
        step_id=text_field(body, "step", required=False, max_len=64),
        expected_version=int_or_none(body.get("expected_version"), "expected_version"),
    )
    return queries.case_view(bootstrap.queries(), principal, case)


def perform_action(request: Any, case_id: str) -> dict[str, Any]:
    body = json_body(request)
    principal = principal_of(request)
    details = body.get("details") or {}
    if not isinstance(details, dict):
        raise HttpError(400, "bad_request", "details 应为 JSON 对象")
    action = text_field(body, "action", max_len=32)
    reason = text_field(body, "reason", required=False)
    expected = int_or_none(body.get("expected_version"), "expected_version")
    cleaned = {str(k)[:64]: _detail(v) for k, v in details.items()}
    return _answered(
        principal,
        case_id,
        lambda answer, read: handling.perform(
            bootstrap.steps(),
            principal,
            case_id,
            action=action,
            reason=reason,
            expected_version=expected,
            details=cleaned,
            shown=answer,
            read=read,
        ),
    )


def _answered(
    principal: Any, case_id: str, step: Callable[[AnswerViewRecord, CaseFile], Case]
) -> dict[str, Any]:
    """A step answered with the case view: the case and its file are read once, before the step, and
    the view after it is that file with the step's event (its personal-data record saved with it)."""
    ports = bootstrap.queries()
    read = ports.files.read(case_id)
    answer = AnswerViewRecord(bootstrap.steps().clock, principal)
    case = step(answer, read)
    file = answer.file_after(read, case)
    return queries.case_view(ports, principal, case, view_recorded=answer.saved, file=file)


def _detail(value: Any) -> Any:
    """Details are short texts; a list (e.g. the materials a 补正 asks for) stays a list of texts."""
    if isinstance(value, list):
        return [str(v)[:200] for v in value[:50]]
    return str(value)[:2000]


def inbox(request: Any) -> dict[str, Any]:
    params = request.query_params or {}
    status = params.get("status")
    if status and status not in {s.value for s in CaseStatus}:
        raise HttpError(400, "bad_request", f"未知的状态：{status}")
    limit, cursor = _page_params(request)
    rows, next_cursor = queries.inbox(
        bootstrap.queries(), principal_of(request), status, limit=limit, cursor=cursor
    )
    return {"cases": rows, "next_cursor": next_cursor}


def case_audit(request: Any, case_id: str) -> dict[str, Any]:
    return audit.verify_case_audit(bootstrap.case_store(), principal_of(request), case_id)


def verify_document(code: str) -> dict[str, Any]:
    if len(code) > 40:
        raise HttpError(400, "bad_request", "核验码格式不正确")
    return document_issuing.check(bootstrap.documents(), code)


def build_dossier(request: Any, case_id: str) -> dict[str, Any]:
    return dossier_assembly.assemble(bootstrap.dossier(), principal_of(request), case_id)


def track(request: Any) -> dict[str, Any]:
    """POST {number, code} or {number, token}: the 查询密码 never rides in a URL (logs, Referer)."""
    body = json_body(request)
    number = text_field(body, "number", max_len=40)
    token = text_field(body, "token", required=False, max_len=64)
    if token:
        return tracking.track_by_link(bootstrap.tracking(), client_ip(request), number, token)
    code = text_field(body, "code", required=False, max_len=12)
    if not code:
        raise HttpError(400, "missing_field", "请填写办件编号和查询密码")
    return tracking.track(bootstrap.tracking(), client_ip(request), number, code)
