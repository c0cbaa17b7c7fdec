"""Public progress lookup (进度查询) by case number and 查询密码, for people without an account."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Any

from chalicelib.domain.errors import ForbiddenActionError, NotFoundError
from chalicelib.domain.statuses import Action, CaseStatus

from .case_clocks import deadline_view
from .ports import CaseRepository, Clock, Content, Counter


@dataclass(frozen=True)
class TrackingPorts:
    cases: CaseRepository
    counters: Counter
    content: Content
    clock: Clock


NOT_FOUND = "办件编号或查询密码不正确"
LOCKED = "该办件今日查询失败次数过多，请明天再试，或携带身份证件到窗口查询"
MAX_FAILURES_PER_DAY = 10  # a 6-digit code must not be guessable by trying


def track(ports: TrackingPorts, case_number: str, query_code: str) -> dict[str, Any]:
    """The same answer for an unknown number and a wrong code, so numbers cannot be probed."""
    number = case_number.strip().upper()
    code = query_code.strip()
    failures = f"track-failures#{number}#{ports.clock.today():%Y%m%d}"
    if ports.counters.peek(failures) >= MAX_FAILURES_PER_DAY:
        raise ForbiddenActionError(LOCKED)
    case = ports.cases.by_number(number) if number and code else None
    if case is None or not hmac.compare_digest(case.query_code, code):
        ports.counters.next(failures)
        raise NotFoundError(NOT_FOUND)
    events = ports.cases.events(case.case_id)
    deadline = deadline_view(ports.content, case, ports.clock.today())
    return {
        "case_number": case.case_number,
        "item_name": case.item_name,
        "mode_label": case.mode.label_zh,
        "status": case.status.value,
        "status_label": case.status.label_zh,
        "receiving": ports.content.jurisdictions.get(case.receiving_code).full_name,
        "home": ports.content.jurisdictions.get(case.home_code).full_name,
        "due": deadline.get("next_deadline"),
        "urgency_label": deadline.get("urgency_label", ""),
        "steps": [
            {
                "at": e.at,
                "step": Action(e.action).label_zh,
                "status_label": CaseStatus(e.to_status).label_zh,
                "unit": ports.content.jurisdictions.get(e.actor.jurisdiction).name
                if e.actor.jurisdiction
                else "系统",
            }
            for e in events
        ],
    }
