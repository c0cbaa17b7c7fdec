"""The case state machine as data: which action moves which status where, who may do it, and on which side."""

from __future__ import annotations

from enum import StrEnum

from .modes import HandlingMode
from .roles import Role
from .statuses import Action, CaseStatus

S = CaseStatus
A = Action

CLAIM_ACTIONS = (A.CLAIM, A.RELEASE_CLAIM, A.TAKE_OVER_CLAIM)
_OPEN_BEFORE_DECISION = (
    S.SUBMITTED,
    S.PRE_REVIEW,
    S.SUPPLEMENT_REQUESTED,
    S.ACCEPTED,
    S.UNDER_REVIEW,
    S.AWAITING_REVIEW_SUPPLEMENT,
)

TRANSITIONS: dict[tuple[CaseStatus, Action], CaseStatus] = {
    (S.DRAFT, A.ATTACH_MATERIAL): S.DRAFT,
    (S.DRAFT, A.SAVE_ANSWERS): S.DRAFT,
    (S.DRAFT, A.DETACH_MATERIAL): S.DRAFT,
    (S.DRAFT, A.ARRANGE_MATERIALS): S.DRAFT,
    (S.DRAFT, A.SUBMIT): S.SUBMITTED,
    (S.DRAFT, A.WITHDRAW): S.WITHDRAWN,
    (S.SUBMITTED, A.RECEIVE_AT_HOME): S.SUBMITTED,
    (S.SUBMITTED, A.START_PRE_REVIEW): S.PRE_REVIEW,
    (S.SUBMITTED, A.ACCEPT): S.ACCEPTED,
    (S.SUBMITTED, A.REQUEST_SUPPLEMENT): S.SUPPLEMENT_REQUESTED,
    (S.SUBMITTED, A.REFUSE): S.REFUSED,
    (S.PRE_REVIEW, A.ACCEPT): S.ACCEPTED,
    (S.PRE_REVIEW, A.REQUEST_SUPPLEMENT): S.SUPPLEMENT_REQUESTED,
    (S.PRE_REVIEW, A.REFUSE): S.REFUSED,
    (S.SUPPLEMENT_REQUESTED, A.ATTACH_MATERIAL): S.SUPPLEMENT_REQUESTED,
    (S.SUPPLEMENT_REQUESTED, A.DETACH_MATERIAL): S.SUPPLEMENT_REQUESTED,
    (S.SUPPLEMENT_REQUESTED, A.ARRANGE_MATERIALS): S.SUPPLEMENT_REQUESTED,
    (S.SUPPLEMENT_REQUESTED, A.SUPPLEMENT): S.SUBMITTED,
    (S.SUPPLEMENT_REQUESTED, A.EXPIRE_SUPPLEMENT): S.SUPPLEMENT_EXPIRED,
    (S.ACCEPTED, A.START_REVIEW): S.UNDER_REVIEW,
    (S.ACCEPTED, A.APPROVE): S.APPROVED,
    (S.ACCEPTED, A.DENY): S.DENIED,
    (S.ACCEPTED, A.SUSPEND): S.SUSPENDED,
    (S.UNDER_REVIEW, A.APPROVE): S.APPROVED,
    (S.UNDER_REVIEW, A.DENY): S.DENIED,
    (S.UNDER_REVIEW, A.SUSPEND): S.SUSPENDED,
    (S.SUSPENDED, A.RESUME): S.UNDER_REVIEW,
    (S.APPROVED, A.COMPLETE): S.COMPLETED,
    (S.DENIED, A.COMPLETE): S.COMPLETED,
    (S.COMPLETED, A.DELIVER): S.DELIVERED,
    # 已受理待补办: during review the home department asks for a material once more; the review resumes
    # when the receiving side (or, online, the applicant) supplies it. Materials change as in 补正.
    (S.ACCEPTED, A.REQUEST_REVIEW_SUPPLEMENT): S.AWAITING_REVIEW_SUPPLEMENT,
    (S.UNDER_REVIEW, A.REQUEST_REVIEW_SUPPLEMENT): S.AWAITING_REVIEW_SUPPLEMENT,
    (S.AWAITING_REVIEW_SUPPLEMENT, A.ATTACH_MATERIAL): S.AWAITING_REVIEW_SUPPLEMENT,
    (S.AWAITING_REVIEW_SUPPLEMENT, A.DETACH_MATERIAL): S.AWAITING_REVIEW_SUPPLEMENT,
    (S.AWAITING_REVIEW_SUPPLEMENT, A.ARRANGE_MATERIALS): S.AWAITING_REVIEW_SUPPLEMENT,
    (S.AWAITING_REVIEW_SUPPLEMENT, A.SUPPLY_FOR_REVIEW): S.UNDER_REVIEW,
}
# Legs of 异地代收代办 / 多地联办: materials go to the home department, the result comes back (system or post).
for _status in (S.SUBMITTED, S.PRE_REVIEW, S.ACCEPTED, S.UNDER_REVIEW, S.SUSPENDED):
    TRANSITIONS[(_status, A.SEND_MATERIALS)] = _status
    TRANSITIONS[(_status, A.CONFIRM_MATERIALS)] = _status
for _status in (S.APPROVED, S.DENIED, S.COMPLETED):
    TRANSITIONS[(_status, A.SEND_RESULT)] = _status
    TRANSITIONS[(_status, A.CONFIRM_RESULT)] = _status
# 第四十二条: the agency head may extend the decision period once, by ten working days, with reasons
# (also while waiting for a 补办: the legal clock does not stop then).
for _status in (S.ACCEPTED, S.UNDER_REVIEW, S.AWAITING_REVIEW_SUPPLEMENT):
    TRANSITIONS[(_status, A.EXTEND)] = _status
# 认领: a colleague claims an open case, releases it, or the head takes it over; the status stays.
for _status in S:
    if not _status.is_terminal and _status is not S.DRAFT:
        for _claim in CLAIM_ACTIONS:
            TRANSITIONS[(_status, _claim)] = _status
for _status in _OPEN_BEFORE_DECISION:
    TRANSITIONS[(_status, A.WITHDRAW)] = S.WITHDRAWN
# 视频连线指导 (seed §二(二)): a session between the counter and the home department, recorded on the
# case while it is under way; a record only, it moves no status.
for _status in S:
    if not _status.is_terminal and _status is not S.DRAFT:
        TRANSITIONS[(_status, A.RECORD_VIDEO_GUIDANCE)] = _status
for _status in S:
    if not _status.is_terminal and _status is not S.DRAFT:
        TRANSITIONS[(_status, A.VOID)] = S.VOIDED


# Who may perform each action. The applicant acts only on their own case (checked by the service).
ACTION_ROLES: dict[Action, frozenset[Role]] = {
    A.CREATE: frozenset({Role.APPLICANT, Role.WINDOW_STAFF}),
    A.ATTACH_MATERIAL: frozenset({Role.APPLICANT, Role.WINDOW_STAFF}),
    A.SAVE_ANSWERS: frozenset({Role.APPLICANT, Role.WINDOW_STAFF}),
    # Removing a file before submission (or while answering a 补正): whoever may attach may detach.
    A.DETACH_MATERIAL: frozenset({Role.APPLICANT, Role.WINDOW_STAFF}),
    # Reordering and turning pages (the dossier follows): whoever may attach may arrange.
    A.ARRANGE_MATERIALS: frozenset({Role.APPLICANT, Role.WINDOW_STAFF}),
    A.SUBMIT: frozenset({Role.APPLICANT, Role.WINDOW_STAFF}),
    A.SUPPLEMENT: frozenset({Role.APPLICANT, Role.WINDOW_STAFF}),
    A.WITHDRAW: frozenset({Role.APPLICANT, Role.WINDOW_STAFF}),
    A.RECEIVE_AT_HOME: frozenset({Role.SYSTEM}),
    A.EXPIRE_SUPPLEMENT: frozenset({Role.SYSTEM}),
    A.START_PRE_REVIEW: frozenset({Role.WINDOW_STAFF, Role.APPROVER}),
    A.REQUEST_SUPPLEMENT: frozenset({Role.WINDOW_STAFF, Role.APPROVER}),
    A.REFUSE: frozenset({Role.WINDOW_STAFF, Role.APPROVER}),
    A.ACCEPT: frozenset({Role.WINDOW_STAFF, Role.APPROVER, Role.SYSTEM}),
    A.START_REVIEW: frozenset({Role.APPROVER}),
    A.SUSPEND: frozenset({Role.APPROVER}),
    A.RESUME: frozenset({Role.APPROVER}),
    A.APPROVE: frozenset({Role.APPROVER}),
    A.DENY: frozenset({Role.APPROVER}),
    A.COMPLETE: frozenset({Role.APPROVER, Role.WINDOW_STAFF}),
    A.DELIVER: frozenset({Role.WINDOW_STAFF, Role.APPROVER}),
    A.VOID: frozenset({Role.SUPERVISOR}),
    A.SEND_MATERIALS: frozenset({Role.WINDOW_STAFF}),
    A.CONFIRM_MATERIALS: frozenset({Role.WINDOW_STAFF, Role.APPROVER}),
    A.SEND_RESULT: frozenset({Role.WINDOW_STAFF, Role.APPROVER}),
    A.CONFIRM_RESULT: frozenset({Role.WINDOW_STAFF}),
    A.EXTEND: frozenset({Role.DEPARTMENT_HEAD}),
    # Either end of the video session records it: the receiving window or the home approver.
    A.RECORD_VIDEO_GUIDANCE: frozenset({Role.WINDOW_STAFF, Role.APPROVER}),
    # 认领: approvers claim and release their own claim; only the head takes another's over.
    A.CLAIM: frozenset({Role.APPROVER, Role.DEPARTMENT_HEAD}),
    A.RELEASE_CLAIM: frozenset({Role.APPROVER, Role.DEPARTMENT_HEAD}),
    A.TAKE_OVER_CLAIM: frozenset({Role.DEPARTMENT_HEAD}),
    # 已受理待补办: the reviewing approver asks; whoever may attach (the counter, or online the applicant)
    # supplies.
    A.REQUEST_REVIEW_SUPPLEMENT: frozenset({Role.APPROVER}),
    A.SUPPLY_FOR_REVIEW: frozenset({Role.APPLICANT, Role.WINDOW_STAFF}),
}

# Actions that need a written reason (refusals must state reason and remedies; voiding must be justified).
REASON_REQUIRED = frozenset(
    {
        A.REFUSE,
        A.DENY,
        A.REQUEST_SUPPLEMENT,
        A.REQUEST_REVIEW_SUPPLEMENT,
        A.SUSPEND,
        A.VOID,
        A.WITHDRAW,
        A.EXTEND,
    }
)


class Side(StrEnum):
    """Which jurisdiction of a case is responsible for a step (谁办理谁负责)."""

    RECEIVING = "receiving"
    HOME = "home"
    ANY = "any"


_COUNTER_STEPS = (A.START_PRE_REVIEW, A.REQUEST_SUPPLEMENT, A.REFUSE, A.ACCEPT, A.DELIVER)
# The reviewing department asks for a 补办 in every mode (online it asks the applicant directly).
_DECISION_STEPS = (
    A.START_REVIEW,
    A.SUSPEND,
    A.RESUME,
    A.APPROVE,
    A.DENY,
    A.EXTEND,
    A.REQUEST_REVIEW_SUPPLEMENT,
)


def _side_table() -> dict[tuple[HandlingMode, Action], Side]:
    table: dict[tuple[HandlingMode, Action], Side] = {}
    for action in (*_COUNTER_STEPS, *_DECISION_STEPS, A.COMPLETE, A.SUPPLY_FOR_REVIEW):
        table[(HandlingMode.ONLINE, action)] = Side.HOME
    for mode in (HandlingMode.PROXY, HandlingMode.JOINT_LOCAL, HandlingMode.JOINT_REMOTE):
        for action in _COUNTER_STEPS:
            table[(mode, action)] = Side.RECEIVING
        for action in _DECISION_STEPS:
            table[(mode, action)] = Side.HOME
        table[(mode, A.SEND_MATERIALS)] = Side.RECEIVING
        table[(mode, A.CONFIRM_MATERIALS)] = Side.HOME
        table[(mode, A.SEND_RESULT)] = Side.HOME
        table[(mode, A.CONFIRM_RESULT)] = Side.RECEIVING
        # 已受理待补办: the person brings the material to the counter that took the case, which supplies it.
        table[(mode, A.SUPPLY_FOR_REVIEW)] = Side.RECEIVING
    # 异地代收代办 and 异地受理本地办理: the home department completes; 异地受理异地办理: the receiving centre does.
    table[(HandlingMode.PROXY, A.COMPLETE)] = Side.HOME
    table[(HandlingMode.JOINT_LOCAL, A.COMPLETE)] = Side.HOME
    table[(HandlingMode.JOINT_REMOTE, A.COMPLETE)] = Side.RECEIVING
    # 认领 is the home department's own way of sharing work, in every mode.
    for mode in HandlingMode:
        for action in CLAIM_ACTIONS:
            table[(mode, action)] = Side.HOME
    return table


ACTION_SIDE = _side_table()


def side_for(mode: HandlingMode, action: Action) -> Side:
    return ACTION_SIDE.get((mode, action), Side.ANY)


def next_status(status: CaseStatus, action: Action) -> CaseStatus | None:
    return TRANSITIONS.get((status, action))


def allowed_actions(status: CaseStatus) -> tuple[Action, ...]:
    return tuple(a for (s, a) in TRANSITIONS if s is status)
