"""已受理待补办: the home department asks during review, the receiving side supplies; only the promised clock stops."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone

import pytest

from chalicelib.domain.calendar import WorkingCalendar
from chalicelib.domain.cases import apply
from chalicelib.domain.clock_state import ClockState, advance
from chalicelib.domain.deadlines import CaseClock, ClockEvent, compute_clock
from chalicelib.domain.errors import ForbiddenActionError, ValidationFailedError
from chalicelib.domain.modes import HandlingMode
from chalicelib.domain.reactions import reaction_for
from chalicelib.domain.roles import Principal, Role
from chalicelib.domain.statuses import Action, CaseStatus
from chalicelib.domain.transitions import Side, next_status, side_for

from .test_case_state_machine import make_case

CST = timezone(timedelta(hours=8))
CAL = WorkingCalendar()
NOW = datetime(2026, 11, 26, 9, 0, tzinfo=CST)
A, S = Action, CaseStatus
COUNTER_MODES = (HandlingMode.PROXY, HandlingMode.JOINT_LOCAL, HandlingMode.JOINT_REMOTE)


@dataclass(frozen=True)
class Limits:
    promised_days: int = 10
    legal_days: int | None = 20
    instant: bool = False


def d(day: int) -> date:
    return date(2026, 11, day)


def person(role: Role, jurisdiction: str, department: str = "") -> Principal:
    return Principal(
        user_id=f"{role}-{jurisdiction}",
        username="u",
        name="工作人员",
        roles=frozenset({role}),
        jurisdiction=jurisdiction,
        department=department,
    )


HM_APPROVER = person(Role.APPROVER, "371621", "RS")
PL_WINDOW = person(Role.WINDOW_STAFF, "640221")
PL_APPROVER = person(Role.APPROVER, "640221", "RS")


def clock_after(steps: list[tuple[int, Action, CaseStatus]], today: date) -> CaseClock:
    events = [
        ClockEvent(at=datetime(2026, 11, day, 10, tzinfo=CST), action=act.value, to_status=to.value)
        for day, act, to in steps
    ]
    return compute_clock(events, Limits(), CAL, today)


ACCEPTED_ON_3 = [
    (2, A.SUBMIT, S.SUBMITTED),
    (3, A.ACCEPT, S.ACCEPTED),
    (4, A.START_REVIEW, S.UNDER_REVIEW),
]


@pytest.mark.parametrize("status", [S.ACCEPTED, S.UNDER_REVIEW])
def test_the_home_department_may_ask_for_a_supplement_after_acceptance(status: CaseStatus) -> None:
    assert next_status(status, A.REQUEST_REVIEW_SUPPLEMENT) is S.AWAITING_REVIEW_SUPPLEMENT
    assert next_status(S.AWAITING_REVIEW_SUPPLEMENT, A.SUPPLY_FOR_REVIEW) is S.UNDER_REVIEW


@pytest.mark.parametrize("action", [A.ATTACH_MATERIAL, A.DETACH_MATERIAL, A.ARRANGE_MATERIALS])
def test_materials_change_while_waiting_for_the_supplement_as_in_a_buzheng(action: Action) -> None:
    assert next_status(S.AWAITING_REVIEW_SUPPLEMENT, action) is S.AWAITING_REVIEW_SUPPLEMENT
    assert next_status(S.SUPPLEMENT_REQUESTED, action) is S.SUPPLEMENT_REQUESTED


@pytest.mark.parametrize("mode", list(HandlingMode))
def test_asking_for_a_review_supplement_is_the_home_sides_step_in_every_mode(
    mode: HandlingMode,
) -> None:
    assert side_for(mode, A.REQUEST_REVIEW_SUPPLEMENT) is Side.HOME


@pytest.mark.parametrize("mode", COUNTER_MODES)
def test_the_receiving_counter_supplies_in_proxy_and_joint_modes(mode: HandlingMode) -> None:
    assert side_for(mode, A.SUPPLY_FOR_REVIEW) is Side.RECEIVING


def test_the_home_approver_asks_and_the_receiving_clerk_supplies_in_a_proxy_case() -> None:
    case = make_case(S.UNDER_REVIEW)
    asked = apply(
        case,
        A.REQUEST_REVIEW_SUPPLEMENT,
        HM_APPROVER,
        NOW,
        reason="户口簿复印件不清晰",
        details={"materials": ["hukou"]},
    ).case
    assert asked.status is S.AWAITING_REVIEW_SUPPLEMENT
    assert asked.supplement_requests == (("hukou",),)
    with pytest.raises(ForbiddenActionError):
        apply(asked, A.SUPPLY_FOR_REVIEW, HM_APPROVER, NOW)
    supplied = apply(asked, A.SUPPLY_FOR_REVIEW, PL_WINDOW, NOW).case
    assert supplied.status is S.UNDER_REVIEW


def test_the_receiving_side_cannot_ask_for_a_review_supplement() -> None:
    with pytest.raises(ForbiddenActionError):
        apply(
            make_case(S.UNDER_REVIEW),
            A.REQUEST_REVIEW_SUPPLEMENT,
            PL_APPROVER,
            NOW,
            reason="缺材料",
            details={"materials": "hukou"},
        )


def test_a_review_supplement_names_its_materials_and_its_reason() -> None:
    case = make_case(S.UNDER_REVIEW)
    with pytest.raises(ValidationFailedError):
        apply(case, A.REQUEST_REVIEW_SUPPLEMENT, HM_APPROVER, NOW, reason="缺材料")
    with pytest.raises(ValidationFailedError):
        apply(case, A.REQUEST_REVIEW_SUPPLEMENT, HM_APPROVER, NOW, details={"materials": "x"})


def test_online_the_applicant_supplies_their_own_case() -> None:
    case = replace(make_case(S.AWAITING_REVIEW_SUPPLEMENT, HandlingMode.ONLINE), home_code="640221")
    owner = Principal(user_id="owner", username="o", name="张三", roles=frozenset({Role.APPLICANT}))
    assert apply(case, A.SUPPLY_FOR_REVIEW, owner, NOW).case.status is S.UNDER_REVIEW


def test_the_applicant_is_told_in_writing_and_by_sms_what_to_bring_and_hears_it_arrived() -> None:
    for mode in HandlingMode:
        ask = reaction_for(mode, A.REQUEST_REVIEW_SUPPLEMENT)
        assert (ask.notice, ask.document) == ("review_supplement", "supplement_notice")
        supplied = reaction_for(mode, A.SUPPLY_FOR_REVIEW)
        assert supplied.notice == "review_supplied" and not supplied.route


def test_promised_clock_pauses_while_awaiting_review_supplement() -> None:
    plain = clock_after(ACCEPTED_ON_3, today=d(13))
    steps = [
        *ACCEPTED_ON_3,
        (5, A.REQUEST_REVIEW_SUPPLEMENT, S.AWAITING_REVIEW_SUPPLEMENT),
        (12, A.SUPPLY_FOR_REVIEW, S.UNDER_REVIEW),
    ]
    c = clock_after(steps, today=d(13))
    waited = CAL.working_days_between(d(5), d(12))
    assert waited > 0
    assert c.resupply_working_days == waited
    assert plain.promised_due is not None
    assert c.promised_due == CAL.add_working_days(d(3), 10 + waited)
    assert c.promised_due > plain.promised_due


def test_article_42_legal_clock_runs_on_while_awaiting_review_supplement() -> None:
    """第四十二条 counts from acceptance; 第四十五条 lists the only periods left out, and a 补办 is not one."""
    steps = [*ACCEPTED_ON_3, (5, A.REQUEST_REVIEW_SUPPLEMENT, S.AWAITING_REVIEW_SUPPLEMENT)]
    c = clock_after(steps, today=d(20))
    assert c.legal_due == CAL.add_working_days(d(3), 20) == date(2026, 12, 1)
    assert (
        c.paused is False
    )  # the legal clock is still running: the case is never shown as 暂停计时
    assert c.paused_working_days == 0


def test_article_45_special_procedure_moves_both_clocks_but_a_supplement_only_the_promised() -> (
    None
):
    steps = [
        *ACCEPTED_ON_3,
        (5, A.SUSPEND, S.SUSPENDED),
        (9, A.RESUME, S.UNDER_REVIEW),
        (10, A.REQUEST_REVIEW_SUPPLEMENT, S.AWAITING_REVIEW_SUPPLEMENT),
        (16, A.SUPPLY_FOR_REVIEW, S.UNDER_REVIEW),
    ]
    c = clock_after(steps, today=d(17))
    special = CAL.working_days_between(d(5), d(9))
    waited = CAL.working_days_between(d(10), d(16))
    assert c.legal_due == CAL.add_working_days(d(3), 20 + special)
    assert c.promised_due == CAL.add_working_days(d(3), 10 + special + waited)


def test_a_running_resupply_pause_keeps_moving_the_promised_date_until_supplied() -> None:
    steps = [*ACCEPTED_ON_3, (5, A.REQUEST_REVIEW_SUPPLEMENT, S.AWAITING_REVIEW_SUPPLEMENT)]
    early, later = clock_after(steps, today=d(6)), clock_after(steps, today=d(13))
    assert early.promised_due is not None and later.promised_due is not None
    assert later.promised_due > early.promised_due
    assert later.legal_due == early.legal_due


def test_the_resupply_pause_is_carried_on_the_case_and_closed_when_the_case_ends() -> None:
    state = advance(ClockState(), d(5), A.REQUEST_REVIEW_SUPPLEMENT, S.AWAITING_REVIEW_SUPPLEMENT)
    assert state.awaiting_resupply
    assert ClockState.from_dict(state.to_dict()) == state
    assert next_status(S.AWAITING_REVIEW_SUPPLEMENT, A.WITHDRAW) is S.WITHDRAWN
    closed = advance(state, d(9), A.WITHDRAW, S.WITHDRAWN)
    assert not closed.awaiting_resupply and closed.resupply_pauses[-1].until == "2026-11-09"
