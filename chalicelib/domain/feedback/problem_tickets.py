"""问题处理: tickets staff or supervisors open on a case (材料流转异常, 系统故障, 群众投诉, 办理超期 …).

待处理 → 处理中 → 已解决 → 已关闭, with 重新处理 from 已解决 back to 处理中. Each ticket has an owner
unit (jurisdiction + department), an assignee, a deadline in working days and an append-only history.
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
from .free_text import clean_text
from .machine import Machine, Step, opening_step

DEFAULT_PROBLEM_WORKING_DAYS = 5
MAX_PROBLEM_WORKING_DAYS = MAX_WORKING_DAYS
TITLE_MAX_CHARS = 100
DESCRIPTION_MAX_CHARS = 2000
NOTE_MAX_CHARS = 1000
MAX_STEPS = 100  # keeps one stored item well under DynamoDB's 400 KB


class ProblemCategory(StrEnum):
    MATERIAL_FLOW = "material_flow"
    SYSTEM_FAILURE = "system_failure"
    COMPLAINT = "complaint"
    OVERDUE = "overdue"
    OTHER = "other"

    @property
    def label_zh(self) -> str:
        return PROBLEM_CATEGORY_LABELS[self]


PROBLEM_CATEGORY_LABELS: dict[ProblemCategory, str] = {
    ProblemCategory.MATERIAL_FLOW: "材料流转异常",
    ProblemCategory.SYSTEM_FAILURE: "系统故障",
    ProblemCategory.COMPLAINT: "群众投诉",
    ProblemCategory.OVERDUE: "办理超期",
    ProblemCategory.OTHER: "其他",
}


class ProblemStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"
    CLOSED = "closed"

    @property
    def label_zh(self) -> str:
        return PROBLEM_STATUS_LABELS[self]


PROBLEM_STATUS_LABELS: dict[ProblemStatus, str] = {
    ProblemStatus.OPEN: "待处理",
    ProblemStatus.IN_PROGRESS: "处理中",
    ProblemStatus.RESOLVED: "已解决",
    ProblemStatus.CLOSED: "已关闭",
}


class ProblemAction(StrEnum):
    ASSIGN = "assign"
    START = "start"
    NOTE = "note"
    RESOLVE = "resolve"
    REOPEN = "reopen"
    CLOSE = "close"

    @property
    def label_zh(self) -> str:
        return PROBLEM_ACTION_LABELS[self]


PROBLEM_ACTION_LABELS: dict[ProblemAction, str] = {
    ProblemAction.ASSIGN: "指派处理人",
    ProblemAction.START: "开始处理",
    ProblemAction.NOTE: "记录进展",
    ProblemAction.RESOLVE: "处理完毕",
    ProblemAction.REOPEN: "重新处理",
    ProblemAction.CLOSE: "关闭",
}

P = ProblemStatus
PA = ProblemAction

PROBLEM_TRANSITIONS: dict[tuple[ProblemStatus, ProblemAction], ProblemStatus] = {
    (P.OPEN, PA.ASSIGN): P.OPEN,
    (P.OPEN, PA.NOTE): P.OPEN,
    (P.OPEN, PA.START): P.IN_PROGRESS,
    (P.IN_PROGRESS, PA.ASSIGN): P.IN_PROGRESS,
    (P.IN_PROGRESS, PA.NOTE): P.IN_PROGRESS,
    (P.IN_PROGRESS, PA.RESOLVE): P.RESOLVED,
    (P.RESOLVED, PA.NOTE): P.RESOLVED,
    (P.RESOLVED, PA.REOPEN): P.IN_PROGRESS,
    (P.RESOLVED, PA.CLOSE): P.CLOSED,
}

PROBLEM_NOTE_REQUIRED = frozenset({PA.NOTE, PA.RESOLVE, PA.REOPEN})
PROBLEM_ROLES = frozenset({Role.WINDOW_STAFF, Role.APPROVER, Role.SUPERVISOR})

# Every action is open to every staff role; who owns the ticket is checked by check_problem_permission.
PROBLEM_MACHINE: Machine[ProblemStatus, ProblemAction] = Machine(
    item_label="问题",
    transitions=PROBLEM_TRANSITIONS,
    roles={action: PROBLEM_ROLES for action in ProblemAction},
    note_required=PROBLEM_NOTE_REQUIRED,
    note_label="处理说明",
    note_max_chars=NOTE_MAX_CHARS,
)


@dataclass(frozen=True)
class ProblemTicket:
    ticket_id: str
    case_id: str
    case_number: str
    category: ProblemCategory
    title: str
    description: str
    owner_jurisdiction: str
    owner_department: str
    reporter: Actor
    status: ProblemStatus
    opened_at: str
    due_date: str
    assignee_user_id: str = ""
    assignee_name: str = ""
    steps: tuple[Step, ...] = ()
    resolved_at: str = ""
    version: int = 1

    @property
    def is_open(self) -> bool:
        return self.status is not ProblemStatus.CLOSED

    def is_overdue(self, today: date) -> bool:
        due = date.fromisoformat(self.due_date)
        if self.resolved_at:
            return datetime.fromisoformat(self.resolved_at).date() > due
        return self.status in (P.OPEN, P.IN_PROGRESS) and today > due


def parse_category(value: object) -> ProblemCategory:
    try:
        return ProblemCategory(str(value))
    except ValueError:
        names = "、".join(c.label_zh for c in ProblemCategory)
        raise ValidationFailedError(f"未知的问题类别，可选：{names}") from None


def open_problem(
    *,
    ticket_id: str,
    case_id: str,
    case_number: str,
    case_jurisdictions: frozenset[str],
    category: object,
    title: object,
    description: object,
    owner_jurisdiction: str,
    owner_department: str,
    reporter: Principal,
    at: datetime,
    calendar: WorkingDays,
    deadline_days: int = DEFAULT_PROBLEM_WORKING_DAYS,
    assignee_user_id: str = "",
    assignee_name: str = "",
) -> ProblemTicket:
    """A new 待处理 ticket; staff may open it only on cases of their own jurisdiction."""
    if not reporter.has(*PROBLEM_ROLES):
        raise ForbiddenActionError("只有工作人员或监督人员可以登记问题")
    if not reporter.has(Role.SUPERVISOR) and reporter.jurisdiction not in case_jurisdictions:
        raise ForbiddenActionError("只能对本地区受理或办理的办件登记问题")
    if owner_jurisdiction not in case_jurisdictions:
        raise ValidationFailedError("责任单位须为该办件的受理地或业务属地")
    check_working_days(deadline_days, "处理期限", MAX_PROBLEM_WORKING_DAYS)
    kind = parse_category(category)
    heading = clean_text(title, "问题标题", TITLE_MAX_CHARS, required=True)
    body = clean_text(description, "问题描述", DESCRIPTION_MAX_CHARS, required=True)
    due = calendar.add_working_days(at.date(), deadline_days)
    actor = Actor.of(reporter)
    first = opening_step(
        P.OPEN, actor, at, heading, {"category": kind.value, "due_date": due.isoformat()}
    )
    return ProblemTicket(
        ticket_id=ticket_id,
        case_id=case_id,
        case_number=case_number,
        category=kind,
        title=heading,
        description=body,
        owner_jurisdiction=owner_jurisdiction,
        owner_department=owner_department,
        reporter=actor,
        status=P.OPEN,
        opened_at=first.at,
        due_date=due.isoformat(),
        assignee_user_id=clean_text(assignee_user_id, "处理人", 128),
        assignee_name=clean_text(assignee_name, "处理人姓名", 64),
        steps=(first,),
    )


def check_problem_permission(
    ticket: ProblemTicket, principal: Principal, action: ProblemAction
) -> None:
    """Owner-unit staff work the ticket; the reporter or a supervisor reopens and closes it."""
    PROBLEM_MACHINE.check_role(principal, action, "只有工作人员或监督人员可以处理问题")
    if principal.has(Role.SUPERVISOR) and principal.jurisdiction in (
        "",
        ticket.owner_jurisdiction,
        ticket.reporter.jurisdiction,
    ):
        return
    is_reporter = principal.user_id == ticket.reporter.user_id
    if action in (PA.REOPEN, PA.CLOSE):
        if not is_reporter:
            raise ForbiddenActionError(f"“{action.label_zh}”只能由问题登记人或监督人员办理")
        return
    if action is PA.NOTE and is_reporter:
        return
    if principal.jurisdiction != ticket.owner_jurisdiction:
        raise ForbiddenActionError("该问题不属于您所在地区的处理范围（谁办理谁负责）")


def advance_problem(
    ticket: ProblemTicket,
    action: ProblemAction,
    principal: Principal,
    at: datetime,
    *,
    note: str = "",
    assignee_user_id: str = "",
    assignee_name: str = "",
) -> ProblemTicket:
    """Move the ticket by one action, appending a step."""
    machine = PROBLEM_MACHINE
    target = machine.target(ticket.status, action)
    check_problem_permission(ticket, principal, action)
    if len(ticket.steps) >= MAX_STEPS and action in (PA.NOTE, PA.ASSIGN, PA.REOPEN):
        raise InvalidTransitionError("问题单处理记录已达上限，请办结关闭后另行登记")
    text = machine.note(action, note)
    details: dict[str, str] = {}
    assignee = (ticket.assignee_user_id, ticket.assignee_name)
    if action is PA.ASSIGN:
        uid = clean_text(assignee_user_id, "处理人", 128, required=True)
        assignee = (uid, clean_text(assignee_name, "处理人姓名", 64) or uid)
        details = {"assignee_user_id": assignee[0], "assignee_name": assignee[1]}
    elif action is PA.START and not ticket.assignee_user_id:
        assignee = (principal.user_id, principal.name)
    stamp = at.isoformat(timespec="seconds")
    resolved_at = ticket.resolved_at
    if action is PA.RESOLVE:
        resolved_at = stamp
    elif action is PA.REOPEN:
        resolved_at = ""
    step = machine.step(ticket.steps, ticket.status, action, target, principal, at, text, details)
    return replace(
        ticket,
        status=target,
        assignee_user_id=assignee[0],
        assignee_name=assignee[1],
        resolved_at=resolved_at,
        steps=(*ticket.steps, step),
        version=ticket.version + 1,
    )
