"""差评整改 as a transition table: every row, every forbidden pair, who may act, deadlines and the history."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chalicelib.domain.cases import Actor
from chalicelib.domain.errors import (
    ForbiddenActionError,
    InvalidTransitionError,
    ValidationFailedError,
)
from chalicelib.domain.feedback.evaluations import RatedUnit
from chalicelib.domain.feedback.rectifications import (
    NOTE_REQUIRED,
    RECT_ACTION_ROLES,
    RECT_TRANSITIONS,
    RectAction,
    Rectification,
    RectStatus,
    RevisitResult,
    advance,
    allowed_rect_actions,
    open_rectification,
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

OPENED = datetime(2026, 11, 26, 10, 0, tzinfo=CHINA)  # Thursday
OWNER = RatedUnit("371621", "RS", "371621-ZX", "u-hm-approver", "惠民审批李强")
NATIONAL_SUPERVISOR = staff(Role.SUPERVISOR, "u-national", "", "", "省级督查")


def new_rect(days: int = 5) -> Rectification:
    return open_rectification(
        rectification_id="ZG-c1",
        evaluation_id="EV-c1",
        case_id="c1",
        case_number="KS640221-20261123-c1",
        owner=OWNER,
        real_name=True,
        at=OPENED,
        calendar=WeekdayCalendar(),
        deadline_days=days,
        opened_by=Actor.of(SYSTEM),
    )


def at_status(status: RectStatus) -> Rectification:
    return replace(new_rect(), status=status)


def actor_for(action: RectAction) -> Principal:
    return (
        HOME_SUPERVISOR
        if Role.SUPERVISOR in RECT_ACTION_ROLES[action]
        and not (RECT_ACTION_ROLES[action] & {Role.WINDOW_STAFF, Role.APPROVER})
        else HOME_WINDOW
    )


def result_for(action: RectAction) -> RevisitResult | None:
    return RevisitResult.SATISFIED if action is RectAction.REVISIT else None


def test_a_new_rectification_waits_for_verification_with_a_five_working_day_deadline() -> None:
    rect = new_rect()
    assert rect.status is RectStatus.PENDING_VERIFICATION
    assert rect.status.label_zh == "待核实"
    assert rect.due_date == "2026-12-03"  # Thu + 5 working days skips the weekend
    assert rect.deadline_days == 5 and rect.version == 1
    assert [s.action for s in rect.steps] == ["open"]
    assert rect.steps[0].actor.name == "系统"


def test_the_deadline_is_configurable_but_never_beyond_fifteen_working_days() -> None:
    assert new_rect(15).due_date == "2026-12-17"
    assert new_rect(1).due_date == "2026-11-27"
    for wrong in (0, 16, -3):
        with pytest.raises(ValidationFailedError, match="1至15个工作日"):
            new_rect(wrong)


def test_the_due_date_uses_the_calendar_it_is_given() -> None:
    calendar = WeekdayCalendar(holidays=frozenset({date(2026, 11, 27)}))
    rect = open_rectification(
        rectification_id="r",
        evaluation_id="e",
        case_id="c",
        case_number="n",
        owner=OWNER,
        real_name=False,
        at=OPENED,
        calendar=calendar,
        opened_by=Actor.of(SYSTEM),
    )
    assert rect.due_date == "2026-12-04"


@pytest.mark.parametrize(("status", "action"), sorted(RECT_TRANSITIONS, key=str))
def test_every_row_of_the_table_moves_to_its_target_and_records_a_step(
    status: RectStatus, action: RectAction
) -> None:
    rect = at_status(status)
    moved = advance(
        rect, action, actor_for(action), OPENED, note="说明", revisit_result=result_for(action)
    )
    assert moved.status is RECT_TRANSITIONS[(status, action)]
    assert moved.version == rect.version + 1
    step = moved.steps[-1]
    assert (step.seq, step.action, step.from_status, step.to_status) == (
        len(rect.steps) + 1,
        action.value,
        status.value,
        moved.status.value,
    )
    assert step.note == "说明" and step.at == OPENED.isoformat(timespec="seconds")
    assert moved.steps[: len(rect.steps)] == rect.steps  # append-only


FORBIDDEN = [(s, a) for s in RectStatus for a in RectAction if (s, a) not in RECT_TRANSITIONS]


@pytest.mark.parametrize(("status", "action"), FORBIDDEN)
def test_every_pair_missing_from_the_table_is_refused_in_chinese(
    status: RectStatus, action: RectAction
) -> None:
    rect = at_status(status)
    with pytest.raises(InvalidTransitionError) as raised:
        advance(
            rect, action, actor_for(action), OPENED, note="说明", revisit_result=result_for(action)
        )
    assert status.label_zh in raised.value.message and action.label_zh in raised.value.message


def test_a_closed_rectification_allows_nothing() -> None:
    assert allowed_rect_actions(RectStatus.CLOSED) == ()


def test_the_main_path_verify_rectify_complete_revisit_close() -> None:
    rect = new_rect()
    rect = advance(rect, RectAction.VERIFY, HOME_WINDOW, OPENED, note="已电话联系评价人")
    rect = advance(rect, RectAction.RECTIFY, HOME_APPROVER, OPENED, note="列入整改台账")
    rect = advance(rect, RectAction.COMPLETE, HOME_APPROVER, OPENED, note="简化了材料清单")
    assert rect.resolved_at == OPENED.isoformat(timespec="seconds") and rect.was_rectified
    rect = advance(
        rect, RectAction.REVISIT, HOME_WINDOW, OPENED, revisit_result=RevisitResult.BASIC
    )
    assert rect.revisit_result is RevisitResult.BASIC and rect.revisit_result.label_zh == "基本满意"
    rect = advance(rect, RectAction.CLOSE, HOME_SUPERVISOR, OPENED)
    assert rect.status is RectStatus.CLOSED and not rect.is_open
    assert [s.actor.user_id for s in rect.steps] == [
        "system",
        "u-hm-window",
        "u-hm-approver",
        "u-hm-approver",
        "u-hm-window",
        "u-hm-supervisor",
    ]


def test_a_clear_problem_is_fixed_at_once_without_a_rectification_period() -> None:
    rect = at_status(RectStatus.VERIFYING)
    assert advance(rect, RectAction.COMPLETE, HOME_WINDOW, OPENED, note="当场更正").status is (
        RectStatus.RECTIFIED
    )


def test_an_upheld_appeal_means_the_rating_is_not_counted() -> None:
    rect = at_status(RectStatus.VERIFYING)
    rect = advance(rect, RectAction.APPEAL, HOME_APPROVER, OPENED, note="评价人误评了其他部门")
    rect = advance(rect, RectAction.UPHOLD_APPEAL, HOME_SUPERVISOR, OPENED, note="经核实属误评")
    assert rect.status is RectStatus.APPEAL_UPHELD and not rect.rating_counted
    assert rect.steps[-1].details == {"rating_counted": "false"}
    closed = advance(rect, RectAction.CLOSE, HOME_SUPERVISOR, OPENED)
    assert closed.status is RectStatus.CLOSED and not closed.rating_counted


def test_a_rejected_appeal_goes_back_to_rectifying_and_cannot_be_appealed_again() -> None:
    rect = at_status(RectStatus.APPEALED)
    rect = advance(rect, RectAction.REJECT_APPEAL, HOME_SUPERVISOR, OPENED, note="评价属实")
    assert rect.rating_counted and rect.status.label_zh == "申诉驳回"
    rect = advance(rect, RectAction.RECTIFY, HOME_WINDOW, OPENED)
    assert rect.status is RectStatus.RECTIFYING
    with pytest.raises(InvalidTransitionError):
        advance(rect, RectAction.APPEAL, HOME_WINDOW, OPENED, note="再申诉")


def test_staff_cannot_decide_their_own_appeal_and_supervisors_do_not_appeal() -> None:
    appealed = at_status(RectStatus.APPEALED)
    with pytest.raises(ForbiddenActionError, match="监督人员"):
        advance(appealed, RectAction.UPHOLD_APPEAL, HOME_APPROVER, OPENED, note="成立")
    with pytest.raises(ForbiddenActionError):
        advance(
            at_status(RectStatus.VERIFYING), RectAction.APPEAL, HOME_SUPERVISOR, OPENED, note="x"
        )


def test_the_rater_cannot_work_the_rectification() -> None:
    with pytest.raises(ForbiddenActionError):
        advance(new_rect(), RectAction.VERIFY, RATER, OPENED)


def test_only_the_responsible_jurisdiction_works_its_rectification() -> None:
    with pytest.raises(ForbiddenActionError, match="谁办理谁负责"):
        advance(new_rect(), RectAction.VERIFY, PL_WINDOW, OPENED)
    with pytest.raises(ForbiddenActionError, match="谁办理谁负责"):
        advance(
            at_status(RectStatus.APPEALED),
            RectAction.UPHOLD_APPEAL,
            PL_SUPERVISOR,
            OPENED,
            note="x",
        )
    upheld = advance(
        at_status(RectStatus.APPEALED),
        RectAction.UPHOLD_APPEAL,
        NATIONAL_SUPERVISOR,
        OPENED,
        note="x",
    )
    assert upheld.status is RectStatus.APPEAL_UPHELD


@pytest.mark.parametrize("action", sorted(NOTE_REQUIRED))
def test_fixes_explanations_appeals_and_decisions_need_a_written_note(action: RectAction) -> None:
    status = next(s for (s, a) in RECT_TRANSITIONS if a is action)
    with pytest.raises(ValidationFailedError, match="请填写说明"):
        advance(at_status(status), action, actor_for(action), OPENED, note="  ")


def test_a_revisit_must_record_the_raters_view_of_the_fix() -> None:
    rect = at_status(RectStatus.RECTIFIED)
    with pytest.raises(ValidationFailedError, match="回访结果"):
        advance(rect, RectAction.REVISIT, HOME_WINDOW, OPENED)
    with pytest.raises(ValidationFailedError, match="只有回访时"):
        advance(
            at_status(RectStatus.PENDING_VERIFICATION),
            RectAction.VERIFY,
            HOME_WINDOW,
            OPENED,
            revisit_result=RevisitResult.SATISFIED,
        )
    assert [r.label_zh for r in RevisitResult] == ["满意", "基本满意", "不满意"]


def test_a_dissatisfied_rater_may_have_the_fix_reopened_or_the_closing_must_be_justified() -> None:
    rect = advance(
        at_status(RectStatus.RECTIFIED),
        RectAction.REVISIT,
        HOME_WINDOW,
        OPENED,
        revisit_result=RevisitResult.DISSATISFIED,
    )
    with pytest.raises(ValidationFailedError, match="回访不满意"):
        advance(rect, RectAction.CLOSE, HOME_SUPERVISOR, OPENED)
    reopened = advance(rect, RectAction.REOPEN, HOME_SUPERVISOR, OPENED, note="整改不到位")
    assert reopened.status is RectStatus.RECTIFYING
    assert reopened.revisit_result is None and reopened.resolved_at == ""
    closed = advance(
        rect, RectAction.CLOSE, HOME_SUPERVISOR, OPENED, note="诉求超出法定范围，已解释"
    )
    assert closed.status is RectStatus.CLOSED


def test_overdue_means_unresolved_past_the_due_date_or_resolved_after_it() -> None:
    rect = new_rect()  # due 2026-12-03
    assert not rect.is_overdue(date(2026, 12, 3))
    assert rect.is_overdue(date(2026, 12, 4))
    late = OPENED + timedelta(days=10)
    fixed_late = advance(
        at_status(RectStatus.RECTIFYING), RectAction.COMPLETE, HOME_WINDOW, late, note="已整改"
    )
    assert fixed_late.is_overdue(date(2026, 12, 1))
    fixed_on_time = advance(
        at_status(RectStatus.VERIFYING), RectAction.EXPLAIN, HOME_WINDOW, OPENED, note="依法解释"
    )
    assert not fixed_on_time.is_overdue(date(2027, 1, 1))


CAST = [HOME_WINDOW, HOME_APPROVER, HOME_SUPERVISOR, PL_WINDOW, PL_SUPERVISOR, RATER, SYSTEM]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(list(RectAction)),
            st.sampled_from(CAST),
            st.sampled_from(["", "说明"]),
            st.sampled_from([None, *RevisitResult]),
        ),
        max_size=30,
    )
)
def test_random_action_sequences_never_reach_an_undefined_state(
    moves: list[tuple[RectAction, Principal, str, RevisitResult | None]],
) -> None:
    rect = new_rect()
    reachable = {RectStatus.PENDING_VERIFICATION, *RECT_TRANSITIONS.values()}
    for action, who, note, result in moves:
        before = rect
        try:
            rect = advance(rect, action, who, OPENED, note=note, revisit_result=result)
        except (InvalidTransitionError, ForbiddenActionError, ValidationFailedError):
            assert rect is before
            continue
        assert RECT_TRANSITIONS[(before.status, action)] is rect.status
        assert rect.status in reachable
        assert len(rect.steps) == len(before.steps) + 1 == rect.version
        assert rect.rating_counted == all(s.action != "uphold_appeal" for s in rect.steps)


def test_reopening_is_limited_so_a_rectification_cannot_loop_forever() -> None:
    rect = at_status(RectStatus.REVISITED)
    for _ in range(10):
        rect = advance(rect, RectAction.REOPEN, HOME_SUPERVISOR, OPENED, note="仍不满意")
        rect = advance(rect, RectAction.COMPLETE, HOME_WINDOW, OPENED, note="再次整改")
        rect = advance(
            rect, RectAction.REVISIT, HOME_WINDOW, OPENED, revisit_result=RevisitResult.DISSATISFIED
        )
    with pytest.raises(InvalidTransitionError, match="10次上限"):
        advance(rect, RectAction.REOPEN, HOME_SUPERVISOR, OPENED, note="再来")
    closed = advance(rect, RectAction.CLOSE, HOME_SUPERVISOR, OPENED, note="已尽力，报请上级")
    assert closed.status is RectStatus.CLOSED
