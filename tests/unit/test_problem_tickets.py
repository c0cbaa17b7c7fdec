"""问题处理 tickets: categories, 待处理 → 处理中 → 已解决 → 已关闭 (reopen allowed), owners and history."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chalicelib.domain.errors import (
    ForbiddenActionError,
    InvalidTransitionError,
    ValidationFailedError,
)
from chalicelib.domain.feedback.problem_tickets import (
    PROBLEM_NOTE_REQUIRED,
    PROBLEM_TRANSITIONS,
    ProblemAction,
    ProblemCategory,
    ProblemStatus,
    ProblemTicket,
    advance_problem,
    open_problem,
)
from chalicelib.domain.roles import SYSTEM, Principal, Role
from tests.support.feedback_fakes import (
    CHINA,
    HOME_APPROVER,
    HOME_SUPERVISOR,
    HOME_WINDOW,
    PL_SUPERVISOR,
    PL_WINDOW,
    RATER,
    WeekdayCalendar,
    staff,
)

NOW = datetime(2026, 11, 26, 10, 0, tzinfo=CHINA)
SIDES = frozenset({"640221", "371621"})
OUTSIDER = staff(Role.WINDOW_STAFF, "u-far", "140823", "", "远方窗口")


def ticket(**overrides: Any) -> ProblemTicket:
    args: dict[str, Any] = {
        "ticket_id": "WT-1",
        "case_id": "c1",
        "case_number": "KS640221-20261123-c1",
        "case_jurisdictions": SIDES,
        "category": "material_flow",
        "title": "纸质材料未签收",
        "description": "寄出三天仍未签收，请核查",
        "owner_jurisdiction": "371621",
        "owner_department": "RS",
        "reporter": PL_WINDOW,
        "at": NOW,
        "calendar": WeekdayCalendar(),
    }
    args.update(overrides)
    return open_problem(**args)


def test_categories_and_statuses_have_chinese_names() -> None:
    assert [c.label_zh for c in ProblemCategory] == [
        "材料流转异常",
        "系统故障",
        "群众投诉",
        "办理超期",
        "其他",
    ]
    assert [s.label_zh for s in ProblemStatus] == ["待处理", "处理中", "已解决", "已关闭"]


def test_a_new_ticket_is_open_with_its_owner_deadline_and_first_step() -> None:
    t = ticket()
    assert (t.status, t.category, t.owner_jurisdiction, t.owner_department) == (
        ProblemStatus.OPEN,
        ProblemCategory.MATERIAL_FLOW,
        "371621",
        "RS",
    )
    assert t.due_date == "2026-12-03"
    assert t.reporter.user_id == "u-pl-window"
    assert [(s.action, s.to_status) for s in t.steps] == [("open", "open")]


def test_the_deadline_is_one_to_fifteen_working_days() -> None:
    assert ticket(deadline_days=2).due_date == "2026-11-30"
    for wrong in (0, 16, True):
        with pytest.raises(ValidationFailedError, match="处理期限"):
            ticket(deadline_days=wrong)


def test_an_unknown_category_or_empty_title_is_refused() -> None:
    with pytest.raises(ValidationFailedError, match="未知的问题类别"):
        ticket(category="weather")
    with pytest.raises(ValidationFailedError, match="请填写问题标题"):
        ticket(title=" ")
    with pytest.raises(ValidationFailedError, match="问题描述不能超过2000个字"):
        ticket(description="长" * 2001)


def test_only_staff_of_either_side_or_a_supervisor_may_open_a_ticket() -> None:
    with pytest.raises(ForbiddenActionError, match="工作人员或监督人员"):
        ticket(reporter=RATER)
    with pytest.raises(ForbiddenActionError, match="本地区"):
        ticket(reporter=OUTSIDER)
    assert ticket(reporter=staff(Role.SUPERVISOR, "u-s", "140823")).status is ProblemStatus.OPEN


def test_the_owner_must_be_one_of_the_two_sides_of_the_case() -> None:
    with pytest.raises(ValidationFailedError, match="受理地或业务属地"):
        ticket(owner_jurisdiction="140823")


@pytest.mark.parametrize(("status", "action"), sorted(PROBLEM_TRANSITIONS, key=str))
def test_every_row_of_the_table_moves_to_its_target(
    status: ProblemStatus, action: ProblemAction
) -> None:
    t = replace(ticket(), status=status)
    who = PL_WINDOW if action in (ProblemAction.REOPEN, ProblemAction.CLOSE) else HOME_WINDOW
    moved = advance_problem(t, action, who, NOW, note="进展", assignee_user_id="u-hm-approver")
    assert moved.status is PROBLEM_TRANSITIONS[(status, action)]
    assert moved.steps[-1].from_status == status.value and moved.version == t.version + 1


FORBIDDEN = [
    (s, a) for s in ProblemStatus for a in ProblemAction if (s, a) not in PROBLEM_TRANSITIONS
]


@pytest.mark.parametrize(("status", "action"), FORBIDDEN)
def test_every_missing_pair_is_refused_in_chinese(
    status: ProblemStatus, action: ProblemAction
) -> None:
    t = replace(ticket(), status=status)
    with pytest.raises(InvalidTransitionError, match=status.label_zh):
        advance_problem(t, action, HOME_SUPERVISOR, NOW, note="x", assignee_user_id="u")


def test_the_owner_unit_works_the_ticket_and_the_reporter_closes_it() -> None:
    t = ticket()
    t = advance_problem(
        t,
        ProblemAction.ASSIGN,
        HOME_WINDOW,
        NOW,
        assignee_user_id="u-hm-approver",
        assignee_name="李强",
    )
    assert (t.assignee_user_id, t.assignee_name) == ("u-hm-approver", "李强")
    t = advance_problem(t, ProblemAction.START, HOME_APPROVER, NOW)
    t = advance_problem(t, ProblemAction.NOTE, PL_WINDOW, NOW, note="已补寄快递单号")
    t = advance_problem(
        t, ProblemAction.RESOLVE, HOME_APPROVER, NOW + timedelta(days=1), note="已签收"
    )
    assert t.resolved_at.startswith("2026-11-27")
    t = advance_problem(t, ProblemAction.REOPEN, PL_WINDOW, NOW, note="签收的是另一件")
    assert t.status is ProblemStatus.IN_PROGRESS and t.resolved_at == ""
    t = advance_problem(t, ProblemAction.RESOLVE, HOME_APPROVER, NOW, note="已签收正确材料")
    t = advance_problem(t, ProblemAction.CLOSE, PL_WINDOW, NOW)
    assert t.status is ProblemStatus.CLOSED and not t.is_open
    assert [s.action for s in t.steps] == [
        "open",
        "assign",
        "start",
        "note",
        "resolve",
        "reopen",
        "resolve",
        "close",
    ]


def test_starting_an_unassigned_ticket_assigns_it_to_whoever_starts() -> None:
    t = advance_problem(ticket(), ProblemAction.START, HOME_WINDOW, NOW)
    assert (t.assignee_user_id, t.assignee_name) == ("u-hm-window", "惠民窗口赵敏")


def test_staff_outside_the_owner_unit_cannot_work_the_ticket() -> None:
    with pytest.raises(ForbiddenActionError, match="谁办理谁负责"):
        advance_problem(ticket(), ProblemAction.START, PL_WINDOW, NOW)
    with pytest.raises(ForbiddenActionError, match="谁办理谁负责"):
        advance_problem(ticket(), ProblemAction.START, OUTSIDER, NOW)


def test_only_the_reporter_or_a_supervisor_closes_or_reopens() -> None:
    resolved = replace(ticket(), status=ProblemStatus.RESOLVED)
    with pytest.raises(ForbiddenActionError, match="问题登记人或监督人员"):
        advance_problem(resolved, ProblemAction.CLOSE, HOME_WINDOW, NOW)
    for supervisor in (HOME_SUPERVISOR, PL_SUPERVISOR):
        assert advance_problem(resolved, ProblemAction.CLOSE, supervisor, NOW).status is (
            ProblemStatus.CLOSED
        )


def test_applicants_and_the_system_cannot_touch_tickets() -> None:
    for who in (RATER, SYSTEM):
        with pytest.raises(ForbiddenActionError):
            advance_problem(ticket(), ProblemAction.START, who, NOW)


@pytest.mark.parametrize("action", sorted(PROBLEM_NOTE_REQUIRED))
def test_progress_notes_resolutions_and_reopenings_need_a_note(action: ProblemAction) -> None:
    status = next(s for (s, a) in PROBLEM_TRANSITIONS if a is action)
    with pytest.raises(ValidationFailedError, match="请填写处理说明"):
        advance_problem(replace(ticket(), status=status), action, HOME_SUPERVISOR, NOW)


def test_assigning_needs_someone_to_assign_to() -> None:
    with pytest.raises(ValidationFailedError, match="请填写处理人"):
        advance_problem(ticket(), ProblemAction.ASSIGN, HOME_WINDOW, NOW)


def test_an_unresolved_ticket_past_its_deadline_is_overdue() -> None:
    t = ticket()
    assert not t.is_overdue(date(2026, 12, 3)) and t.is_overdue(date(2026, 12, 4))
    late = advance_problem(
        replace(t, status=ProblemStatus.IN_PROGRESS),
        ProblemAction.RESOLVE,
        HOME_WINDOW,
        NOW + timedelta(days=14),
        note="迟到的解决",
    )
    assert late.is_overdue(date(2026, 12, 1))


CAST = [HOME_WINDOW, HOME_APPROVER, HOME_SUPERVISOR, PL_WINDOW, PL_SUPERVISOR, OUTSIDER, RATER]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(list(ProblemAction)),
            st.sampled_from(CAST),
            st.sampled_from(["", "进展"]),
            st.sampled_from(["", "u-hm-approver"]),
        ),
        max_size=30,
    )
)
def test_random_action_sequences_never_reach_an_undefined_state(
    moves: list[tuple[ProblemAction, Principal, str, str]],
) -> None:
    t = ticket()
    for action, who, note, assignee in moves:
        before = t
        try:
            t = advance_problem(t, action, who, NOW, note=note, assignee_user_id=assignee)
        except (InvalidTransitionError, ForbiddenActionError, ValidationFailedError):
            assert t is before
            continue
        assert PROBLEM_TRANSITIONS[(before.status, action)] is t.status
        assert len(t.steps) == len(before.steps) + 1 == t.version
        assert bool(t.resolved_at) == (t.status in (ProblemStatus.RESOLVED, ProblemStatus.CLOSED))


def test_a_ticket_with_a_full_history_can_still_be_resolved_and_closed() -> None:
    t = advance_problem(ticket(), ProblemAction.START, HOME_WINDOW, NOW)
    while len(t.steps) < 100:
        t = advance_problem(t, ProblemAction.NOTE, HOME_WINDOW, NOW, note="进展")
    with pytest.raises(InvalidTransitionError, match="上限"):
        advance_problem(t, ProblemAction.NOTE, HOME_WINDOW, NOW, note="再一条")
    t = advance_problem(t, ProblemAction.RESOLVE, HOME_WINDOW, NOW, note="已解决")
    assert advance_problem(t, ProblemAction.CLOSE, PL_WINDOW, NOW).status is ProblemStatus.CLOSED
