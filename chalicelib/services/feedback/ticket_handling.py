"""问题处理 use cases: open a ticket on any case, assign, work, resolve, reopen, close."""

from __future__ import annotations

from dataclasses import dataclass

from chalicelib.domain.errors import BadRequestError, ForbiddenActionError
from chalicelib.domain.feedback.due_dates import WorkingDays
from chalicelib.domain.feedback.problem_tickets import (
    ProblemAction,
    ProblemTicket,
    advance_problem,
    open_problem,
)
from chalicelib.domain.roles import Principal
from chalicelib.services.access_policy import check_staff_view, visible_case
from chalicelib.services.ports import Clock

from .access import check_version, may_see_unit
from .policy import FeedbackPolicy
from .protocols import CaseReader, FeedbackRepository, NewIds


@dataclass(frozen=True)
class TicketPorts:
    feedback: FeedbackRepository
    cases: CaseReader
    clock: Clock
    calendar: WorkingDays
    policy: FeedbackPolicy
    ids: NewIds
    # No outbox: tickets are staff business and tell the applicant nothing (yet).


def open_ticket(
    ports: TicketPorts,
    principal: Principal,
    case_id: str,
    *,
    category: object,
    title: object,
    description: object,
    owner_jurisdiction: str = "",
    owner_department: str = "",
    assignee_user_id: str = "",
    assignee_name: str = "",
    deadline_days: int | None = None,
) -> ProblemTicket:
    """Open a ticket on a case; the owner defaults to the caller's side of the case."""
    case = visible_case(ports.cases, principal, case_id)
    check_staff_view(principal, case, "问题处理")
    sides = frozenset({case.home_code, case.receiving_code})
    owner = owner_jurisdiction or (
        principal.jurisdiction if principal.jurisdiction in sides else case.home_code
    )
    department = owner_department or (
        case.department if owner == case.home_code else principal.department
    )
    ticket = open_problem(
        ticket_id=f"WT-{ports.ids.new_id()}",
        case_id=case.case_id,
        case_number=case.case_number,
        case_jurisdictions=sides,
        category=category,
        title=title,
        description=description,
        owner_jurisdiction=owner,
        owner_department=department,
        reporter=principal,
        at=ports.clock.now(),
        calendar=ports.calendar,
        deadline_days=deadline_days or ports.policy.problem_working_days,
        assignee_user_id=assignee_user_id,
        assignee_name=assignee_name,
    )
    ports.feedback.add_problem(ticket)
    return ticket


def work_ticket(
    ports: TicketPorts,
    principal: Principal,
    ticket_id: str,
    action: str,
    *,
    note: str = "",
    assignee_user_id: str = "",
    assignee_name: str = "",
    expected_version: int | None = None,
) -> ProblemTicket:
    """One step of a ticket: assign, start, note, resolve, reopen or close."""
    try:
        act = ProblemAction(action)
    except ValueError:
        raise BadRequestError(f"未知的问题处理操作：{action}") from None
    current = ports.feedback.get_problem(ticket_id)
    check_version(expected_version, current.version, "问题单")
    updated = advance_problem(
        current,
        act,
        principal,
        ports.clock.now(),
        note=note,
        assignee_user_id=assignee_user_id,
        assignee_name=assignee_name,
    )
    ports.feedback.save_problem(updated, expected_version=current.version)
    return updated


def open_tickets(
    ports: TicketPorts, principal: Principal, jurisdiction: str
) -> list[ProblemTicket]:
    if not may_see_unit(principal, jurisdiction):
        raise ForbiddenActionError("只能查看本地区的问题单")
    return ports.feedback.open_problems(jurisdiction)
