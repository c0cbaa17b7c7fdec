"""The case state machine: every row of the table, every forbidden pair, permissions and the audit chain."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chalicelib.domain.case_events import verify_chain
from chalicelib.domain.cases import Case, apply, open_case
from chalicelib.domain.errors import (
    ForbiddenActionError,
    InvalidTransitionError,
    ValidationFailedError,
)
from chalicelib.domain.modes import HandlingMode
from chalicelib.domain.roles import SYSTEM, Principal, Role
from chalicelib.domain.statuses import Action, CaseStatus
from chalicelib.domain.transfers import Transfer
from chalicelib.domain.transitions import ACTION_ROLES, REASON_REQUIRED, TRANSITIONS, Side, side_for

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=timezone(timedelta(hours=8)))


def staff(role: Role, jurisdiction: str) -> Principal:
    return Principal(
        user_id=f"{role}-{jurisdiction}",
        username="u",
        name="工作人员",
        roles=frozenset({role}),
        jurisdiction=jurisdiction,
    )


def make_case(
    status: CaseStatus = CaseStatus.DRAFT, mode: HandlingMode = HandlingMode.PROXY
) -> Case:
    case = Case(
        case_id="c1",
        case_number="KS640221-20261126-0000017",
        query_code="123456",
        item_code="RS-002",
        item_name="失业登记",
        form_id="unemployment-registration",
        form_version=1,
        mode=mode,
        receiving_code="640221",
        home_code="371621",
        department="RS",
        applicant_user_id="owner",
        applicant_name="张三",
        applicant_id_number="64022119900101001X",
        applicant_phone="13800000001",
        answers={},
        status=CaseStatus.DRAFT,
        version=0,
        created_at=NOW.isoformat(),
        updated_at=NOW.isoformat(),
    )
    step = open_case(case, SYSTEM)
    opened, _ = step.case, step.event
    return replace(opened, status=status)


def ready_for(case: Case, action: Action) -> tuple[Case, dict[str, str]]:
    """Satisfy the guards of the transfer legs so the table row itself is what is tested."""
    posted = Transfer(
        leg="materials",
        method="post",
        sent_at=NOW.isoformat(),
        sent_by="窗口",
        waybill="SF1234567890",
    )
    returned = Transfer(
        leg="result",
        method="system",
        sent_at=NOW.isoformat(),
        sent_by="属地",
        received_at=NOW.isoformat(),
        received_by="系统",
    )
    if action is Action.RELEASE_CLAIM:  # only the claimer releases (actor_for's approver)
        return replace(case, claimed_by=f"{Role.APPROVER}-{case.home_code}"), {}
    if action is Action.TAKE_OVER_CLAIM:  # the head takes over a colleague's claim
        return replace(case, claimed_by="colleague", claimed_by_name="同事"), {}
    if action is Action.SUSPEND:
        return case, {"procedure": "expert_review", "expected_days": "10"}
    if action is Action.CONFIRM_MATERIALS:
        return replace(case, transfers=(posted,)), {}
    if action is Action.REQUEST_REVIEW_SUPPLEMENT:  # the materials asked for are named
        return case, {"materials": "unemployment-proof"}
    if action is Action.CONFIRM_RESULT:
        return replace(
            case,
            transfers=(replace(returned, received_at="", method="post", waybill="EMS12345678"),),
        ), {}
    if action in (Action.DELIVER, Action.COMPLETE):
        return replace(case, transfers=(returned,)), {"method": "window", "receiver": "张三"}
    if action is Action.RECORD_VIDEO_GUIDANCE:
        return case, {"staff_name": "李审批", "held_at": "2026-12-01T10:30", "outcome": "已指导"}
    return case, {}


def actor_for(case: Case, action: Action) -> Principal:
    roles = ACTION_ROLES[action]
    if Role.SYSTEM in roles:
        return SYSTEM
    if Role.SUPERVISOR in roles:
        return staff(Role.SUPERVISOR, "640221")
    role = Role.APPROVER if Role.APPROVER in roles else next(iter(roles - {Role.APPLICANT}))
    side = side_for(case.mode, action)
    return staff(role, case.home_code if side is Side.HOME else case.receiving_code)


@pytest.mark.parametrize(("status", "action"), sorted(TRANSITIONS, key=str))
def test_every_allowed_transition_moves_to_its_target_and_bumps_the_version(
    status: CaseStatus, action: Action
) -> None:
    case, details = ready_for(make_case(status), action)
    step = apply(case, action, actor_for(case, action), NOW, reason="理由", details=details)
    updated, event = step.case, step.event
    assert updated.status is TRANSITIONS[(status, action)]
    assert updated.version == case.version + 1
    assert event.seq == updated.version and event.from_status == status.value


FORBIDDEN = [
    (s, a)
    for s in CaseStatus
    for a in Action
    if (s, a) not in TRANSITIONS and a is not Action.CREATE
]


@pytest.mark.parametrize(("status", "action"), FORBIDDEN)
def test_every_pair_missing_from_the_table_is_rejected_and_changes_nothing(
    status: CaseStatus, action: Action
) -> None:
    case = make_case(status)
    with pytest.raises(InvalidTransitionError) as raised:
        apply(case, action, actor_for(case, action), NOW, reason="理由")
    assert status.label_zh in raised.value.message
    assert case.status is status


def test_terminal_statuses_allow_no_action() -> None:
    for status in CaseStatus:
        if status.is_terminal:
            assert not [a for (s, a) in TRANSITIONS if s is status]


def test_an_applicant_cannot_approve() -> None:
    case = make_case(CaseStatus.ACCEPTED)
    applicant = Principal(
        user_id="owner", username="o", name="张三", roles=frozenset({Role.APPLICANT})
    )
    with pytest.raises(ForbiddenActionError):
        apply(case, Action.APPROVE, applicant, NOW)


def test_the_receiving_counter_cannot_decide_a_proxy_case_its_home_department_owns() -> None:
    case = make_case(CaseStatus.ACCEPTED, HandlingMode.PROXY)
    with pytest.raises(ForbiddenActionError, match="谁办理谁负责"):
        apply(case, Action.APPROVE, staff(Role.APPROVER, "640221"), NOW)
    step = apply(case, Action.APPROVE, staff(Role.APPROVER, "371621"), NOW)
    updated, _ = step.case, step.event
    assert updated.status is CaseStatus.APPROVED


def test_in_joint_remote_handling_the_receiving_centre_completes_the_business() -> None:
    assert side_for(HandlingMode.JOINT_REMOTE, Action.COMPLETE) is Side.RECEIVING
    assert side_for(HandlingMode.JOINT_LOCAL, Action.COMPLETE) is Side.HOME
    case, _ = ready_for(make_case(CaseStatus.APPROVED, HandlingMode.JOINT_REMOTE), Action.COMPLETE)
    with pytest.raises(ForbiddenActionError):
        apply(case, Action.COMPLETE, staff(Role.APPROVER, "371621"), NOW)
    step = apply(case, Action.COMPLETE, staff(Role.WINDOW_STAFF, "640221"), NOW)
    done, _ = step.case, step.event
    assert done.status is CaseStatus.COMPLETED


def test_an_applicant_may_only_touch_their_own_case() -> None:
    case = make_case(CaseStatus.DRAFT, HandlingMode.ONLINE)
    stranger = Principal(
        user_id="stranger", username="s", name="王五", roles=frozenset({Role.APPLICANT})
    )
    with pytest.raises(ForbiddenActionError, match="本人"):
        apply(case, Action.SUBMIT, stranger, NOW)


@pytest.mark.parametrize("action", sorted(REASON_REQUIRED))
def test_refusals_and_similar_steps_require_a_written_reason(action: Action) -> None:
    status = next(s for (s, a) in TRANSITIONS if a is action)
    case = make_case(status)
    with pytest.raises(ValidationFailedError, match="理由"):
        apply(case, action, actor_for(case, action), NOW, reason="  ")


def test_the_audit_chain_detects_a_changed_event() -> None:
    case = make_case(CaseStatus.SUBMITTED)
    events = []
    for action in (Action.ACCEPT, Action.APPROVE, Action.COMPLETE, Action.DELIVER):
        case, details = ready_for(case, action)
        step = apply(case, action, actor_for(case, action), NOW, details=details)
        case, event = step.case, step.event
        events.append(event)
    step = open_case(replace(case, version=0, last_hash=""), SYSTEM)
    assert step.case.version == 1
    assert verify_chain(events) != []  # the chain does not start at 1 without its opening event
    tampered = [*events[:1], replace(events[1], reason="改过的理由"), *events[2:]]
    problems = verify_chain(tampered)
    assert any("被改动" in p for p in problems)


def test_an_untouched_chain_verifies_clean() -> None:
    case = make_case(CaseStatus.DRAFT, HandlingMode.ONLINE)
    case = replace(case, version=0, last_hash="")
    step = open_case(case, SYSTEM)
    case, opening = step.case, step.event
    events = [opening]
    owner = Principal(user_id="owner", username="o", name="张三", roles=frozenset({Role.APPLICANT}))
    step = apply(case, Action.SUBMIT, owner, NOW)
    case, event = step.case, step.event
    events.append(event)
    assert verify_chain(events) == []


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(list(Action)), max_size=30), st.sampled_from(list(HandlingMode)))
def test_random_action_sequences_never_leave_the_defined_statuses(
    actions: list[Action], mode: HandlingMode
) -> None:
    case = make_case(CaseStatus.DRAFT, mode)
    for action in actions:
        actor = (
            actor_for(case, action)
            if Role.APPLICANT not in ACTION_ROLES[action]
            else staff(Role.WINDOW_STAFF, case.receiving_code)
        )
        try:
            step = apply(case, action, actor, NOW, reason="理由")
            case, _ = step.case, step.event
        except (InvalidTransitionError, ForbiddenActionError, ValidationFailedError):
            continue
        assert case.status in set(CaseStatus)
        assert (case.status, action) in {(t, a) for (s, a), t in TRANSITIONS.items()}


def test_an_online_case_has_no_transfer_legs() -> None:
    case = make_case(CaseStatus.ACCEPTED, HandlingMode.ONLINE)
    with pytest.raises(InvalidTransitionError, match="全程网办"):
        apply(case, Action.SEND_MATERIALS, staff(Role.WINDOW_STAFF, case.home_code), NOW)


def test_posted_originals_must_be_signed_for_before_the_home_department_decides() -> None:
    case = make_case(CaseStatus.ACCEPTED, HandlingMode.PROXY)
    window, home = staff(Role.WINDOW_STAFF, "640221"), staff(Role.APPROVER, "371621")
    with pytest.raises(ValidationFailedError, match="运单号"):
        apply(case, Action.SEND_MATERIALS, window, NOW, details={"method": "post"})
    step = apply(
        case,
        Action.SEND_MATERIALS,
        window,
        NOW,
        details={"method": "post", "waybill": "SF1234567890"},
    )
    case, _ = step.case, step.event
    with pytest.raises(InvalidTransitionError, match="尚未签收"):
        apply(case, Action.APPROVE, home, NOW)
    step = apply(case, Action.CONFIRM_MATERIALS, home, NOW)
    case, _ = step.case, step.event
    assert case.transfers[0].received_by == home.name
    step = apply(case, Action.APPROVE, home, NOW)
    case, _ = step.case, step.event
    assert case.status is CaseStatus.APPROVED


def test_the_counter_hands_over_only_a_result_it_has_received_and_records_how() -> None:
    case = make_case(CaseStatus.COMPLETED, HandlingMode.PROXY)
    window, home = staff(Role.WINDOW_STAFF, "640221"), staff(Role.APPROVER, "371621")
    with pytest.raises(InvalidTransitionError, match="尚未送达受理地"):
        apply(case, Action.DELIVER, window, NOW, details={"method": "window", "receiver": "张三"})
    step = apply(
        case, Action.SEND_RESULT, home, NOW, details={"method": "post", "waybill": "EMS98765432"}
    )
    case, _ = step.case, step.event
    step = apply(case, Action.CONFIRM_RESULT, window, NOW)
    case, _ = step.case, step.event
    with pytest.raises(ValidationFailedError, match="领取人"):
        apply(case, Action.DELIVER, window, NOW, details={"method": "window"})
    step = apply(
        case, Action.DELIVER, window, NOW, details={"method": "window", "receiver": "张三"}
    )
    case, event = step.case, step.event
    assert case.status is CaseStatus.DELIVERED and event.details["receiver"] == "张三"


def test_a_departments_approver_decides_only_its_own_items() -> None:
    case = make_case(CaseStatus.ACCEPTED, HandlingMode.PROXY)  # an RS item handled in 371621
    police = Principal(
        user_id="ga",
        username="ga",
        name="公安审批",
        roles=frozenset({Role.APPROVER}),
        jurisdiction="371621",
        department="GA",
    )
    with pytest.raises(ForbiddenActionError, match="所在部门"):
        apply(case, Action.APPROVE, police, NOW)
    labour = replace(police, user_id="rs", department="RS")
    assert apply(case, Action.APPROVE, labour, NOW).case.status is CaseStatus.APPROVED
