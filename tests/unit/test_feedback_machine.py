"""The feedback state machine helper: one table answers where an action leads, who may take it, what is recorded."""

from __future__ import annotations

from datetime import datetime

import pytest

from chalicelib.domain.errors import (
    ForbiddenActionError,
    InvalidTransitionError,
    ValidationFailedError,
)
from chalicelib.domain.feedback.problem_tickets import PROBLEM_MACHINE, ProblemAction, ProblemStatus
from chalicelib.domain.feedback.rectifications import (
    RECTIFICATION_MACHINE,
    RectAction,
    RectStatus,
)
from tests.support.feedback_fakes import CHINA, HOME_SUPERVISOR, HOME_WINDOW, RATER

AT = datetime(2026, 11, 30, 9, 30, tzinfo=CHINA)


def test_rectifications_and_problem_tickets_both_run_on_the_one_helper() -> None:
    assert (
        RECTIFICATION_MACHINE.target(RectStatus.VERIFYING, RectAction.EXPLAIN)
        is RectStatus.EXPLAINED
    )
    assert (
        PROBLEM_MACHINE.target(ProblemStatus.OPEN, ProblemAction.START) is ProblemStatus.IN_PROGRESS
    )
    assert set(RECTIFICATION_MACHINE.allowed(RectStatus.REVISITED)) == {
        RectAction.REOPEN,
        RectAction.CLOSE,
    }


def test_an_action_outside_the_table_is_refused_naming_the_item_status_and_action() -> None:
    with pytest.raises(
        InvalidTransitionError, match="整改单当前状态为“已关闭”，不能执行“回访核实”"
    ):
        RECTIFICATION_MACHINE.target(RectStatus.CLOSED, RectAction.VERIFY)
    with pytest.raises(InvalidTransitionError, match="问题当前状态为“已关闭”"):
        PROBLEM_MACHINE.target(ProblemStatus.CLOSED, ProblemAction.NOTE)


def test_the_role_check_names_who_may_act_or_says_what_the_item_asks() -> None:
    RECTIFICATION_MACHINE.check_role(HOME_SUPERVISOR, RectAction.CLOSE)
    with pytest.raises(ForbiddenActionError, match="“关闭”只能由监督人员办理"):
        RECTIFICATION_MACHINE.check_role(HOME_WINDOW, RectAction.CLOSE)
    with pytest.raises(ForbiddenActionError, match="只有工作人员或监督人员"):
        PROBLEM_MACHINE.check_role(RATER, ProblemAction.NOTE, "只有工作人员或监督人员可以处理问题")


def test_a_step_records_who_when_from_where_to_and_why_numbered_after_the_history() -> None:
    note = RECTIFICATION_MACHINE.note(RectAction.EXPLAIN, "  依法须本人到场 ")
    step = RECTIFICATION_MACHINE.step(
        (), RectStatus.VERIFYING, RectAction.EXPLAIN, RectStatus.EXPLAINED, HOME_WINDOW, AT, note
    )
    assert (step.seq, step.action, step.from_status, step.to_status) == (
        1,
        "explain",
        "verifying",
        "explained",
    )
    assert (step.at, step.note, step.actor.user_id) == (
        "2026-11-30T09:30:00+08:00",
        "依法须本人到场",
        "u-hm-window",
    )
    with pytest.raises(ValidationFailedError, match="请填写说明"):
        RECTIFICATION_MACHINE.note(RectAction.EXPLAIN, " ")
    assert RECTIFICATION_MACHINE.note(RectAction.VERIFY, "") == ""
