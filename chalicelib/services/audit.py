"""Responsibility tracing: check a case's hash-chained audit trail and list who did what."""

from __future__ import annotations

from typing import Any

from chalicelib.domain.case_events import verify_chain
from chalicelib.domain.roles import Principal

from .access_policy import check_staff_view, visible_case
from .ports import CaseRepository


def verify_case_audit(cases: CaseRepository, principal: Principal, case_id: str) -> dict[str, Any]:
    """The chain is intact when every event's hash covers its content and the hash before it."""
    case = visible_case(cases, principal, case_id)
    check_staff_view(principal, case, "办理记录")
    events = cases.events(case_id)
    problems = verify_chain(events)
    if events and events[-1].hash != case.last_hash:
        problems.append("办件记录的最新哈希与审计链末端不符")
    return {
        "case_id": case_id,
        "case_number": case.case_number,
        "events": len(events),
        "intact": not problems,
        "problems": problems,
        "responsibility": [
            {
                "seq": e.seq,
                "at": e.at,
                "action": e.action,
                "who": e.actor.name,
                "login": e.actor.login,
                "role": e.actor.role,
                "jurisdiction": e.actor.jurisdiction,
                "center": e.actor.center,
                "department": e.actor.department,
                "reason": e.reason,
            }
            for e in events
        ],
    }
