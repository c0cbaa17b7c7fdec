"""认领: one colleague of the home department works a case; others are refused until release or take-over."""

from __future__ import annotations

import pytest

from chalicelib.domain.cases import Case, apply
from chalicelib.domain.errors import ForbiddenActionError, InvalidTransitionError
from chalicelib.domain.modes import HandlingMode
from chalicelib.domain.roles import Principal, Role
from chalicelib.domain.statuses import Action, CaseStatus
from tests.unit.test_case_state_machine import NOW, make_case


def person(user_id: str, *roles: Role, jurisdiction: str = "371621") -> Principal:
    return Principal(
        user_id=user_id,
        username=user_id,
        name={"a1": "孙建华", "a2": "李明", "head": "高春梅"}.get(user_id, "窗口"),
        roles=frozenset(roles),
        jurisdiction=jurisdiction,
        department="RS",
    )


A1 = person("a1", Role.APPROVER)
A2 = person("a2", Role.APPROVER)
HEAD = person("head", Role.APPROVER, Role.DEPARTMENT_HEAD)


def claimed_by(who: Principal, status: CaseStatus = CaseStatus.ACCEPTED) -> Case:
    case = make_case(status, HandlingMode.ONLINE)
    return apply(case, Action.CLAIM, who, NOW).case


def test_a_claim_records_who_and_when_and_leaves_the_status() -> None:
    case = claimed_by(A1)
    assert (case.claimed_by, case.claimed_by_name) == ("a1", "孙建华")
    assert case.claimed_at.startswith("2026-11-26T09:00")
    assert case.status is CaseStatus.ACCEPTED


def test_a_colleagues_decision_on_a_claimed_case_is_refused_in_chinese() -> None:
    with pytest.raises(ForbiddenActionError, match="已由孙建华认领"):
        apply(claimed_by(A1), Action.START_REVIEW, A2, NOW)


def test_the_claimer_decides_as_usual() -> None:
    assert apply(claimed_by(A1), Action.START_REVIEW, A1, NOW).case.status is (
        CaseStatus.UNDER_REVIEW
    )


def test_a_colleague_cannot_claim_over_a_claim_nor_release_it() -> None:
    with pytest.raises(InvalidTransitionError, match="已由孙建华认领"):
        apply(claimed_by(A1), Action.CLAIM, A2, NOW)
    with pytest.raises(InvalidTransitionError, match="只有认领人本人"):
        apply(claimed_by(A1), Action.RELEASE_CLAIM, A2, NOW)


def test_after_release_a_colleague_may_decide() -> None:
    released = apply(claimed_by(A1), Action.RELEASE_CLAIM, A1, NOW).case
    assert released.claimed_by == ""
    assert apply(released, Action.START_REVIEW, A2, NOW).case.status is CaseStatus.UNDER_REVIEW


def test_the_head_must_take_over_first_and_then_decides() -> None:
    with pytest.raises(ForbiddenActionError, match="请先接管"):
        apply(claimed_by(A1), Action.START_REVIEW, HEAD, NOW)
    taken = apply(claimed_by(A1), Action.TAKE_OVER_CLAIM, HEAD, NOW).case
    assert (taken.claimed_by, taken.claimed_by_name) == ("head", "高春梅")
    assert apply(taken, Action.START_REVIEW, HEAD, NOW).case.status is CaseStatus.UNDER_REVIEW


def test_only_the_head_takes_over_and_only_a_claim() -> None:
    with pytest.raises(ForbiddenActionError):
        apply(claimed_by(A1), Action.TAKE_OVER_CLAIM, A2, NOW)
    with pytest.raises(InvalidTransitionError, match="尚未被认领"):
        apply(make_case(CaseStatus.ACCEPTED), Action.TAKE_OVER_CLAIM, HEAD, NOW)


def test_the_counter_is_not_held_by_the_home_departments_claim() -> None:
    case = apply(make_case(CaseStatus.SUBMITTED), Action.CLAIM, A1, NOW).case
    clerk = person("w1", Role.WINDOW_STAFF, jurisdiction="640221")
    assert apply(case, Action.ACCEPT, clerk, NOW).case.status is CaseStatus.ACCEPTED


def test_nothing_is_claimed_on_a_closed_case() -> None:
    with pytest.raises(InvalidTransitionError):
        apply(make_case(CaseStatus.DELIVERED), Action.CLAIM, A1, NOW)
