"""Work lists one page at a time: which keyed list each person reads, passed through with its cursor."""

from __future__ import annotations

from chalicelib.domain import case_lists
from chalicelib.domain.case_lists import Listing
from chalicelib.domain.cases import Case
from chalicelib.domain.errors import BadRequestError, ForbiddenActionError
from chalicelib.domain.roles import Principal, Role
from chalicelib.domain.statuses import CaseStatus

from .access_policy import may_see
from .ports import CaseRepository

Page = tuple[list[Case], str | None]
NO_STATUS_FILTER = "此列表不支持按状态筛选"


def staff_listing(principal: Principal, status: CaseStatus | None) -> Listing:
    """Approvers and heads: their department at home (open by due date, or one status); the counter:
    its centre; supervisors: the jurisdiction (home side), newest first."""
    code = principal.jurisdiction
    if principal.has(Role.APPROVER, Role.DEPARTMENT_HEAD) and principal.department:
        if status is not None:
            return case_lists.in_unit_with_status(code, principal.department, status)
        return case_lists.open_in_unit(code, principal.department)
    if status is not None:
        raise BadRequestError(NO_STATUS_FILTER)
    if principal.has(Role.WINDOW_STAFF) and principal.center:
        return case_lists.at_centre(code, principal.center)
    return case_lists.of_jurisdiction(code)


def staff_page(
    cases: CaseRepository,
    principal: Principal,
    status: CaseStatus | None,
    limit: int,
    cursor: str | None,
) -> Page:
    if not principal.is_staff or not principal.jurisdiction:
        raise ForbiddenActionError("只有工作人员可以查看待办")
    rows, next_cursor = cases.list_page(staff_listing(principal, status), limit, cursor)
    return [c for c in rows if may_see(principal, c)], next_cursor


def supervision_page(
    cases: CaseRepository,
    principal: Principal,
    limit: int,
    cursor: str | None,
    centre: str | None = None,
) -> Page:
    """The jurisdiction's cases at home, or (with a centre) those received at one of its centres."""
    if not principal.has(Role.SUPERVISOR) or not principal.jurisdiction:
        raise ForbiddenActionError("只有监督人员可以查看本地区办件")
    code = principal.jurisdiction
    listing = case_lists.at_centre(code, centre) if centre else case_lists.of_jurisdiction(code)
    return cases.list_page(listing, limit, cursor)


def applicant_page(
    cases: CaseRepository, principal: Principal, limit: int, cursor: str | None
) -> Page:
    return cases.list_page(case_lists.of_applicant(principal.user_id), limit, cursor)
