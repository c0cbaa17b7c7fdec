"""Routes of 好差评, 差评整改 and 问题处理: parse, call one use case, shape the JSON."""

from __future__ import annotations

from datetime import date
from typing import Any

from chalicelib import bootstrap
from chalicelib.domain.roles import Principal
from chalicelib.services.feedback import ratings, rectifying, ticket_handling
from chalicelib.services.feedback.case_overview import case_feedback as overview
from chalicelib.services.feedback.json_views import (
    evaluation_view,
    problem_view,
    rectification_view,
)
from chalicelib.services.feedback.unit_report import rectification_report

from .http import HttpError, int_or_none, json_body, principal_of, text_field


def _jurisdiction(request: Any, principal: Principal) -> str:
    """The unit whose lists are asked for: staff lists only (an applicant is refused before anything)."""
    if not principal.is_staff:
        raise HttpError(403, "forbidden", "此列表仅限工作人员查看")
    value = (request.query_params or {}).get("jurisdiction") or principal.jurisdiction
    if not value:
        raise HttpError(400, "bad_request", "请指定地区（jurisdiction）")
    return str(value)


def _date(value: str | None, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise HttpError(400, "bad_request", f"{name} 应为 YYYY-MM-DD 格式的日期") from None


def _expected_version(body: dict[str, Any]) -> int | None:
    return int_or_none(body.get("expected_version"), "expected_version")


def rate(request: Any, case_id: str) -> dict[str, Any]:
    body = json_body(request)
    principal = principal_of(request)
    indicators = body.get("indicators") or {}
    if not isinstance(indicators, dict):
        raise HttpError(400, "bad_request", "indicators 应为 JSON 对象")
    outcome = ratings.rate_case(
        bootstrap.rating_ports(),
        principal,
        case_id,
        level=body.get("level"),
        channel=body.get("channel", "online"),
        indicators=indicators,
        comment=body.get("comment", ""),
        anonymous=bool(body.get("anonymous", False)),
    )
    return {
        "evaluation": evaluation_view(outcome.evaluation, principal),
        "rectification": rectification_view(outcome.rectification)
        if outcome.rectification
        else None,
    }


def follow_up(request: Any, case_id: str) -> dict[str, Any]:
    body = json_body(request)
    principal = principal_of(request)
    evaluation = ratings.follow_up(
        bootstrap.rating_ports(), principal, case_id, body.get("comment", "")
    )
    return evaluation_view(evaluation, principal)


def case_feedback(request: Any, case_id: str) -> dict[str, Any]:
    return overview(bootstrap.overview_ports(), principal_of(request), case_id)


def rectifications(request: Any) -> dict[str, Any]:
    principal = principal_of(request)
    found = rectifying.open_rectifications(
        bootstrap.rectification_ports(), principal, _jurisdiction(request, principal)
    )
    return {"rectifications": [rectification_view(r) for r in found]}


def rectification(request: Any, rectification_id: str) -> dict[str, Any]:
    return rectification_view(
        rectifying.get_rectification(
            bootstrap.rectification_ports(), principal_of(request), rectification_id
        )
    )


def advance_rectification(request: Any, rectification_id: str) -> dict[str, Any]:
    body = json_body(request)
    rect = rectifying.advance_rectification(
        bootstrap.rectification_ports(),
        principal_of(request),
        rectification_id,
        text_field(body, "action", max_len=32),
        note=text_field(body, "note", required=False),
        revisit_result=body.get("revisit_result"),
        expected_version=_expected_version(body),
    )
    return rectification_view(rect)


def appeal(request: Any, rectification_id: str) -> dict[str, Any]:
    body = json_body(request)
    rect = rectifying.appeal_rating(
        bootstrap.rectification_ports(),
        principal_of(request),
        rectification_id,
        text_field(body, "reason"),
        expected_version=_expected_version(body),
    )
    return rectification_view(rect)


def decide_appeal(request: Any, rectification_id: str) -> dict[str, Any]:
    body = json_body(request)
    if not isinstance(body.get("upheld"), bool):
        raise HttpError(400, "bad_request", "upheld 应为 true 或 false")
    rect = rectifying.decide_appeal(
        bootstrap.rectification_ports(),
        principal_of(request),
        rectification_id,
        body["upheld"],
        text_field(body, "opinion"),
        expected_version=_expected_version(body),
    )
    return rectification_view(rect)


def open_problem(request: Any, case_id: str) -> dict[str, Any]:
    body = json_body(request)
    ticket = ticket_handling.open_ticket(
        bootstrap.ticket_ports(),
        principal_of(request),
        case_id,
        category=body.get("category"),
        title=body.get("title"),
        description=body.get("description", ""),
        owner_jurisdiction=text_field(body, "owner_jurisdiction", required=False, max_len=6),
        owner_department=text_field(body, "owner_department", required=False, max_len=8),
        assignee_user_id=text_field(body, "assignee_user_id", required=False, max_len=64),
        assignee_name=text_field(body, "assignee_name", required=False, max_len=32),
        deadline_days=int_or_none(body.get("deadline_days"), "deadline_days"),
    )
    return problem_view(ticket)


def problems(request: Any) -> dict[str, Any]:
    principal = principal_of(request)
    found = ticket_handling.open_tickets(
        bootstrap.ticket_ports(), principal, _jurisdiction(request, principal)
    )
    return {"problems": [problem_view(t) for t in found]}


def advance_problem(request: Any, ticket_id: str) -> dict[str, Any]:
    body = json_body(request)
    ticket = ticket_handling.work_ticket(
        bootstrap.ticket_ports(),
        principal_of(request),
        ticket_id,
        text_field(body, "action", max_len=32),
        note=text_field(body, "note", required=False),
        assignee_user_id=text_field(body, "assignee_user_id", required=False, max_len=64),
        assignee_name=text_field(body, "assignee_name", required=False, max_len=32),
        expected_version=_expected_version(body),
    )
    return problem_view(ticket)


def report(request: Any) -> dict[str, Any]:
    params = request.query_params or {}
    principal = principal_of(request)
    units = rectification_report(
        bootstrap.report_ports(),
        principal,
        _jurisdiction(request, principal),
        since=_date(params.get("since"), "since"),
        until=_date(params.get("until"), "until"),
    )
    return {"units": [u.as_dict() for u in units]}
