"""Read side: what an applicant or a member of staff may see of cases, as JSON-ready dicts."""

from __future__ import annotations

from typing import Any

from chalicelib.domain.cases import Case, CaseEvent, check_permission
from chalicelib.domain.errors import DomainError, ForbiddenActionError
from chalicelib.domain.roles import Principal, Role
from chalicelib.domain.statuses import Action, CaseStatus
from chalicelib.domain.transitions import Side, allowed_actions, side_for

from .deadlines import deadline_view, inbox_urgency
from .deps import Deps
from .documents import documents_for
from .scans import material_views

SYSTEM_ACTIONS = frozenset(
    {Action.RECEIVE_AT_HOME, Action.EXPIRE_SUPPLEMENT, Action.VOID, Action.WITHDRAW}
)


def can_see(case: Case, principal: Principal) -> bool:
    if principal.has(Role.SUPERVISOR, Role.SYSTEM):
        return True
    if principal.is_staff:
        return principal.jurisdiction in (case.home_code, case.receiving_code)
    return bool(case.applicant_user_id) and case.applicant_user_id == principal.user_id


def get_case(deps: Deps, principal: Principal, case_id: str) -> dict[str, Any]:
    case = deps.cases.get(case_id)
    if not can_see(case, principal):
        raise ForbiddenActionError("无权查看该办件")
    view = case_summary(deps, case)
    view["query_code"] = case.query_code
    view["answers"] = case.answers
    file = deps.case_files.read(case_id)
    view["materials"] = material_views(deps, [m.__dict__ for m in case.materials], file.scans)
    view["result"] = case.result
    view["transfers"] = [t.__dict__ for t in case.transfers]
    view["deadline"] = deadline_view(deps, case, file.events)
    view["timeline"] = [timeline_entry(e) for e in file.events]
    view["notices"] = file.notices
    view["documents"] = documents_for(deps, file.documents)
    view["available_actions"] = [
        {"action": a.value, "label": a.label_zh} for a in actions_for(case, principal)
    ]
    view["responsible"] = responsible_units(deps, case)
    return view


def responsible_units(deps: Deps, case: Case) -> list[dict[str, str]]:
    """谁办理谁负责: for each step now possible, the unit that must do it (jurisdiction and department)."""
    units = []
    for action in allowed_actions(case.status):
        if action in SYSTEM_ACTIONS:
            continue
        side = side_for(case.mode, action)
        if side is Side.ANY:
            continue
        jurisdiction = deps.jurisdictions.get(case.side_code(side))
        department = jurisdiction.department(case.department).name if side is Side.HOME else ""
        center = case.receiving_center if side is Side.RECEIVING else ""
        units.append(
            {
                "action": action.value,
                "action_label": action.label_zh,
                "jurisdiction": jurisdiction.full_name,
                "unit": department
                or (
                    jurisdiction.center(center).name
                    if center
                    else f"{jurisdiction.name}政务服务中心"
                ),
            }
        )
    return units


def actions_for(case: Case, principal: Principal) -> list[Action]:
    possible = []
    for action in allowed_actions(case.status):
        try:
            check_permission(case, principal, action)
        except DomainError:
            continue
        possible.append(action)
    return possible


def my_cases(deps: Deps, principal: Principal) -> list[dict[str, Any]]:
    return [case_summary(deps, c) for c in deps.cases.by_applicant(principal.user_id)]


def inbox(deps: Deps, principal: Principal, status: str | None = None) -> list[dict[str, Any]]:
    if not principal.is_staff:
        raise ForbiddenActionError("只有工作人员可以查看待办")
    wanted = CaseStatus(status) if status else None
    cases = deps.cases.by_jurisdiction(principal.jurisdiction, wanted)
    # Most urgent first: open cases by due date, then the rest by last change.
    dated = sorted((c for c in cases if c.due_date), key=lambda c: c.due_date)
    return [case_summary(deps, c) for c in [*dated, *(c for c in cases if not c.due_date)]]


def case_summary(deps: Deps, case: Case) -> dict[str, Any]:
    urgency, urgency_label = inbox_urgency(deps, case)
    home = deps.jurisdictions.get(case.home_code)
    receiving = deps.jurisdictions.get(case.receiving_code)
    return {
        "case_id": case.case_id,
        "case_number": case.case_number,
        "item_code": case.item_code,
        "item_name": case.item_name,
        "mode": case.mode.value,
        "mode_label": case.mode.label_zh,
        "status": case.status.value,
        "status_label": case.status.label_zh,
        "version": case.version,
        "home": {"code": home.code, "name": home.full_name},
        "receiving": {"code": receiving.code, "name": receiving.full_name},
        "applicant_name": case.applicant_name,
        "form": {"id": case.form_id, "version": case.form_version},
        "routing_state": case.routing_state,
        "supplement_rounds": case.supplement_rounds,
        "due_date": case.due_date,
        "urgency": urgency,
        "urgency_label": urgency_label,
        "created_at": case.created_at,
        "updated_at": case.updated_at,
    }


def timeline_entry(event: CaseEvent) -> dict[str, Any]:
    action = Action(event.action)
    return {
        "seq": event.seq,
        "at": event.at,
        "action": event.action,
        "action_label": action.label_zh,
        "from_status": event.from_status,
        "to_status": event.to_status,
        "to_status_label": CaseStatus(event.to_status).label_zh,
        "actor": {
            "name": event.actor.name,
            "role": event.actor.role,
            "jurisdiction": event.actor.jurisdiction,
        },
        "reason": event.reason,
        "details": event.details,
    }
