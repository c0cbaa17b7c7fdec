"""Public progress lookup (进度查询) by case number and 查询密码, for people without an account."""

from __future__ import annotations

import hmac
from typing import Any

from chalicelib.domain.errors import ForbiddenActionError, NotFoundError
from chalicelib.domain.statuses import Action, CaseStatus

from .deadlines import deadline_view
from .deps import Deps

NOT_FOUND = "办件编号或查询密码不正确"
LOCKED = "该办件今日查询失败次数过多，请明天再试，或携带身份证件到窗口查询"
MAX_FAILURES_PER_DAY = 10  # a 6-digit code must not be guessable by trying


def track(deps: Deps, case_number: str, query_code: str) -> dict[str, Any]:
    """The same answer for an unknown number and a wrong code, so numbers cannot be probed."""
    number = case_number.strip().upper()
    code = query_code.strip()
    failures = f"track-failures#{number}#{deps.clock.today():%Y%m%d}"
    if deps.counters.peek(failures) >= MAX_FAILURES_PER_DAY:
        raise ForbiddenActionError(LOCKED)
    case = deps.cases.by_number(number) if number and code else None
    if case is None or not hmac.compare_digest(case.query_code, code):
        deps.counters.next(failures)
        raise NotFoundError(NOT_FOUND)
    events = deps.cases.events(case.case_id)
    deadline = deadline_view(deps, case, events)
    return {
        "case_number": case.case_number,
        "item_name": case.item_name,
        "mode_label": case.mode.label_zh,
        "status": case.status.value,
        "status_label": case.status.label_zh,
        "receiving": deps.jurisdictions.get(case.receiving_code).full_name,
        "home": deps.jurisdictions.get(case.home_code).full_name,
        "due": deadline.get("due") or deadline.get("acceptance_due"),
        "urgency_label": deadline.get("urgency_label", ""),
        "steps": [
            {
                "at": e.at,
                "step": Action(e.action).label_zh,
                "status_label": CaseStatus(e.to_status).label_zh,
                "unit": deps.jurisdictions.get(e.actor.jurisdiction).name
                if e.actor.jurisdiction
                else "系统",
            }
            for e in events
        ],
    }
