"""视频连线指导: a record on the case that moves no status, sends nothing, and only the two offices may keep."""

from __future__ import annotations

import pytest

from chalicelib.domain.cases import apply
from chalicelib.domain.errors import (
    ForbiddenActionError,
    InvalidTransitionError,
    ValidationFailedError,
)
from chalicelib.domain.modes import HandlingMode
from chalicelib.domain.reactions import reaction_for
from chalicelib.domain.roles import Principal, Role
from chalicelib.domain.statuses import Action, CaseStatus
from chalicelib.domain.transitions import TRANSITIONS
from tests.unit.test_case_state_machine import NOW, make_case, staff

GUIDE = Action.RECORD_VIDEO_GUIDANCE
SESSION = {
    "staff_name": "  李 审批 ",
    "held_at": "2026-12-01T10:30",
    "outcome": "属地确认材料齐全，指导窗口核验原件",
    "reference": "会议号 888-123",
    "extra": "dropped",
}


def test_every_status_it_is_allowed_in_stays_as_it_was() -> None:
    rows = {s: t for (s, a), t in TRANSITIONS.items() if a is GUIDE}
    assert rows and all(s is t for s, t in rows.items())
    assert CaseStatus.DRAFT not in rows
    assert not any(s.is_terminal for s in rows)


@pytest.mark.parametrize("mode", list(HandlingMode))
def test_it_sends_no_notice_and_issues_no_document(mode: HandlingMode) -> None:
    row = reaction_for(mode, GUIDE)
    assert (row.notice, row.document, row.route) == ("", "", False)


def test_the_receiving_window_records_who_when_outcome_and_reference_in_the_event() -> None:
    case = make_case(CaseStatus.ACCEPTED)
    step = apply(case, GUIDE, staff(Role.WINDOW_STAFF, "640221"), NOW, details=SESSION)
    assert step.case.status is CaseStatus.ACCEPTED and step.messages == ()
    assert step.event.action == "record_video_guidance"
    assert step.event.details == {
        "staff_name": "李 审批",
        "held_at": "2026-12-01T10:30",
        "outcome": "属地确认材料齐全，指导窗口核验原件",
        "reference": "会议号 888-123",
    }


def test_the_home_approver_may_record_it_too() -> None:
    case = make_case(CaseStatus.UNDER_REVIEW)
    step = apply(case, GUIDE, staff(Role.APPROVER, "371621"), NOW, details=SESSION)
    assert step.event.actor.role == Role.APPROVER.value


def test_an_applicant_or_a_third_place_cannot_record_one() -> None:
    case = make_case(CaseStatus.ACCEPTED)
    owner = Principal(user_id="owner", username="a", name="张三", roles=frozenset({Role.APPLICANT}))
    with pytest.raises(ForbiddenActionError):
        apply(case, GUIDE, owner, NOW, details=SESSION)
    with pytest.raises(ForbiddenActionError):
        apply(case, GUIDE, staff(Role.WINDOW_STAFF, "140823"), NOW, details=SESSION)


@pytest.mark.parametrize(
    ("missing", "message"),
    [("staff_name", "工作人员姓名"), ("held_at", "时间"), ("outcome", "结果")],
)
def test_a_record_without_who_when_or_outcome_is_refused(missing: str, message: str) -> None:
    case = make_case(CaseStatus.ACCEPTED)
    with pytest.raises(ValidationFailedError, match=message):
        apply(
            case, GUIDE, staff(Role.WINDOW_STAFF, "640221"), NOW, details={**SESSION, missing: ""}
        )


def test_an_online_case_has_no_counter_to_guide() -> None:
    case = make_case(CaseStatus.ACCEPTED, mode=HandlingMode.ONLINE)
    with pytest.raises(InvalidTransitionError):
        apply(case, GUIDE, staff(Role.APPROVER, "371621"), NOW, details=SESSION)
