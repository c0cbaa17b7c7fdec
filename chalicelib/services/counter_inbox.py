"""The receiving counter's inbox: results back from home, 补办 asked by home, and cases waiting too long there."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from chalicelib.domain import case_lists
from chalicelib.domain.calendar import CalendarRangeError
from chalicelib.domain.cases import Case
from chalicelib.domain.clock_state import china_day
from chalicelib.domain.errors import ForbiddenActionError
from chalicelib.domain.paging import MAX_PAGE
from chalicelib.domain.roles import Principal, Role
from chalicelib.domain.statuses import CaseStatus

from .access_policy import may_see
from .queries import QueryPorts, case_summary

# 行政许可法第三十二条: the home department has five working days to accept or ask for 补正 once the
# materials arrive; a case forwarded longer ago with no decision is one the counter should chase.
WAITING_TOO_LONG_WORKING_DAYS = 5

_UNDECIDED = frozenset(
    {
        CaseStatus.SUBMITTED,
        CaseStatus.PRE_REVIEW,
        CaseStatus.ACCEPTED,
        CaseStatus.UNDER_REVIEW,
        CaseStatus.SUSPENDED,
    }
)


def counter_inbox(ports: QueryPorts, principal: Principal) -> dict[str, list[dict[str, Any]]]:
    """Three lists for the window: `returned` (to sign for, or to hand over), `resupply` (已受理待补办: the
    home department asked for a material the person brings here) and `waiting` (chase the home side)."""
    if not principal.has(Role.WINDOW_STAFF):
        raise ForbiddenActionError("只有窗口工作人员可以查看结果返回")
    # The centre's newest cases, one keyed page: a result waiting longer than that is long overdue
    # anyway, and the 超期 sweep names it to the staff.
    rows, _ = ports.cases.list_page(
        case_lists.at_centre(principal.jurisdiction, principal.center), MAX_PAGE, None
    )
    cases = [
        c for c in rows if c.receiving_code == principal.jurisdiction and may_see(principal, c)
    ]
    returned, waiting, resupply = [], [], []
    for case in cases:
        if case.status is CaseStatus.AWAITING_REVIEW_SUPPLEMENT:
            # What was asked is on the case page (list rows carry no material lists).
            resupply.append(case_summary(ports, case))
            continue
        results = [t for t in case.transfers if t.leg == "result"]
        if results and case.status is not CaseStatus.DELIVERED and not case.status.is_terminal:
            pending = any(not t.received for t in results)
            returned.append(
                {
                    **case_summary(ports, case),
                    "next": "confirm_result" if pending else "deliver",
                    "next_label": "签收办理结果" if pending else "送达申请人",
                    "method": results[-1].method,
                    "waybill": results[-1].waybill,
                }
            )
            continue
        days = _days_waiting(ports, case)
        if days is not None and days > WAITING_TOO_LONG_WORKING_DAYS:
            waiting.append({**case_summary(ports, case), "days_waiting": days})
    waiting.sort(key=lambda c: -int(c["days_waiting"]))
    return {"returned": returned, "waiting": waiting, "resupply": resupply}


def _days_waiting(ports: QueryPorts, case: Case) -> int | None:
    """Working days since the materials first left the counter, for a case still without a decision."""
    sent = [t for t in case.transfers if t.leg == "materials"]
    if not sent or case.status not in _UNDECIDED or case.result:
        return None
    start = china_day(datetime.fromisoformat(sent[0].sent_at))
    try:
        return ports.content.calendar.working_days_between(start, ports.clock.today())
    except CalendarRangeError:
        return None  # a year without published holidays: no count is better than a wrong one
