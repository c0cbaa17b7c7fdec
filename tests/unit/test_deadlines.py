"""The case clock: 受理 within 5 working days (第32条), decision limits (第42条), 特别程序 (第45条)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

import pytest

from chalicelib.domain.calendar import WorkingCalendar
from chalicelib.domain.cases import Actor, CaseEvent
from chalicelib.domain.catalog_items import TimeLimits
from chalicelib.domain.deadlines import (
    CaseClock,
    ClockEvent,
    ClockRules,
    Urgency,
    clock_events,
    compute_clock,
    must_deem_accepted,
    urgency,
)
from chalicelib.domain.statuses import Action, CaseStatus

CST = timezone(timedelta(hours=8))
CAL = WorkingCalendar()

# November 2026 has no holidays: Mon 2, 9, 16, 23, 30.
MON = date(2026, 11, 2)


@dataclass(frozen=True)
class Limits:
    promised_days: int = 10
    legal_days: int | None = 20
    instant: bool = False


def ev(day: date, action: Action, to: CaseStatus, hour: int = 10) -> ClockEvent:
    return ClockEvent(
        at=datetime(day.year, day.month, day.day, hour, tzinfo=CST),
        action=action.value,
        to_status=to.value,
    )


def d(day: int) -> date:
    return date(2026, 11, day)


SUBMIT = (Action.SUBMIT, CaseStatus.SUBMITTED)
ACCEPT = (Action.ACCEPT, CaseStatus.ACCEPTED)
REVIEW = (Action.START_REVIEW, CaseStatus.UNDER_REVIEW)
APPROVE = (Action.APPROVE, CaseStatus.APPROVED)
DELIVER = (Action.DELIVER, CaseStatus.DELIVERED)


def clock(
    steps: list[tuple[date, tuple[Action, CaseStatus]]], today: date, limits: Limits | None = None
) -> CaseClock:
    events = [ev(day, *step) for day, step in steps]
    return compute_clock(events, limits or Limits(), CAL, today)


def test_a_simple_accept_then_approve_path() -> None:
    c = clock([(d(2), SUBMIT), (d(3), ACCEPT), (d(5), REVIEW), (d(10), APPROVE)], today=d(26))
    assert c.received_on == d(2)
    assert c.acceptance_due == d(9)
    assert c.accepted_on == d(3)
    assert c.deemed_accepted is False
    assert c.paused_working_days == 0
    assert c.promised_due == d(17)  # 10 working days after Tue 3 Nov
    assert c.legal_due == date(2026, 12, 1)
    assert c.due == d(17)
    assert c.decided_on == d(10)
    assert c.delivery_due == d(24)  # 第四十四条: ten working days to deliver the decision
    assert c.stopped is False
    assert c.paused is False
    assert urgency(c, CAL, d(26)) == (Urgency.OVERDUE, -2)
    delivered = clock(
        [(d(2), SUBMIT), (d(3), ACCEPT), (d(10), APPROVE), (d(12), DELIVER)], today=d(26)
    )
    assert delivered.stopped is True
    assert urgency(delivered, CAL, d(26)) == (Urgency.STOPPED, 0)


def test_a_running_case_is_on_time_until_the_warning_window() -> None:
    c = clock([(d(2), SUBMIT), (d(3), ACCEPT)], today=d(12))
    assert c.stopped is False
    assert urgency(c, CAL, d(12)) == (Urgency.ON_TIME, 3)


def test_urgency_warns_within_two_working_days_and_counts_down_to_zero() -> None:
    c = clock([(d(2), SUBMIT), (d(3), ACCEPT)], today=d(13))
    assert c.due == d(17)
    assert urgency(c, CAL, d(13)) == (Urgency.WARNING, 2)  # Fri: Mon 16 and Tue 17 left
    assert urgency(c, CAL, d(14)) == (Urgency.WARNING, 2)  # Sat: still two working days
    assert urgency(c, CAL, d(16)) == (Urgency.WARNING, 1)
    assert urgency(c, CAL, d(17)) == (Urgency.WARNING, 0)  # due today
    assert urgency(c, CAL, d(13), warn_within=1) == (Urgency.ON_TIME, 2)


def test_urgency_overdue_counts_working_days_late_as_negative() -> None:
    c = clock([(d(2), SUBMIT), (d(3), ACCEPT)], today=d(18))
    assert urgency(c, CAL, d(18)) == (Urgency.OVERDUE, -1)
    assert urgency(c, CAL, d(20)) == (Urgency.OVERDUE, -3)
    assert urgency(c, CAL, d(23)) == (Urgency.OVERDUE, -4)


def test_the_weekend_after_a_friday_deadline_is_already_overdue() -> None:
    # Accepted Fri 6 Nov with 10 days → due Fri 20 Nov.
    c = clock([(d(6), SUBMIT), (d(6), ACCEPT)], today=d(21))
    assert c.due == d(20)
    assert urgency(c, CAL, d(21)) == (Urgency.OVERDUE, -1)
    assert urgency(c, CAL, d(23)) == (Urgency.OVERDUE, -1)
    assert urgency(c, CAL, d(24)) == (Urgency.OVERDUE, -2)


def test_due_is_the_earlier_of_promised_and_legal_limits() -> None:
    c = clock([(d(2), SUBMIT), (d(2), ACCEPT)], today=d(3), limits=Limits(30, 20, False))
    assert c.promised_due == date(2026, 12, 14)
    assert c.legal_due == d(30)
    assert c.due == d(30)


def test_an_item_without_a_legal_limit_is_due_on_the_promised_date() -> None:
    c = clock([(d(2), SUBMIT), (d(3), ACCEPT)], today=d(3), limits=Limits(5, None, False))
    assert c.legal_due is None
    assert c.due == c.promised_due == d(10)


def test_before_acceptance_the_deadline_is_the_five_day_acceptance_due() -> None:
    c = clock([(d(2), SUBMIT)], today=d(5))
    assert c.accepted_on is None
    assert c.due is None
    assert c.acceptance_due == d(9)
    assert urgency(c, CAL, d(5)) == (Urgency.WARNING, 2)
    assert urgency(c, CAL, d(4)) == (Urgency.ON_TIME, 3)


def test_supplement_before_acceptance_restarts_the_receipt_date() -> None:
    steps = [
        (d(2), SUBMIT),
        (d(4), (Action.REQUEST_SUPPLEMENT, CaseStatus.SUPPLEMENT_REQUESTED)),
        (d(9), (Action.SUPPLEMENT, CaseStatus.SUBMITTED)),
        (d(13), ACCEPT),
    ]
    c = clock(steps, today=d(13))
    assert c.received_on == d(9)
    assert c.acceptance_due == d(16)
    assert c.accepted_on == d(13)  # within five working days of the complete set
    assert c.deemed_accepted is False


def test_waiting_for_supplement_pauses_the_clock_and_is_never_deemed_accepted() -> None:
    steps = [
        (d(2), SUBMIT),
        (d(4), (Action.REQUEST_SUPPLEMENT, CaseStatus.SUPPLEMENT_REQUESTED)),
    ]
    c = clock(steps, today=d(20))
    assert c.paused is True
    assert c.received_on == d(2)
    assert urgency(c, CAL, d(20)) == (Urgency.PAUSED, 0)
    assert must_deem_accepted(c, d(20)) is False


def test_suspend_and_resume_after_acceptance_extend_the_due_dates() -> None:
    steps = [
        (d(2), SUBMIT),
        (d(3), ACCEPT),
        (d(4), REVIEW),
        (d(5), (Action.SUSPEND, CaseStatus.SUSPENDED)),
        (d(12), (Action.RESUME, CaseStatus.UNDER_REVIEW)),
    ]
    c = clock(steps, today=d(13))
    assert c.paused_working_days == 5  # 6, 9, 10, 11, 12 Nov are not counted
    assert c.promised_due == d(24)  # 17 Nov + 5 working days
    assert c.legal_due == date(2026, 12, 8)
    assert c.paused is False
    assert urgency(c, CAL, d(13)) == (Urgency.ON_TIME, 7)


def test_a_running_suspension_counts_to_today_and_freezes_the_remaining_days() -> None:
    steps = [(d(2), SUBMIT), (d(3), ACCEPT), (d(5), (Action.SUSPEND, CaseStatus.SUSPENDED))]
    on_5th = clock(steps, today=d(5))
    on_20th = clock(steps, today=d(20))
    assert on_5th.paused_working_days == 0
    assert on_20th.paused_working_days == 11
    assert on_20th.paused is True
    assert on_20th.due == date(2026, 12, 2)
    assert urgency(on_5th, CAL, d(5)) == (Urgency.PAUSED, 8)
    assert urgency(on_20th, CAL, d(20)) == (Urgency.PAUSED, 8)


def test_a_case_voided_while_suspended_counts_the_pause_up_to_the_void() -> None:
    steps = [
        (d(2), SUBMIT),
        (d(3), ACCEPT),
        (d(5), (Action.SUSPEND, CaseStatus.SUSPENDED)),
        (d(9), (Action.VOID, CaseStatus.VOIDED)),
    ]
    c = clock(steps, today=d(30))
    assert c.paused_working_days == 2
    assert c.stopped is True
    assert c.paused is False


def test_第三十二条_no_answer_within_five_working_days_is_accepted_from_that_moment() -> None:
    c = clock([(d(2), SUBMIT)], today=d(9))
    assert must_deem_accepted(c, d(9)) is False  # the fifth working day itself
    assert c.accepted_on is None
    c = clock([(d(2), SUBMIT)], today=d(10))
    # The law counts the case as accepted on the day of receipt before any sweep records it.
    assert c.deemed_accepted is True
    assert c.accepted_on == d(2)
    assert c.acceptance_recorded is False
    assert must_deem_accepted(c, d(10)) is True
    assert urgency(c, CAL, d(10)) == (Urgency.ON_TIME, 4)


def test_a_deemed_acceptance_counts_from_the_day_of_receipt() -> None:
    # The sweep records the acceptance on 10 Nov; the law dates it 2 Nov.
    c = clock([(d(2), SUBMIT), (d(10), ACCEPT)], today=d(10))
    assert c.deemed_accepted is True
    assert c.accepted_on == d(2)
    assert c.promised_due == d(16)
    assert c.legal_due == d(30)
    assert must_deem_accepted(c, d(10)) is False
    assert urgency(c, CAL, d(10)) == (Urgency.ON_TIME, 4)


def test_an_acceptance_on_the_fifth_working_day_is_not_deemed() -> None:
    c = clock([(d(2), SUBMIT), (d(9), ACCEPT)], today=d(9))
    assert c.deemed_accepted is False
    assert c.accepted_on == d(9)


def test_the_acceptance_window_skips_holidays() -> None:
    # Received Tue 30 Sep 2025: the five working days are 9, 10, 11 (Sat make-up), 13, 14 Oct.
    events = [ev(date(2025, 9, 30), *SUBMIT)]
    c = compute_clock(events, Limits(), CAL, date(2025, 10, 14))
    assert c.acceptance_due == date(2025, 10, 14)
    assert must_deem_accepted(c, date(2025, 10, 14)) is False
    late = compute_clock(events, Limits(), CAL, date(2025, 10, 15))
    assert must_deem_accepted(late, date(2025, 10, 15)) is True


@pytest.mark.parametrize(
    "stop",
    [
        (Action.REFUSE, CaseStatus.REFUSED),
        (Action.WITHDRAW, CaseStatus.WITHDRAWN),
        (Action.VOID, CaseStatus.VOIDED),
    ],
)
def test_a_case_ended_before_acceptance_is_stopped_and_never_deemed(
    stop: tuple[Action, CaseStatus],
) -> None:
    c = clock([(d(2), SUBMIT), (d(3), stop)], today=d(20))
    assert c.stopped is True
    assert must_deem_accepted(c, d(20)) is False
    assert urgency(c, CAL, d(20)) == (Urgency.STOPPED, 0)


def test_a_supplement_that_expires_stops_the_clock() -> None:
    steps = [
        (d(2), SUBMIT),
        (d(3), (Action.REQUEST_SUPPLEMENT, CaseStatus.SUPPLEMENT_REQUESTED)),
        (d(30), (Action.EXPIRE_SUPPLEMENT, CaseStatus.SUPPLEMENT_EXPIRED)),
    ]
    c = clock(steps, today=d(30))
    assert c.stopped is True
    assert c.paused is False


@pytest.mark.parametrize(
    "decision",
    [(Action.APPROVE, CaseStatus.APPROVED), (Action.DENY, CaseStatus.DENIED)],
)
def test_第四十四条_after_the_decision_only_the_delivery_clock_runs(
    decision: tuple[Action, CaseStatus],
) -> None:
    steps = [(d(2), SUBMIT), (d(3), ACCEPT), (d(20), decision)]
    c = clock(steps, today=d(30))
    assert c.due == d(17)
    assert c.deadline_kind == "delivery"
    assert c.delivery_due == date(2026, 12, 4)
    assert urgency(c, CAL, d(30)) == (Urgency.ON_TIME, 4)
    done = clock([*steps, (d(23), (Action.COMPLETE, CaseStatus.COMPLETED))], today=d(30))
    assert done.delivery_due == date(2026, 12, 4)  # 办结 is not delivery
    delivered = clock([*steps, (d(24), DELIVER)], today=d(30))
    assert delivered.stopped is True
    assert urgency(delivered, CAL, d(30)) == (Urgency.STOPPED, 0)


def test_a_public_service_item_has_no_deemed_acceptance_and_no_delivery_clock() -> None:
    rules = ClockRules(licensing=False)
    events = [ev(d(2), *SUBMIT)]
    c = compute_clock(events, Limits(), CAL, d(20), rules)
    assert c.deemed_accepted is False
    assert c.accepted_on is None
    steps = [ev(d(2), *SUBMIT), ev(d(3), *ACCEPT), ev(d(5), *APPROVE)]
    decided = compute_clock(steps, Limits(), CAL, d(20), rules)
    assert decided.stopped is True


def test_an_instant_item_is_due_on_the_day_of_acceptance() -> None:
    limits = Limits(promised_days=0, legal_days=None, instant=True)
    c = clock([(d(2), SUBMIT), (d(3), ACCEPT)], today=d(3), limits=limits)
    assert c.promised_due == d(3)
    assert c.due == d(3)
    assert urgency(c, CAL, d(3)) == (Urgency.WARNING, 0)
    assert urgency(c, CAL, d(4)) == (Urgency.OVERDUE, -1)


def test_an_instant_item_ignores_a_stray_promised_count_but_keeps_its_legal_limit() -> None:
    limits = Limits(promised_days=3, legal_days=20, instant=True)
    c = clock([(d(2), SUBMIT), (d(3), ACCEPT)], today=d(3), limits=limits)
    assert c.promised_due == d(3)
    assert c.legal_due == date(2026, 12, 1)
    assert c.due == d(3)


def test_a_draft_has_no_clock() -> None:
    c = compute_clock([], Limits(), CAL, d(3))
    assert c == CaseClock(None, None, False, 0, None, None, None, False, False, None)
    assert urgency(c, CAL, d(3)) == (Urgency.ON_TIME, 0)
    assert must_deem_accepted(c, d(3)) is False


def test_the_deadline_runs_across_the_golden_week() -> None:
    events = [ev(date(2026, 9, 28), *SUBMIT), ev(date(2026, 9, 28), *ACCEPT)]
    c = compute_clock(events, Limits(20, 20, False), CAL, date(2026, 10, 9))
    assert c.due == date(2026, 10, 30)
    assert urgency(c, CAL, date(2026, 10, 9)) == (Urgency.ON_TIME, 16)


def test_clock_events_keep_the_audit_order_and_use_china_dates() -> None:
    actor = Actor("u1", "王窗口", "window_staff", "640221", "640221-ZX", "")

    def case_event(seq: int, at: str, action: Action, to: CaseStatus) -> CaseEvent:
        return CaseEvent("c1", seq, at, action.value, "", to.value, actor)

    events = clock_events(
        [
            case_event(2, "2026-11-02T17:30:00+00:00", *ACCEPT),  # 01:30 on 3 Nov in Beijing
            case_event(1, "2026-11-02T09:00:00+08:00", *SUBMIT),
        ]
    )
    assert [e.action for e in events] == ["submit", "accept"]
    assert events[0].to_status == "submitted"
    assert events[1].day == d(3)
    assert compute_clock(events, Limits(), CAL, d(3)).accepted_on == d(3)


def test_a_naive_timestamp_is_read_as_a_china_date() -> None:
    assert ClockEvent(datetime(2026, 11, 2, 23, 59), "submit", "submitted").day == d(2)


def test_urgency_labels_are_chinese() -> None:
    assert [u.label_zh for u in Urgency] == ["正常", "即将超期", "已超期", "已停止计时", "暂停计时"]


def test_the_catalog_time_limits_fit_the_clock() -> None:
    limits = TimeLimits(legal_days=20, promised_days=10, instant=False, note="")
    c = compute_clock([ev(d(2), *SUBMIT), ev(d(3), *ACCEPT)], limits, CAL, d(3))
    assert c.due == d(17)
