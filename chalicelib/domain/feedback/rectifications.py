"""差评整改: the case a bad rating opens, as a transition table, owned by the rated unit.

待核实 → 核实中 → {整改中 → 已整改 | 立行立改 → 已整改 | 解释说明 | 申诉复核 → {申诉成立 | 申诉驳回 → 整改中}}
→ 已回访 (the rater scores the fix) → 已关闭. Every step records who, when and why.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum

from chalicelib.domain.cases import Actor
from chalicelib.domain.errors import (
    ForbiddenActionError,
    InvalidTransitionError,
    ValidationFailedError,
)
from chalicelib.domain.roles import Principal, Role

from .due_dates import MAX_WORKING_DAYS, WorkingDays, check_working_days
from .evaluations import RatedUnit
from .machine import Machine, Step, opening_step

DEFAULT_DEADLINE_WORKING_DAYS = 5  # 银川 (Ningxia) practice for complex problems
MAX_DEADLINE_WORKING_DAYS = MAX_WORKING_DAYS
NOTE_MAX_CHARS = 1000
MAX_REOPENS = 10  # the only loop of the table; keeps one stored item well under 400 KB


class RectStatus(StrEnum):
    PENDING_VERIFICATION = "pending_verification"
    VERIFYING = "verifying"
    RECTIFYING = "rectifying"
    RECTIFIED = "rectified"
    EXPLAINED = "explained"
    APPEALED = "appealed"
    APPEAL_UPHELD = "appeal_upheld"
    APPEAL_REJECTED = "appeal_rejected"
    REVISITED = "revisited"
    CLOSED = "closed"

    @property
    def label_zh(self) -> str:
        return RECT_STATUS_LABELS[self]


RECT_STATUS_LABELS: dict[RectStatus, str] = {
    RectStatus.PENDING_VERIFICATION: "待核实",
    RectStatus.VERIFYING: "核实中",
    RectStatus.RECTIFYING: "整改中",
    RectStatus.RECTIFIED: "已整改",
    RectStatus.EXPLAINED: "解释说明",
    RectStatus.APPEALED: "申诉复核",
    RectStatus.APPEAL_UPHELD: "申诉成立",
    RectStatus.APPEAL_REJECTED: "申诉驳回",
    RectStatus.REVISITED: "已回访",
    RectStatus.CLOSED: "已关闭",
}


class RectAction(StrEnum):
    VERIFY = "verify"
    RECTIFY = "rectify"
    COMPLETE = "complete"
    EXPLAIN = "explain"
    APPEAL = "appeal"
    UPHOLD_APPEAL = "uphold_appeal"
    REJECT_APPEAL = "reject_appeal"
    REVISIT = "revisit"
    REOPEN = "reopen"
    CLOSE = "close"

    @property
    def label_zh(self) -> str:
        return RECT_ACTION_LABELS[self]


RECT_ACTION_LABELS: dict[RectAction, str] = {
    RectAction.VERIFY: "回访核实",
    RectAction.RECTIFY: "限期整改",
    RectAction.COMPLETE: "整改完成",
    RectAction.EXPLAIN: "解释说明",
    RectAction.APPEAL: "申诉复核",
    RectAction.UPHOLD_APPEAL: "申诉成立",
    RectAction.REJECT_APPEAL: "驳回申诉",
    RectAction.REVISIT: "整改回访",
    RectAction.REOPEN: "重新整改",
    RectAction.CLOSE: "关闭",
}


class RevisitResult(StrEnum):
    """The rater's view of the fix."""

    SATISFIED = "satisfied"
    BASIC = "basically_satisfied"
    DISSATISFIED = "dissatisfied"

    @property
    def label_zh(self) -> str:
        return {
            RevisitResult.SATISFIED: "满意",
            RevisitResult.BASIC: "基本满意",
            RevisitResult.DISSATISFIED: "不满意",
        }[self]


R = RectStatus
RA = RectAction

RECT_TRANSITIONS: dict[tuple[RectStatus, RectAction], RectStatus] = {
    (R.PENDING_VERIFICATION, RA.VERIFY): R.VERIFYING,
    (R.VERIFYING, RA.RECTIFY): R.RECTIFYING,
    (R.VERIFYING, RA.COMPLETE): R.RECTIFIED,  # 立行立改: clear and simple, fixed at once
    (R.VERIFYING, RA.EXPLAIN): R.EXPLAINED,
    (R.VERIFYING, RA.APPEAL): R.APPEALED,
    (R.RECTIFYING, RA.COMPLETE): R.RECTIFIED,
    (R.APPEALED, RA.UPHOLD_APPEAL): R.APPEAL_UPHELD,
    (R.APPEALED, RA.REJECT_APPEAL): R.APPEAL_REJECTED,
    (R.APPEAL_REJECTED, RA.RECTIFY): R.RECTIFYING,
    (R.RECTIFIED, RA.REVISIT): R.REVISITED,
    (R.EXPLAINED, RA.REVISIT): R.REVISITED,
    (R.REVISITED, RA.REOPEN): R.RECTIFYING,
    (R.REVISITED, RA.CLOSE): R.CLOSED,
    (R.APPEAL_UPHELD, RA.CLOSE): R.CLOSED,
}

_STAFF = frozenset({Role.WINDOW_STAFF, Role.APPROVER})
_SUPERVISOR = frozenset({Role.SUPERVISOR})

RECT_ACTION_ROLES: dict[RectAction, frozenset[Role]] = {
    RA.VERIFY: _STAFF,
    RA.RECTIFY: _STAFF,
    RA.COMPLETE: _STAFF,
    RA.EXPLAIN: _STAFF,
    RA.APPEAL: _STAFF,
    RA.UPHOLD_APPEAL: _SUPERVISOR,
    RA.REJECT_APPEAL: _SUPERVISOR,
    RA.REVISIT: _STAFF | _SUPERVISOR,
    RA.REOPEN: _SUPERVISOR,
    RA.CLOSE: _SUPERVISOR,
}

NOTE_REQUIRED = frozenset(
    {RA.COMPLETE, RA.EXPLAIN, RA.APPEAL, RA.UPHOLD_APPEAL, RA.REJECT_APPEAL, RA.REOPEN}
)
RESOLVING = frozenset({R.RECTIFIED, R.EXPLAINED, R.APPEAL_UPHELD})
DONE = frozenset({R.RECTIFIED, R.EXPLAINED, R.APPEAL_UPHELD, R.REVISITED, R.CLOSED})

# 每一条差评都有整改、有反馈: entering these statuses tells the rater (notice templates of the same name).
RATER_NOTICES: dict[RectStatus, str] = {R.RECTIFIED: "rectified", R.EXPLAINED: "explained"}

RECTIFICATION_MACHINE: Machine[RectStatus, RectAction] = Machine(
    item_label="整改单",
    transitions=RECT_TRANSITIONS,
    roles=RECT_ACTION_ROLES,
    note_required=NOTE_REQUIRED,
    note_label="说明",
    note_max_chars=NOTE_MAX_CHARS,
)


@dataclass(frozen=True)
class Rectification:
    """A 差评整改 case, one per bad rating, owned by the unit that handled the rated case."""

    rectification_id: str
    evaluation_id: str
    case_id: str
    case_number: str
    owner: RatedUnit
    status: RectStatus
    opened_at: str
    due_date: str
    deadline_days: int
    real_name: bool
    steps: tuple[Step, ...] = ()
    revisit_result: RevisitResult | None = None
    rating_counted: bool = True
    resolved_at: str = ""
    version: int = 1

    @property
    def is_open(self) -> bool:
        return self.status is not RectStatus.CLOSED

    @property
    def was_rectified(self) -> bool:
        return any(s.to_status == RectStatus.RECTIFIED.value for s in self.steps)

    def is_overdue(self, today: date) -> bool:
        """Resolved after the due date, or still unresolved past it."""
        due = date.fromisoformat(self.due_date)
        if self.resolved_at:
            return datetime.fromisoformat(self.resolved_at).date() > due
        return self.status not in DONE and today > due


def check_deadline_days(days: int) -> int:
    return check_working_days(days, "整改期限", MAX_DEADLINE_WORKING_DAYS)


def open_rectification(
    *,
    rectification_id: str,
    evaluation_id: str,
    case_id: str,
    case_number: str,
    owner: RatedUnit,
    real_name: bool,
    at: datetime,
    calendar: WorkingDays,
    deadline_days: int = DEFAULT_DEADLINE_WORKING_DAYS,
    opened_by: Actor,
) -> Rectification:
    """A new 待核实 case with its due date (限期整改) counted in working days."""
    days = check_deadline_days(deadline_days)
    due = calendar.add_working_days(at.date(), days)
    first = opening_step(
        RectStatus.PENDING_VERIFICATION,
        opened_by,
        at,
        "差评自动生成整改单",
        {"due_date": due.isoformat()},
    )
    return Rectification(
        rectification_id=rectification_id,
        evaluation_id=evaluation_id,
        case_id=case_id,
        case_number=case_number,
        owner=owner,
        status=RectStatus.PENDING_VERIFICATION,
        opened_at=first.at,
        due_date=due.isoformat(),
        deadline_days=days,
        real_name=real_name,
        steps=(first,),
    )


def check_rect_permission(rect: Rectification, principal: Principal, action: RectAction) -> None:
    RECTIFICATION_MACHINE.check_role(principal, action)
    if principal.jurisdiction and principal.jurisdiction == rect.owner.jurisdiction:
        return
    if principal.has(Role.SUPERVISOR) and not principal.jurisdiction:
        return  # a supervisor above the county level oversees every unit
    raise ForbiddenActionError("该差评不属于您所在地区的整改范围（谁办理谁负责）")


def allowed_rect_actions(status: RectStatus) -> tuple[RectAction, ...]:
    return RECTIFICATION_MACHINE.allowed(status)


def rater_notice(rect: Rectification) -> str:
    """The notice the rater is owed for the step just taken, or "" (only fixes and explanations)."""
    return RATER_NOTICES.get(rect.status, "")


def advance(
    rect: Rectification,
    action: RectAction,
    principal: Principal,
    at: datetime,
    *,
    note: str = "",
    revisit_result: RevisitResult | None = None,
) -> Rectification:
    """Move the rectification by one action: table, role, jurisdiction and required notes checked."""
    machine = RECTIFICATION_MACHINE
    target = machine.target(rect.status, action)
    check_rect_permission(rect, principal, action)
    if action is RA.REOPEN and sum(s.action == RA.REOPEN.value for s in rect.steps) >= MAX_REOPENS:
        raise InvalidTransitionError(f"重新整改已达{MAX_REOPENS}次上限，请监督人员研究处理后关闭")
    text = machine.note(action, note)
    details: dict[str, str] = {}
    revisit = rect.revisit_result
    if action is RA.REVISIT:
        if revisit_result is None:
            raise ValidationFailedError("请记录回访结果：满意、基本满意或不满意")
        revisit = revisit_result
        details["revisit_result"] = revisit_result.value
    elif revisit_result is not None:
        raise ValidationFailedError("只有回访时才能记录回访结果")
    if action is RA.CLOSE and rect.revisit_result is RevisitResult.DISSATISFIED and not text:
        raise ValidationFailedError("回访不满意时关闭整改单须说明理由")
    stamp = at.isoformat(timespec="seconds")
    resolved_at = rect.resolved_at
    if target in RESOLVING and not resolved_at:
        resolved_at = stamp
    if action is RA.REOPEN:
        resolved_at, revisit = "", None
    counted = rect.rating_counted and action is not RA.UPHOLD_APPEAL
    if action is RA.UPHOLD_APPEAL:
        details["rating_counted"] = "false"
    step = machine.step(rect.steps, rect.status, action, target, principal, at, text, details)
    return replace(
        rect,
        revisit_result=revisit,
        resolved_at=resolved_at,
        rating_counted=counted,
        status=target,
        steps=(*rect.steps, step),
        version=rect.version + 1,
    )
