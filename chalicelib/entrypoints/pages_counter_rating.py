"""好差评 for walk-in applicants: the counter's 评价器 screen (the clerk opens it) and the public QR page."""

from __future__ import annotations

import urllib.parse
from typing import Any

from chalice.app import Response

from chalicelib import bootstrap
from chalicelib.domain.errors import DomainError
from chalicelib.domain.feedback.evaluations import COUNTER_INDICATORS, OVERALL
from chalicelib.domain.roles import Principal, Role
from chalicelib.services.feedback import counter_rating

from .http import STATUS_FOR_KIND, HttpError, client_ip
from .pages_rating_view import LEVELS, RATEABLE, indicator_field
from .web_pages import base_path, page
from .web_session import check_csrf, first, form_fields, redirect, session_user

# 整体满意度 is the level itself; the counter's other indicators are scored on their own.
INDICATORS = [name for name in COUNTER_INDICATORS if name != OVERALL]


def _score(value: str) -> int | None:
    return int(value) if value in {"1", "2", "3", "4", "5"} else None


def _typed(fields: dict[str, list[str]]) -> dict[str, Any]:
    return {
        "level": _score(first(fields, "level", 2)),
        "indicators": {
            name: score
            for i, name in enumerate(INDICATORS, 1)
            if (score := _score(first(fields, indicator_field(i), 2))) is not None
        },
        "comment": first(fields, "comment", 2000),
        "anonymous": first(fields, "anonymous", 8) == "yes",
    }


def _form(action: str, errors: list[dict[str, str]], typed: dict[str, Any]) -> dict[str, Any]:
    return {
        "action": action,
        "levels": LEVELS,
        "indicators": [
            {"field": indicator_field(i), "name": name} for i, name in enumerate(INDICATORS, 1)
        ],
        "errors": errors,
        "typed": typed,
    }


PASSED_ON = ("not_found", "forbidden", "rate_limited")  # answered by the shared refusal pages


def _status(refused: DomainError) -> int:
    return STATUS_FOR_KIND.get(refused.kind, 400)


def _clerk(request: Any, case_id: str) -> Principal | Response:
    user = session_user(request)
    path = f"/counter/{case_id}/rating"
    if user is None:
        return redirect(f"{base_path()}/login?next={urllib.parse.quote(path, safe='/')}")
    if not user.has(Role.WINDOW_STAFF):
        raise HttpError(403, "forbidden", "此页面仅限跨省通办窗口工作人员使用")
    return user


def _evaluation_view(evaluation: Any) -> dict[str, str] | None:
    if evaluation is None:
        return None
    return {"level_label": evaluation.level.label_zh, "channel_label": evaluation.channel.label_zh}


def screen(
    request: Any, case_id: str, errors: list[dict[str, str]] | None = None, typed: Any = None
) -> Response:
    """The clerk turns the screen to the applicant: big buttons, the counter's indicators, a comment,
    and the QR code for rating on their own phone instead."""
    user = _clerk(request, case_id)
    if isinstance(user, Response):
        return user
    ports = bootstrap.counter_rating()
    case = counter_rating.check_counter_clerk(ports.rating, user, case_id)
    evaluation = ports.rating.feedback.find_evaluation_for_case(case.case_id)
    link = counter_rating.rating_link(ports, case.case_id)
    from chalicelib.documents.qr_svg import qr_data_uri  # lazy: only this screen draws a QR code

    context = {
        "case": {
            "case_id": case.case_id,
            "case_number": case.case_number,
            "item_name": case.item_name,
        },
        "status_label": case.status.label_zh,
        "open": case.status.value in RATEABLE and evaluation is None,
        "evaluation": _evaluation_view(evaluation),
        "rated": (request.query_params or {}).get("rated") == "1",
        "link": link,
        "qr": qr_data_uri(link),
        "form": _form(f"{base_path()}/counter/{case.case_id}/rating", errors or [], typed or {}),
    }
    status = _status_of(errors)
    return page(request, "counter/rating.html.j2", context, status=status, user=user, personal=True)


def _status_of(errors: list[dict[str, str]] | None) -> int:
    if not errors:
        return 200
    return int(errors[0].get("status", 400))


def _refused(refused: DomainError) -> list[dict[str, str]]:
    return [
        {
            # A refused level or comment is shown at its field; "already rated" above the page.
            "field": "comment"
            if "评价内容" in refused.message
            else ("level-5" if refused.kind == "invalid" else "rating"),
            "message": refused.message,
            "status": str(_status(refused)),
        }
    ]


def rate_device(request: Any, case_id: str) -> Response:
    fields = form_fields(request)
    check_csrf(request, fields)
    user = _clerk(request, case_id)
    if isinstance(user, Response):
        return user
    typed = _typed(fields)
    if typed["level"] is None:
        return screen(request, case_id, [{"field": "level-5", "message": "请选择满意程度"}], typed)
    try:
        counter_rating.rate_at_counter(bootstrap.rating_ports(), user, case_id, **typed)
    except DomainError as refused:
        if refused.kind in PASSED_ON:
            raise
        return screen(request, case_id, _refused(refused), typed)
    return redirect(f"{base_path()}/counter/{case_id}/rating?rated=1")


def public(
    request: Any,
    case_id: str,
    token: str,
    errors: list[dict[str, str]] | None = None,
    typed: Any = None,
) -> Response:
    """The page the QR code opens on the applicant's phone, without login; a wrong link is a 404."""
    ports = bootstrap.counter_rating()
    case = counter_rating.case_by_link(ports, client_ip(request), case_id, token)
    evaluation = ports.rating.feedback.find_evaluation_for_case(case.case_id)
    context = {
        "case": {"case_number": case.case_number, "item_name": case.item_name},
        "status_label": case.status.label_zh,
        "open": case.status.value in RATEABLE and evaluation is None,
        "evaluation": _evaluation_view(evaluation),
        "form": _form(f"{base_path()}/rate/{case_id}/{token}", errors or [], typed or {}),
    }
    return page(request, "rate/public.html.j2", context, status=_status_of(errors), personal=True)


def rate_public(request: Any, case_id: str, token: str) -> Response:
    fields = form_fields(request)
    check_csrf(request, fields)
    typed = _typed(fields)
    if typed["level"] is None:
        errors = [{"field": "level-5", "message": "请选择满意程度"}]
        return public(request, case_id, token, errors, typed)
    ports = bootstrap.counter_rating()
    try:
        counter_rating.rate_by_link(ports, client_ip(request), case_id, token, **typed)
    except DomainError as refused:
        if refused.kind in PASSED_ON:
            raise
        return public(request, case_id, token, _refused(refused), typed)
    return redirect(f"{base_path()}/rate/{case_id}/{token}")
