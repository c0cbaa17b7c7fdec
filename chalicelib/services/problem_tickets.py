"""问题处理 use cases: open a ticket on any case, assign, work, resolve, reopen, close."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from chalicelib.domain.errors import (
    BadRequestError,
    ForbiddenActionError,
)
from chalicelib.domain.problems import (
    ProblemAction,
    ProblemTicket,
)
from chalicelib.domain.problems import (
    advance_problem as advance_ticket,
)
from chalicelib.domain.problems import open_problem as new_ticket
from chalicelib.domain.rectification import (
    WorkingDays,
)
from chalicelib.domain.roles import Principal

from .feedback_common import (
    FeedbackPolicy,
    check_version,
    may_see_unit,
    random_id,
)
from .feedback_ports import CaseReader, FeedbackRepository


def open_problem(
    repo: FeedbackRepository,
    cases: CaseReader,
    principal: Principal,
    case_id: str,
    category: object,
    title: object,
    description: object,
    now: datetime,
    calendar: WorkingDays,
    *,
    owner_jurisdiction: str = "",
    owner_department: str = "",
    assignee_user_id: str = "",
    assignee_name: str = "",
    deadline_days: int | None = None,
    policy: FeedbackPolicy | None = None,
    new_id: Callable[[], str] = random_id,
) -> ProblemTicket:
    """Open a ticket on a case; the owner defaults to the caller's side of the case."""
    case = cases.get(case_id)
    sides = frozenset({case.home_code, case.receiving_code})
    owner = owner_jurisdiction or (
        principal.jurisdiction if principal.jurisdiction in sides else case.home_code
    )
    department = owner_department or (
        case.department if owner == case.home_code else principal.department
    )
    ticket = new_ticket(
        ticket_id=f"WT-{new_id()}",
        case_id=case.case_id,
        case_number=case.case_number,
        case_jurisdictions=sides,
        category=category,
        title=title,
        description=description,
        owner_jurisdiction=owner,
        owner_department=department,
        reporter=principal,
        at=now,
        calendar=calendar,
        deadline_days=deadline_days or (policy or FeedbackPolicy()).problem_working_days,
        assignee_user_id=assignee_user_id,
        assignee_name=assignee_name,
    )
    repo.add_problem(ticket)
    return ticket


def advance_problem(
    repo: FeedbackRepository,
    principal: Principal,
    ticket_id: str,
    action: str,
    now: datetime,
    *,
    note: str = "",
    assignee_user_id: str = "",
    assignee_name: str = "",
    expected_version: int | None = None,
) -> ProblemTicket:
    try:
        act = ProblemAction(action)
    except ValueError:
        raise BadRequestError(f"未知的问题处理操作：{action}") from None
    current = repo.get_problem(ticket_id)
    check_version(expected_version, current.version, "问题单")
    updated = advance_ticket(
        current,
        act,
        principal,
        now,
        note=note,
        assignee_user_id=assignee_user_id,
        assignee_name=assignee_name,
    )
    repo.save_problem(updated, expected_version=current.version)
    return updated


def open_problems(
    repo: FeedbackRepository, principal: Principal, jurisdiction: str
) -> list[ProblemTicket]:
    if not may_see_unit(principal, jurisdiction):
        raise ForbiddenActionError("只能查看本地区的问题单")
    return repo.open_problems(jurisdiction)
