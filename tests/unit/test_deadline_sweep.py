"""The deadline sweep: deemed acceptance after five working days, one warning and one overdue alert per day."""

from __future__ import annotations

from chalicelib.domain.statuses import CaseStatus
from chalicelib.services import deadline_sweep, handling, queries
from chalicelib.services.deadline_sweep import DEEMED_REASON
from tests.support.builders import APPLICANT, PL_APPROVER, World, world
from tests.support.cases import LICENSING_SLOTS, file_case
from tests.support.fakes import FakeAlerts


def alerts(w: World) -> FakeAlerts:
    sent = w.deps.alerts
    assert isinstance(sent, FakeAlerts)
    return sent


def test_a_case_nobody_answers_within_five_working_days_is_deemed_accepted_as_of_receipt() -> None:
    w = world()  # Thursday 2026-11-26
    case_id = file_case(w, APPLICANT, item="SC-004", slots=LICENSING_SLOTS)
    w.clock.advance(days=6)  # Wednesday 2026-12-02: only four working days have passed
    assert deadline_sweep.sweep_deadlines(w.sweep).deemed_accepted == []
    w.clock.advance(days=2)  # Friday 2026-12-04: the fifth working day (Thursday) is over
    report = deadline_sweep.sweep_deadlines(w.sweep)
    case = w.cases.get(case_id)
    assert case.status is CaseStatus.ACCEPTED and report.deemed_accepted == [case.case_number]
    assert w.cases.events(case_id)[-1].reason == DEEMED_REASON
    assert "accepted" in w.queue.queued_notices()
    view = queries.get_case(w.queries, APPLICANT, case_id)["deadline"]
    assert view["deemed_accepted"] and view["accepted_on"] == "2026-11-26"


def test_staff_are_warned_before_and_alerted_after_the_deadline_once_per_day() -> None:
    w = world()
    case_id = file_case(w, APPLICANT, item="RS-004", slots=("id_card", "bank_card"))
    handling.perform(w.steps, PL_APPROVER, case_id, action="accept")
    promised = w.deps.catalog.get("RS-004").time_limits.promised_days
    due = w.deps.calendar.add_working_days(w.clock.today(), promised)
    while w.deps.calendar.working_days_between(w.clock.today(), due) > 1:
        w.clock.advance(days=1)
    report = deadline_sweep.sweep_deadlines(w.sweep)
    assert report.warnings == [w.cases.get(case_id).case_number]
    assert deadline_sweep.sweep_deadlines(w.sweep).alerts_sent == 0  # the same day: no second alert
    w.clock.current = w.clock.current.replace(year=due.year, month=due.month, day=due.day)
    w.clock.advance(days=3)
    report = deadline_sweep.sweep_deadlines(w.sweep)
    assert report.overdue and report.alerts_sent == 1
    jurisdiction, department, text = list(alerts(w).sent.values())[-1]
    assert (jurisdiction, department) == ("640221", "RS") and "已超期" in text


def test_decided_cases_and_cases_waiting_for_a_supplement_raise_no_alerts() -> None:
    w = world()
    case_id = file_case(w, APPLICANT, item="RS-004", slots=("id_card", "bank_card"))
    handling.perform(
        w.steps, PL_APPROVER, case_id, action="request_supplement", reason="请补充银行卡正面"
    )
    w.clock.advance(days=14)  # well past acceptance_due, but the clock waits for the complete set
    report = deadline_sweep.sweep_deadlines(w.sweep)
    assert report.alerts_sent == 0 and report.deemed_accepted == []
    assert queries.get_case(w.queries, APPLICANT, case_id)["deadline"]["urgency"] == "paused"


def test_a_supplement_not_made_within_twenty_working_days_ends_the_case_and_tells_the_applicant() -> (
    None
):
    w = world()
    case_id = file_case(w, APPLICANT, item="RS-004", slots=("id_card", "bank_card"))
    handling.perform(
        w.steps, PL_APPROVER, case_id, action="request_supplement", reason="请补充银行卡正面"
    )
    w.clock.advance(days=27)  # 2026-12-23: 19 working days later
    assert deadline_sweep.sweep_deadlines(w.sweep).supplement_expired == []
    w.clock.advance(days=3)
    report = deadline_sweep.sweep_deadlines(w.sweep)
    case = w.cases.get(case_id)
    assert (
        report.supplement_expired == [case.case_number]
        and case.status.value == "supplement_expired"
    )
    assert "supplement_expired" in w.queue.queued_notices()


def test_the_inbox_puts_the_most_urgent_case_first_and_says_how_much_time_is_left() -> None:
    w = world()
    relaxed = file_case(w, APPLICANT, item="RS-004", slots=("id_card", "bank_card"))
    handling.perform(
        w.steps, PL_APPROVER, relaxed, action="accept"
    )  # decision due in 5 working days
    waiting = file_case(
        w, APPLICANT
    )  # not yet accepted: acceptance due in 5 working days from receipt
    w.clock.advance(days=1)
    urgent = file_case(w, APPLICANT, item="RS-004", slots=("id_card", "bank_card"))
    handling.perform(w.steps, PL_APPROVER, urgent, action="accept")
    handling.perform(
        w.steps,
        PL_APPROVER,
        urgent,
        action="suspend",
        reason="需要专家评审",
        details={"procedure": "expert_review", "expected_days": "10"},
    )
    w.clock.advance(days=4)  # Tuesday 2026-12-01: the first case is due on Thursday
    rows = queries.inbox(w.queries, PL_APPROVER)[0]
    order = [r["case_id"] for r in rows]
    assert order.index(relaxed) < order.index(urgent)
    first = next(r for r in rows if r["case_id"] == relaxed)
    assert (first["due_date"], first["urgency"], first["urgency_label"]) == (
        "2026-12-03",
        "warning",
        "剩余2个工作日",
    )
    paused = next(r for r in rows if r["case_id"] == urgent)
    assert paused["urgency"] == "paused"
    assert next(r for r in rows if r["case_id"] == waiting)["due_date"]
