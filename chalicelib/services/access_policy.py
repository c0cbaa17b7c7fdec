"""The one authorization policy: who may see a case and its file, and who may act on it.

Every use case that loads a case for a person asks here first, before saying anything else about the
case: what you may not see does not exist for you (404), so its status is not told to outsiders.

- applicants: their own cases and drafts;
- window staff: cases received at their own centre (and the results returned to it);
- approvers and heads of department: cases routed to their jurisdiction and department (an approver
  without a department serves every department, as in a small county); in 异地受理异地办理 also the
  receiving side's cases of their department, since that side completes;
- supervisors: read-only over cases that touch their jurisdiction; without a jurisdiction, nothing.

Cross-jurisdiction access exists only along the routes the catalog defines, because a case is only
ever created between two jurisdictions that have an agreement for its item (services.intake).
"""

from __future__ import annotations

from typing import Protocol

from chalicelib.domain.cases import Case
from chalicelib.domain.errors import ForbiddenActionError, NotFoundError
from chalicelib.domain.modes import HandlingMode
from chalicelib.domain.roles import Principal, Role
from chalicelib.domain.statuses import Action

from .ports import CaseFile

NOT_FOUND = "办件不存在"


class CaseLoader(Protocol):
    def get(self, case_id: str) -> Case:
        """Load a case or raise NotFoundError."""


def _in_department(principal: Principal, case: Case) -> bool:
    return not principal.department or principal.department == case.department


def may_see(principal: Principal, case: Case) -> bool:
    """Whether this person may know the case exists (and read it)."""
    if principal.has(Role.SYSTEM):
        return True
    if not principal.is_staff:
        return bool(case.applicant_user_id) and case.applicant_user_id == principal.user_id
    code = principal.jurisdiction
    if not code:
        return False
    if principal.has(Role.SUPERVISOR) and code in (case.home_code, case.receiving_code):
        return True
    if (
        principal.has(Role.WINDOW_STAFF)
        and case.mode is not HandlingMode.ONLINE
        and case.receiving_code == code
        and bool(principal.center)
        and case.receiving_center == principal.center
    ):
        return True
    if principal.has(Role.APPROVER, Role.DEPARTMENT_HEAD) and _in_department(principal, case):
        if case.home_code == code:
            return True
        if case.mode is HandlingMode.JOINT_REMOTE and case.receiving_code == code:
            return True
    return False


def may_handle(principal: Principal, case: Case) -> bool:
    """Whether this person may take steps on the case at all (supervisors only read, and void)."""
    if not may_see(principal, case):
        return False
    if principal.has(Role.SYSTEM, Role.WINDOW_STAFF, Role.APPROVER, Role.DEPARTMENT_HEAD):
        return True
    return not principal.is_staff  # the applicant, on their own case


def visible_case(
    cases: CaseLoader, principal: Principal, case_id: str, read: CaseFile | None = None
) -> Case:
    """The case, or NotFoundError — the same answer for a missing case and one you may not see.
    `read`: the case's file as the caller just read it (its case is used, not loaded again)."""
    if read is not None:
        if read.case is None or read.case.case_id != case_id:
            raise NotFoundError(NOT_FOUND)
        case = read.case
    else:
        case = cases.get(case_id)
    if not may_see(principal, case):
        raise NotFoundError(NOT_FOUND)
    return case


def check_may_act(principal: Principal, case: Case, action: Action) -> None:
    """Before the step's own rules (table, role, side): the case must be yours to handle."""
    if not may_see(principal, case):
        raise NotFoundError(NOT_FOUND)
    if action is Action.VOID and principal.has(Role.SUPERVISOR):
        return  # 作废 is the supervisor's one step
    if not may_handle(principal, case):
        raise ForbiddenActionError("监督人员只能查看，不能办理办件")


def check_staff_view(principal: Principal, case: Case, what: str) -> None:
    """Staff-only views of a visible case (audit trail, dossier, problem tickets)."""
    if not may_see(principal, case):
        raise NotFoundError(NOT_FOUND)
    if not principal.is_staff and not principal.has(Role.SYSTEM):
        raise ForbiddenActionError(f"{what}仅限工作人员查看")


def check_may_supervise(principal: Principal, jurisdiction: str) -> None:
    """The /supervision figures of a jurisdiction: only its own supervisors (read-only)."""
    if not (
        principal.has(Role.SUPERVISOR)
        and principal.jurisdiction
        and principal.jurisdiction == jurisdiction
    ):
        raise ForbiddenActionError("只有本地区的监督人员可以查看监督数据")


def may_replay(principal: Principal) -> bool:
    """运维值守: a supervisor whose staff-directory entry also carries the operator role."""
    return principal.has(Role.SUPERVISOR) and principal.has(Role.OPERATOR)


def check_may_replay(principal: Principal) -> None:
    if not (may_replay(principal) and principal.jurisdiction):
        raise ForbiddenActionError("只有负责运维值守的监督人员可以重新投递失败的消息")


def check_may_upload_result(principal: Principal, case: Case) -> None:
    """A signed result document is the home department's own: its approvers and head upload it."""
    if not may_see(principal, case):
        raise NotFoundError(NOT_FOUND)
    home_staff = (
        principal.has(Role.APPROVER, Role.DEPARTMENT_HEAD)
        and principal.jurisdiction == case.home_code
        and _in_department(principal, case)
    )
    if not home_staff:
        raise ForbiddenActionError("只有办件所属部门的审批人员或负责人可以上传签章结果文书")
