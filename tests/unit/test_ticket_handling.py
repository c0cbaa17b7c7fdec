"""问题处理 tickets: opened on any case, worked by the owner unit, closed with a history."""

from __future__ import annotations

import pytest

from chalicelib.domain.errors import (
    BadRequestError,
    ConcurrencyError,
    ForbiddenActionError,
    NotFoundError,
)
from chalicelib.domain.feedback.problem_tickets import ProblemStatus
from chalicelib.domain.roles import Role
from chalicelib.services.feedback.case_overview import case_feedback
from chalicelib.services.feedback.ticket_handling import open_ticket, open_tickets, work_ticket
from tests.support.feedback_env import Env
from tests.support.feedback_fakes import (
    HOME_APPROVER,
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
    ports = env.ticket_ports("0001")
    ticket = open_ticket(
        ports,
        PL_WINDOW,
        "c1",
        category="material_flow",
        title="纸质材料寄出未签收",
        description="EMS 单号 1234567890，已超过三个工作日",
        owner_jurisdiction="371621",
    )
    assert ticket.ticket_id == "WT-0001" and ticket.owner_department == "RS"
    assert ticket.due_date == "2026-12-04"
    assert [t.ticket_id for t in open_tickets(ports, HOME_WINDOW, "371621")] == ["WT-0001"]
    work_ticket(ports, HOME_WINDOW, "WT-0001", "start")
    work_ticket(ports, HOME_WINDOW, "WT-0001", "resolve", note="已签收")
    closed = work_ticket(ports, PL_WINDOW, "WT-0001", "close")
    assert closed.status is ProblemStatus.CLOSED
    assert open_tickets(ports, HOME_WINDOW, "371621") == []
    view = case_feedback(env.overview_ports(), PL_WINDOW, "c1")
    assert view["problems"][0]["status_label"] == "已关闭"
    assert case_feedback(env.overview_ports(), RATER, "c1")["problems"] == []


def test_a_problem_ticket_defaults_to_the_openers_side_of_the_case(env: Env) -> None:
    env.case()
    ports = env.ticket_ports("0001", "0002")
    mine = open_ticket(
        ports,
        HOME_APPROVER,
        "c1",
        category="system_failure",
        title="系统推送失败",
        description="推送超时",
    )
    assert (mine.owner_jurisdiction, mine.owner_department) == ("371621", "RS")
    theirs = open_ticket(
        ports,
        staff(Role.SUPERVISOR, "u-pl-supervisor", "640221"),  # the receiving side's supervisor
        "c1",
        category="complaint",
        title="投诉",
        description="态度差",
    )
    assert theirs.owner_jurisdiction == "640221"
    assert len(env.repo.problems_for_case("c1")) == 2
    # A supervisor of no jurisdiction cannot open problems on anyone's case (issue 9, hole 2).
    with pytest.raises(NotFoundError):
        open_ticket(
            ports,
            staff(Role.SUPERVISOR, "u-n", ""),
            "c1",
            category="complaint",
            title="投诉",
            description="态度差",
        )


def test_problem_actions_reject_unknown_names_and_stale_versions(env: Env) -> None:
    env.case()
    ports = env.ticket_ports()
    ticket = open_ticket(
        ports, HOME_APPROVER, "c1", category="other", title="其他问题", description="说明"
    )
    with pytest.raises(BadRequestError, match="未知的问题处理操作"):
        work_ticket(ports, HOME_WINDOW, ticket.ticket_id, "explode")
    work_ticket(ports, HOME_WINDOW, ticket.ticket_id, "start")
    with pytest.raises(ConcurrencyError):
        work_ticket(ports, HOME_WINDOW, ticket.ticket_id, "note", note="x", expected_version=1)
    with pytest.raises(ForbiddenActionError):
        open_ticket(ports, RATER, "c1", category="complaint", title="投诉", description="态度差")
