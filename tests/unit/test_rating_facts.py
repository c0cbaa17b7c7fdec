"""好差评 law and practice: what can be rated, when the window opens, and which unit answers (谁办理、谁负责)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from chalicelib.domain.errors import InvalidTransitionError
from chalicelib.domain.feedback.evaluations import Channel
from chalicelib.domain.feedback.rating_facts import rated_unit, window_opened_at
from chalicelib.domain.feedback.rectifications import RectStatus
from tests.support.feedback_env import Env
from tests.support.feedback_fakes import (
    COMPLETED_AT,
    DELIVERED_AT,
    handled_case,
    refused_case,
    store_case,
)


@pytest.fixture
def env() -> Env:
    return Env()


def test_一次一评_a_case_refused_at_acceptance_can_be_rated(env: Env) -> None:
    case, events = refused_case("r1")
    store_case(env.cases, case, events)
    outcome = env.rate(
        "r1", 2, comment="窗口没说清楚为什么不受理", now=COMPLETED_AT + timedelta(days=1)
    )
    assert outcome.evaluation.case_id == "r1" and outcome.evaluation.is_bad
    assert outcome.rectification is not None
    assert outcome.rectification.status is RectStatus.PENDING_VERIFICATION


def test_the_rating_window_opens_at_delivery_of_the_result_not_at_completion() -> None:
    completed, completed_events = handled_case(deliver=False)
    assert window_opened_at(completed, completed_events, COMPLETED_AT) is None
    delivered, delivered_events = handled_case()
    assert window_opened_at(delivered, delivered_events, COMPLETED_AT) == DELIVERED_AT


def test_a_result_delivered_late_can_still_be_rated_within_the_window_after_delivery(
    env: Env,
) -> None:
    case, events = handled_case("late", delivered_after=timedelta(days=10))
    store_case(env.cases, case, events)
    # 20 days after 办结 but 10 after 送达: inside the 15-day window that runs from delivery.
    assert env.rate("late", 4, now=COMPLETED_AT + timedelta(days=20)).evaluation.level == 4
    case, events = handled_case("later", delivered_after=timedelta(days=10))
    store_case(env.cases, case, events)
    with pytest.raises(InvalidTransitionError, match="送达后15日内可评价"):
        env.rate("later", 4, now=COMPLETED_AT + timedelta(days=26))


def test_a_completed_but_undelivered_case_cannot_be_rated_yet(env: Env) -> None:
    env.case("c1", deliver=False)
    with pytest.raises(InvalidTransitionError, match="送达（或不予受理）后才能评价"):
        env.rate("c1", 5)
    assert env.repo.evaluations == {}


def test_a_refused_cases_window_runs_from_the_refusal() -> None:
    case, events = refused_case("r1", at=COMPLETED_AT)
    assert window_opened_at(case, events, COMPLETED_AT) == COMPLETED_AT


def test_代收代办_a_decision_rates_the_home_department_not_the_receiving_window() -> None:
    case, events = handled_case()  # decided in 371621, delivered last by the 平罗 window
    assert events[-1].actor.jurisdiction == "640221"
    for channel in (Channel.ONLINE, Channel.SMS, Channel.HOTLINE_12345):
        unit = rated_unit(case, events, channel)
        assert (unit.jurisdiction, unit.department) == ("371621", "RS")
        assert (unit.staff_user_id, unit.staff_name) == ("u-hm-approver", "惠民审批李强")
        assert unit.center == "371621-ZX"


def test_a_rating_at_the_counter_rates_the_receiving_window_for_its_own_step() -> None:
    case, events = handled_case()
    for channel in (Channel.COUNTER, Channel.QR):
        unit = rated_unit(case, events, channel)
        assert (unit.jurisdiction, unit.center) == ("640221", "640221-ZX")
        assert (unit.staff_user_id, unit.staff_name) == ("u-pl-window", "平罗窗口王芳")
        assert unit.department == "RS"  # the window has no department; the case's is used


def test_a_refusal_at_the_counter_rates_the_receiving_centre_that_refused(env: Env) -> None:
    case, events = refused_case("r1")
    for channel in Channel:
        unit = rated_unit(case, events, channel)
        assert (unit.jurisdiction, unit.staff_user_id) == ("640221", "u-pl-window")
    store_case(env.cases, case, events)
    outcome = env.rate("r1", 1, comment="拒收理由不清", now=COMPLETED_AT + timedelta(hours=2))
    assert outcome.rectification is not None
    assert outcome.rectification.owner.jurisdiction == "640221"


def test_a_decision_made_by_the_system_rates_the_deciding_side_without_naming_staff() -> None:
    from dataclasses import replace

    from chalicelib.domain.cases import Actor

    case, events = handled_case()
    system = Actor("system", "系统", "system", "", "", "")
    events = [replace(e, actor=system) if e.action == "approve" else e for e in events]
    unit = rated_unit(case, events, Channel.ONLINE)
    assert (unit.jurisdiction, unit.department, unit.staff_user_id) == ("371621", "RS", "")
