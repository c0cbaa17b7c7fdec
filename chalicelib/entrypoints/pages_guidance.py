"""视频连线指导 records (seed §二(二)): the receiving window or the home approver notes a video session on the case."""

from __future__ import annotations

import urllib.parse
from datetime import datetime, timedelta, timezone
from typing import Any

from chalice.app import Response

from chalicelib import bootstrap
from chalicelib.domain.errors import DomainError
from chalicelib.domain.roles import Principal, Role
from chalicelib.domain.statuses import Action, CaseStatus
from chalicelib.domain.transitions import next_status
from chalicelib.services import handling, queries

from .http import STATUS_FOR_KIND, HttpError
from .web_pages import base_path, page
from .web_session import check_csrf, first, form_fields, redirect, session_user

CHINA = timezone(timedelta(hours=8))
GUIDE = Action.RECORD_VIDEO_GUIDANCE
FIELDS = {"staff_name": 40, "held_at": 32, "outcome": 500, "reference": 200}


def _staff(request: Any, case_id: str) -> Principal | Response:
    user = session_user(request)
    path = f"/cases/{case_id}/guidance"
    if user is None:
        return redirect(f"{base_path()}/login?next={urllib.parse.quote(path, safe='/')}")
    if not user.has(Role.WINDOW_STAFF, Role.APPROVER):
        raise HttpError(403, "forbidden", "视频连线指导仅由受理窗口或业务属地审批人员登记")
    return user


def show(
    request: Any, case_id: str, error: str = "", typed: dict[str, str] | None = None
) -> Response:
    user = _staff(request, case_id)
    if isinstance(user, Response):
        return user
    view = queries.get_case(bootstrap.queries(), user, case_id)
    now = datetime.now(CHINA).strftime("%Y-%m-%dT%H:%M")
    context = {
        "case": view,
        "back": f"/counter/{case_id}" if user.has(Role.WINDOW_STAFF) else f"/approvals/{case_id}",
        "open": next_status(CaseStatus(view["status"]), GUIDE) is not None
        and view.get("mode") != "online",
        "timeline": view.get("timeline", []),
        "guide": GUIDE.value,
        "typed": typed or {"held_at": now},
        "error": error,
        "recorded": (request.query_params or {}).get("recorded") == "1",
    }
    status = 200
    if error:
        status = int((typed or {}).get("_status", 400))
    return page(request, "cases/guidance.html.j2", context, status=status, user=user, personal=True)


def record(request: Any, case_id: str) -> Response:
    fields = form_fields(request)
    check_csrf(request, fields)
    user = _staff(request, case_id)
    if isinstance(user, Response):
        return user
    details = {name: first(fields, name, limit) for name, limit in FIELDS.items()}
    try:
        handling.perform(bootstrap.steps(), user, case_id, action=GUIDE.value, details=details)
    except DomainError as refused:
        if refused.kind in ("not_found", "forbidden"):
            raise
        typed = {**details, "_status": str(STATUS_FOR_KIND.get(refused.kind, 400))}
        return show(request, case_id, refused.message, typed)
    return redirect(f"{base_path()}/cases/{case_id}/guidance?recorded=1#timeline")
