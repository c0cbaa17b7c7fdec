"""The deadline sweep (超期预警): deemed acceptance after five working days, warnings before and flags after a deadline."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from chalicelib.domain.calendar import CalendarRangeError
from chalicelib.domain.cases import Case, CaseEvent, apply
from chalicelib.domain.deadlines import (
    CaseClock,
    Urgency,
    clock_events,
    compute_clock,
    must_deem_accepted,
    remaining_working_days,
    urgency,
)
from chalicelib.domain.errors import DomainError
from chalicelib.domain.roles import SYSTEM
from chalicelib.domain.statuses import Action, CaseStatus

from . import outbox
from .deps import Deps
from .document_context import SUPPLEMENT_WORKING_DAYS
from .documents import document_task
from .outbox import message, with_messages
from .tasks import notice_task

log = logging.getLogger(__name__)

DEEMED_REASON = "逾期未告知补正，依《行政许可法》第三十二条，自收到申请材料之日起即为受理"


@dataclass
class SweepReport:
    checked: int = 0
    deemed_accepted: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    overdue: list[str] = field(default_factory=list)
    alerts_sent: int = 0
    supplement_expired: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


CLOCK_ACTIONS = frozenset(
    {
        Action.SUBMIT,
        Action.SUPPLEMENT,
        Action.REQUEST_SUPPLEMENT,
        Action.ACCEPT,
        Action.SUSPEND,
        Action.RESUME,
        Action.EXTEND,
        Action.APPROVE,
        Action.DENY,
        Action.REFUSE,
        Action.EXPIRE_SUPPLEMENT,
        Action.WITHDRAW,
        Action.VOID,
    }
)


def with_clock(deps: Deps, case: Case, event: CaseEvent) -> Case:
    """Stamp the due date a step leaves on the case, so inboxes can sort and warn without reading events."""
    if Action(event.action) not in CLOCK_ACTIONS:
        return case
    try:
        clock, _, _ = case_clock(deps, case, [*deps.cases.events(case.case_id), event])
    except CalendarRangeError:
        return case
    due = clock.due if clock.accepted_on else clock.acceptance_due
    return replace(
        case,
        due_date=due.isoformat() if due and not clock.stopped else "",
        clock_paused=clock.paused,
    )


def inbox_urgency(deps: Deps, case: Case) -> tuple[str, str]:
    """(urgency, label) from the stamped due date: no event reads, cheap enough for every inbox row."""
    if not case.due_date:
        return "", ""
    if case.clock_paused:
        return Urgency.PAUSED.value, Urgency.PAUSED.label_zh
    try:
        remaining = remaining_working_days(
            deps.calendar, deps.clock.today(), date.fromisoformat(case.due_date)
        )
    except CalendarRangeError:
        return "", ""
    if remaining < 0:
        return Urgency.OVERDUE.value, f"已超期{-remaining}个工作日"
    if remaining <= 2:
        return Urgency.WARNING.value, f"剩余{remaining}个工作日"
    return Urgency.ON_TIME.value, f"剩余{remaining}个工作日"


def case_clock(
    deps: Deps, case: Case, events: list[CaseEvent] | None = None
) -> tuple[CaseClock, Urgency, int]:
    calendar = deps.calendar
    limits = deps.catalog.get(case.item_code).time_limits
    today = deps.clock.today()
    history = events if events is not None else deps.cases.events(case.case_id)
    clock = compute_clock(clock_events(history), limits, calendar, today)
    level, remaining = urgency(clock, calendar, today)
    return clock, level, remaining


def deadline_view(deps: Deps, case: Case, events: list[CaseEvent] | None = None) -> dict[str, Any]:
    """What the applicant and staff see of the clock; dates are calendar days, counts working days."""
    try:
        clock, level, remaining = case_clock(deps, case, events)
    except CalendarRangeError as error:
        return {"urgency": "unknown", "urgency_label": str(error)}
    return {
        "received_on": clock.received_on.isoformat() if clock.received_on else None,
        "accepted_on": clock.accepted_on.isoformat() if clock.accepted_on else None,
        "deemed_accepted": clock.deemed_accepted,
        "acceptance_due": clock.acceptance_due.isoformat() if clock.acceptance_due else None,
        "promised_due": clock.promised_due.isoformat() if clock.promised_due else None,
        "legal_due": clock.legal_due.isoformat() if clock.legal_due else None,
        "due": clock.due.isoformat() if clock.due else None,
        "paused_working_days": clock.paused_working_days,
        "urgency": level.value,
        "urgency_label": level.label_zh,
        "remaining_working_days": remaining,
    }


def sweep_deadlines(deps: Deps) -> SweepReport:
    """Idempotent: run it as often as you like; each alert goes out once per case, kind and day."""
    report = SweepReport()
    seen: set[str] = set()
    for code in deps.jurisdictions.codes():
        for case in deps.cases.by_jurisdiction(code):
            if case.case_id in seen or case.status is CaseStatus.DRAFT or case.status.is_terminal:
                continue
            seen.add(case.case_id)
            report.checked += 1
            try:
                _sweep_case(deps, case, report)
            except (CalendarRangeError, DomainError) as error:
                # One case must not stop the sweep; the next run tries again.
                report.errors.append(f"{case.case_number}: {error}")
    return report


def _sweep_case(deps: Deps, case: Case, report: SweepReport) -> None:
    if case.status is CaseStatus.SUPPLEMENT_REQUESTED:
        if _supplement_expired(deps, case):
            report.supplement_expired.append(case.case_number)
        return
    clock, level, remaining = case_clock(deps, case)
    if must_deem_accepted(clock, deps.clock.today()) and case.status in (
        CaseStatus.SUBMITTED,
        CaseStatus.PRE_REVIEW,
    ):
        _deem_accepted(deps, case)
        report.deemed_accepted.append(case.case_number)
        return
    if level not in (Urgency.WARNING, Urgency.OVERDUE):
        return
    (report.overdue if level is Urgency.OVERDUE else report.warnings).append(case.case_number)
    side = case.home_code if clock.accepted_on else case.receiving_code
    kind = "overdue" if level is Urgency.OVERDUE else "warning"
    text = (
        f"【通办超期预警】办件{case.case_number}（{case.item_name}）"
        + (f"已超期{-remaining}个工作日" if remaining < 0 else f"剩余{remaining}个工作日")
        + f"，{'办结' if clock.accepted_on else '受理'}期限{(clock.due or clock.acceptance_due)}，请及时办理。"
    )
    alert_id = f"{kind}#{deps.clock.today().isoformat()}"
    if deps.alerts.send_once(case.case_id, alert_id, side, case.department, text):
        report.alerts_sent += 1


def _deem_accepted(deps: Deps, case: Case) -> None:
    seq = case.version + 1
    changes = {
        "outbox": with_messages(
            case,
            message(case, seq, "notices", notice_task(case, seq, "accepted")),
            message(case, seq, "documents", document_task(case, seq, "receipt")),
        )
    }
    updated, event = apply(
        case, Action.ACCEPT, SYSTEM, deps.clock.now(), reason=DEEMED_REASON, changes=changes
    )
    updated = with_clock(deps, updated, event)
    deps.cases.save(updated, event, expected_version=case.version)
    outbox.flush(deps, updated)


def _supplement_expired(deps: Deps, case: Case) -> bool:
    """补正 not made within the period the notice gave: the case ends (补正超时终止), the applicant is told."""
    requested = [
        e for e in deps.cases.events(case.case_id) if e.action == Action.REQUEST_SUPPLEMENT.value
    ]
    if not requested:
        return False
    since = date.fromisoformat(requested[-1].at[:10])
    if deps.calendar.working_days_between(since, deps.clock.today()) <= SUPPLEMENT_WORKING_DAYS:
        return False
    seq = case.version + 1
    changes = {
        "outbox": with_messages(
            case, message(case, seq, "notices", notice_task(case, seq, "supplement_expired"))
        )
    }
    reason = f"自补正通知之日起{SUPPLEMENT_WORKING_DAYS}个工作日内未补正，申请终止办理；如需办理可重新申请"
    updated, event = apply(
        case, Action.EXPIRE_SUPPLEMENT, SYSTEM, deps.clock.now(), reason=reason, changes=changes
    )
    updated = with_clock(deps, updated, event)
    deps.cases.save(updated, event, expected_version=case.version)
    outbox.flush(deps, updated)
    return True
