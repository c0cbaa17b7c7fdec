"""问题处理 tickets: opened on any case, worked by the owner unit, closed with a history."""

from __future__ import annotations

import pytest

from chalicelib.domain.errors import (
    BadRequestError,
    ConcurrencyError,
    ForbiddenActionError,
)
from chalicelib.domain.problems import ProblemStatus
from chalicelib.domain.roles import Role
from chalicelib.services import feedback
from tests.support.feedback_env import CALENDAR, NOW, Env
from tests.support.feedback_fakes import (
    HOME_WINDOW,
    PL_WINDOW,
    RATER,
    staff,
)


@pytest.fixture
def env() -> Env:
    return Env()


def test_staff_open_a_problem_ticket_that_the_owner_unit_resolves(env: Env) -> None:
    env.case()
    ticket = feedback.open_problem(
        env.repo,
        env.cases,
        PL_WINDOW,
        "c1",
        "material_flow",
        "纸质材料寄出未签收",
        "EMS 单号 1234567890，已超过三个工作日",
        NOW,
        CALENDAR,
        owner_jurisdiction="371621",
        new_id=lambda: "0001",
    )
    assert ticket.ticket_id == "WT-0001" and ticket.owner_department == "RS"
    assert ticket.due_date == "2026-12-04"
    assert [t.ticket_id for t in feedback.open_problems(env.repo, HOME_WINDOW, "371621")] == [
        "WT-0001"
    ]
    feedback.advance_problem(env.repo, HOME_WINDOW, "WT-0001", "start", NOW)
    feedback.advance_problem(env.repo, HOME_WINDOW, "WT-0001", "resolve", NOW, note="已签收")
    closed = feedback.advance_problem(env.repo, PL_WINDOW, "WT-0001", "close", NOW)
    assert closed.status is ProblemStatus.CLOSED
    assert feedback.open_problems(env.repo, HOME_WINDOW, "371621") == []
    view = feedback.case_feedback(env.repo, env.cases, PL_WINDOW, "c1")
    assert view["problems"][0]["status_label"] == "已关闭"
    assert feedback.case_feedback(env.repo, env.cases, RATER, "c1")["problems"] == []


def test_a_problem_ticket_defaults_to_the_openers_side_of_the_case(env: Env) -> None:
    env.case()
    mine = feedback.open_problem(
        env.repo,
        env.cases,
        HOME_WINDOW,
        "c1",
        "system_failure",
        "系统推送失败",
        "推送超时",
        NOW,
        CALENDAR,
    )
    assert (mine.owner_jurisdiction, mine.owner_department) == ("371621", "RS")
    theirs = feedback.open_problem(
        env.repo,
        env.cases,
        staff(Role.SUPERVISOR, "u-n", ""),
        "c1",
        "complaint",
        "投诉",
        "态度差",
        NOW,
        CALENDAR,
    )
    assert theirs.owner_jurisdiction == "371621"
    assert len(env.repo.problems_for_case("c1")) == 2


def test_problem_actions_reject_unknown_names_and_stale_versions(env: Env) -> None:
    env.case()
    ticket = feedback.open_problem(
        env.repo, env.cases, HOME_WINDOW, "c1", "other", "其他问题", "说明", NOW, CALENDAR
    )
    with pytest.raises(BadRequestError, match="未知的问题处理操作"):
        feedback.advance_problem(env.repo, HOME_WINDOW, ticket.ticket_id, "explode", NOW)
    feedback.advance_problem(env.repo, HOME_WINDOW, ticket.ticket_id, "start", NOW)
    with pytest.raises(ConcurrencyError):
        feedback.advance_problem(
            env.repo, HOME_WINDOW, ticket.ticket_id, "note", NOW, note="x", expected_version=1
        )
    with pytest.raises(ForbiddenActionError):
        feedback.open_problem(
            env.repo, env.cases, RATER, "c1", "complaint", "投诉", "态度差", NOW, CALENDAR
        )
