"""The one place dates are computed for people: a case's clock from the state it carries, its stamp and view."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Any

from chalicelib.domain.calendar import CalendarRangeError
from chalicelib.domain.cases import Case, CaseEvent
from chalicelib.domain.clock_state import china_day, china_today
from chalicelib.domain.deadlines import (
    CaseClock,
    ClockRules,
    Urgency,
    clock_events,
    clock_of,
    remaining_working_days,
    state_of,
    urgency,
)

from .ports import Content


def rules_for(content: Content, case: Case) -> ClockRules:
    item = content.catalog.get(case.item_code)
    return ClockRules(
        licensing=item.licensing_law_applies, extension_days=item.time_limits.extension_days
    )


def case_clock(content: Content, case: Case, today: date) -> CaseClock:
    """The case's clock on `today`; CalendarRangeError when a year's holidays are not known."""
    limits = content.catalog.get(case.item_code).time_limits
    return clock_of(
        case.clock, case.status, limits, content.calendar, today, rules_for(content, case)
    )


def clock_as_of(content: Content, case: Case, events: list[CaseEvent], upto_seq: int) -> CaseClock:
    """The clock as it stood right after step `upto_seq` (for a document issued for that step)."""
    upto = [e for e in events if e.seq <= upto_seq]
    state, status = state_of(clock_events(upto))
    day = china_day(datetime.fromisoformat(upto[-1].at)) if upto else china_today()
    limits = content.catalog.get(case.item_code).time_limits
    return clock_of(state, status, limits, content.calendar, day, rules_for(content, case))


def clock_or_none(content: Content, case: Case, today: date) -> CaseClock | None:
    try:
        return case_clock(content, case, today)
    except CalendarRangeError:
        return None


def stamped(content: Content, case: Case, today: date) -> Case:
    """The case with the next deadline stamped on it, so inboxes can sort and warn without the calendar."""
    clock = clock_or_none(content, case, today)
    if clock is None:
        return replace(case, due_date="", clock_paused=False)
    deadline = clock.deadline
    return replace(
        case,
        due_date=deadline.isoformat()
        if deadline and not (clock.paused and not clock.accepted_on)
        else "",
        clock_paused=clock.paused,
    )


def inbox_urgency(content: Content, case: Case, today: date) -> tuple[str, str]:
    """(urgency, label) from the stamped due date: cheap enough for every inbox row."""
    if not case.due_date:
        return "", ""
    if case.clock_paused:
        return Urgency.PAUSED.value, Urgency.PAUSED.label_zh
    try:
        remaining = remaining_working_days(
            content.calendar, today, date.fromisoformat(case.due_date)
        )
    except CalendarRangeError:
        return "unknown", "节假日安排未录入，无法计算剩余工作日"
    if remaining < 0:
        return Urgency.OVERDUE.value, f"已超期{-remaining}个工作日"
    if remaining <= 2:
        return Urgency.WARNING.value, f"剩余{remaining}个工作日"
    return Urgency.ON_TIME.value, f"剩余{remaining}个工作日"


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def deadline_view(content: Content, case: Case, today: date) -> dict[str, Any]:
    """What the applicant and staff see of the clock; dates are calendar days, counts working days."""
    try:
        clock = case_clock(content, case, today)
        level, remaining = urgency(clock, content.calendar, today)
    except CalendarRangeError as error:
        return {"urgency": "unknown", "urgency_label": str(error)}
    return {
        "received_on": _iso(clock.received_on),
        "accepted_on": _iso(clock.accepted_on),
        "deemed_accepted": clock.deemed_accepted,
        "acceptance_due": _iso(clock.acceptance_due),
        "promised_due": _iso(clock.promised_due),
        "legal_due": _iso(clock.legal_due),
        "due": _iso(clock.due),
        "extended": clock.extended,
        "decided_on": _iso(clock.decided_on),
        "delivery_due": _iso(clock.delivery_due),
        "supplement_due": _iso(clock.supplement_due),
        "next_deadline": _iso(clock.deadline),
        "next_deadline_kind": clock.deadline_kind,
        "paused_working_days": clock.paused_working_days,
        "resupply_working_days": clock.resupply_working_days,
        "urgency": level.value,
        "urgency_label": level.label_zh,
        "remaining_working_days": remaining,
        "calendar_gap": clock.calendar_gap,
    }
