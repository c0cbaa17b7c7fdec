"""Routes of 好差评, 差评整改 and 问题处理: parse, call one use case, shape the JSON."""

from __future__ import annotations

from datetime import date
from typing import Any

from chalicelib import bootstrap
from chalicelib.services import feedback as fb
from chalicelib.services import feedback_notices

from .http import HttpError, int_or_none, json_body, principal_of, text_field


def _jurisdiction(request: Any, default: str) -> str:
    value = (request.query_params or {}).get("jurisdiction") or default
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


def rate(request: Any, case_id: str) -> dict[str, Any]:
    body = json_body(request)
    deps, principal = bootstrap.deps(), principal_of(request)
    indicators = body.get("indicators") or {}
    if not isinstance(indicators, dict):
        raise HttpError(400, "bad_request", "indicators 应为 JSON 对象")
    outcome = fb.rate_case(
        deps.feedback,
        deps.cases,
        principal,
        case_id,
        body.get("level"),
        body.get("channel", "online"),
        indicators,
        body.get("comment", ""),
        bool(body.get("anonymous", False)),
        deps.clock.now(),
        deps.calendar,
        deps.feedback_policy,
    )
    return {
        "evaluation": fb.evaluation_view(outcome.evaluation, principal),
        "rectification": fb.rectification_view(outcome.rectification)
        if outcome.rectification
        else None,
    }


def follow_up(request: Any, case_id: str) -> dict[str, Any]:
    body = json_body(request)
    deps, principal = bootstrap.deps(), principal_of(request)
    evaluation = fb.follow_up(
        deps.feedback,
        principal,
        case_id,
        body.get("comment", ""),
        deps.clock.now(),
        deps.feedback_policy,
    )
    return fb.evaluation_view(evaluation, principal)


def case_feedback(request: Any, case_id: str) -> dict[str, Any]:
    deps = bootstrap.deps()
    return fb.case_feedback(deps.feedback, deps.cases, principal_of(request), case_id)


def rectifications(request: Any) -> dict[str, Any]:
    principal = principal_of(request)
    found = fb.open_rectifications(
        bootstrap.deps().feedback, principal, _jurisdiction(request, principal.jurisdiction)
    )
    return {"rectifications": [fb.rectification_view(r) for r in found]}


def rectification(request: Any, rectification_id: str) -> dict[str, Any]:
    return fb.rectification_view(
        fb.get_rectification(bootstrap.deps().feedback, principal_of(request), rectification_id)
    )


def advance_rectification(request: Any, rectification_id: str) -> dict[str, Any]:
    body = json_body(request)
    deps = bootstrap.deps()
    rect = fb.advance_rectification(
        deps.feedback,
        principal_of(request),
        rectification_id,
        text_field(body, "action", max_len=32),
        deps.clock.now(),
        note=text_field(body, "note", required=False),
        revisit_result=body.get("revisit_result"),
        expected_version=int_or_none(body.get("expected_version"), "expected_version"),
    )
    feedback_notices.tell_rater(deps.tasks, rect)
    return fb.rectification_view(rect)


def appeal(request: Any, rectification_id: str) -> dict[str, Any]:
    body = json_body(request)
    deps = bootstrap.deps()
    rect = fb.appeal_rating(
        deps.feedback,
        principal_of(request),
        rectification_id,
        text_field(body, "reason"),
        deps.clock.now(),
        expected_version=int_or_none(body.get("expected_version"), "expected_version"),
    )
    return fb.rectification_view(rect)


def decide_appeal(request: Any, rectification_id: str) -> dict[str, Any]:
    body = json_body(request)
    if not isinstance(body.get("upheld"), bool):
        raise HttpError(400, "bad_request", "upheld 应为 true 或 false")
    deps = bootstrap.deps()
    rect = fb.decide_appeal(
        deps.feedback,
        principal_of(request),
        rectification_id,
        body["upheld"],
        text_field(body, "opinion"),
        deps.clock.now(),
        expected_version=int_or_none(body.get("expected_version"), "expected_version"),
    )
    return fb.rectification_view(rect)


def open_problem(request: Any, case_id: str) -> dict[str, Any]:
    body = json_body(request)
    deps = bootstrap.deps()
    ticket = fb.open_problem(
        deps.feedback,
        deps.cases,
        principal_of(request),
        case_id,
        body.get("category"),
        body.get("title"),
        body.get("description", ""),
        deps.clock.now(),
        deps.calendar,
        owner_jurisdiction=text_field(body, "owner_jurisdiction", required=False, max_len=6),
        owner_department=text_field(body, "owner_department", required=False, max_len=8),
        assignee_user_id=text_field(body, "assignee_user_id", required=False, max_len=64),
        assignee_name=text_field(body, "assignee_name", required=False, max_len=32),
        deadline_days=int_or_none(body.get("deadline_days"), "deadline_days"),
        policy=deps.feedback_policy,
        new_id=deps.ids.new_id,
    )
    return fb.problem_view(ticket)


def problems(request: Any) -> dict[str, Any]:
    principal = principal_of(request)
    found = fb.open_problems(
        bootstrap.deps().feedback, principal, _jurisdiction(request, principal.jurisdiction)
    )
    return {"problems": [fb.problem_view(t) for t in found]}


def advance_problem(request: Any, ticket_id: str) -> dict[str, Any]:
    body = json_body(request)
    deps = bootstrap.deps()
    ticket = fb.advance_problem(
        deps.feedback,
        principal_of(request),
        ticket_id,
        text_field(body, "action", max_len=32),
        deps.clock.now(),
        note=text_field(body, "note", required=False),
        assignee_user_id=text_field(body, "assignee_user_id", required=False, max_len=64),
        assignee_name=text_field(body, "assignee_name", required=False, max_len=32),
        expected_version=int_or_none(body.get("expected_version"), "expected_version"),
    )
    return fb.problem_view(ticket)


def report(request: Any) -> dict[str, Any]:
    params = request.query_params or {}
    principal = principal_of(request)
    deps = bootstrap.deps()
    units = fb.rectification_report(
        deps.feedback,
        principal,
        _jurisdiction(request, principal.jurisdiction),
        deps.clock.today(),
        since=_date(params.get("since"), "since"),
        until=_date(params.get("until"), "until"),
    )
    return {"units": [u.as_dict() for u in units]}
