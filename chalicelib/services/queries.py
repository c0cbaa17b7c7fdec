"""Read side: what an applicant or a member of staff may see of cases, as JSON-ready dicts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from chalicelib.domain.cases import Case, CaseEvent, check_permission
from chalicelib.domain.document_kinds import label_of
from chalicelib.domain.errors import DomainError, ForbiddenActionError, NotFoundError
from chalicelib.domain.masking import mask_deep
from chalicelib.domain.paging import DEFAULT_PAGE
from chalicelib.domain.reactions import documents_awaited
from chalicelib.domain.roles import Principal
from chalicelib.domain.statuses import Action, CaseStatus
from chalicelib.domain.step_rules import check_claim
from chalicelib.domain.transitions import Side, allowed_actions, side_for

from . import work_lists
from .access_policy import NOT_FOUND, may_see
from .case_clocks import deadline_view, inbox_urgency
from .document_issuing import NOT_ISSUED_KINDS, failed_documents, list_documents
from .material_scans import material_views
from .personal_data import PersonalDataAccessLog, shown_to
from .ports import BlobStore, CaseFile, CaseFiles, CaseRepository, Clock, Content


@dataclass(frozen=True)
class QueryPorts:
    """The read side: cases, their whole file, content for names and the clock, links to stored files."""

    cases: CaseRepository
    files: CaseFiles
    content: Content
    clock: Clock
    materials: BlobStore
    documents: BlobStore
    personal_data_views: PersonalDataAccessLog  # issue 9 (privacy): every full view recorded
    download_expiry_seconds: int = 300


SYSTEM_ACTIONS = frozenset(
    {Action.RECEIVE_AT_HOME, Action.EXPIRE_SUPPLEMENT, Action.VOID, Action.WITHDRAW}
)


def get_case(ports: QueryPorts, principal: Principal, case_id: str) -> dict[str, Any]:
    # The case and its file are one read: the view needs both.
    file = ports.files.read(case_id)
    if file.case is None or not may_see(principal, file.case):
        raise NotFoundError(NOT_FOUND)  # the same answer for a missing case and one you may not see
    return case_view(ports, principal, file.case, file=file)


def case_view(
    ports: QueryPorts,
    principal: Principal,
    case: Case,
    view_recorded: bool = False,
    file: CaseFile | None = None,
) -> dict[str, Any]:
    """The whole case for someone who may see it (a case just written is passed in, not re-read).
    `view_recorded`: the step that wrote the case saved this view's personal-data record with it.
    `file`: the case's file when the caller knows it whole (a case it just created), else it is read."""
    if not may_see(principal, case):
        raise NotFoundError(NOT_FOUND)
    view = case_summary(ports, case)
    view["query_code"] = case.query_code
    view["answers"] = case.answers
    file = file if file is not None else ports.files.read(case.case_id)
    view["materials"] = material_views(
        ports.materials,
        ports.download_expiry_seconds,
        [m.__dict__ for m in case.materials],
        file.scans,
    )
    view["result"] = case.result
    view["transfers"] = [t.__dict__ for t in case.transfers]
    view["supplement_requests"] = [list(r) for r in case.supplement_requests]
    view["deadline"] = deadline_view(ports.content, case, ports.clock.today())
    view["timeline"] = [timeline_entry(e) for e in file.events]
    view["notices"] = file.notices
    view["documents"] = document_views(ports, file.documents)
    view["document_failures"] = failed_documents(file.documents)  # issue 9 hole 6: never silent
    view["documents_pending"] = pending_documents(case, file.events, file.documents)
    view["available_actions"] = [
        {"action": a.value, "label": a.label_zh} for a in actions_for(case, principal)
    ]
    view["responsible"] = responsible_units(ports.content, case)
    if not principal.is_staff:
        view.pop("claim")  # who in the department works the case is the department's own affair
    # issue 9 (privacy): full personal data only to whose task needs it, each staff view recorded.
    return shown_to(ports.personal_data_views, ports.clock, principal, case, view, view_recorded)


def pending_documents(
    case: Case, events: list[CaseEvent], records: list[dict[str, Any]]
) -> list[dict[str, str]]:
    """Documents a step asked for that the worker has not finished: the page says they are coming."""
    recorded = {
        (int(r.get("seq", 0)), str(r["kind"]))
        for r in records
        if r.get("status", "issued") in ("issued", "failed")
    }
    steps = [(e.seq, e.action) for e in events]
    awaited = documents_awaited(case.mode, case.result, steps, recorded, NOT_ISSUED_KINDS)
    return [{"kind": kind, "label": label_of(kind)} for _, kind in awaited]


def document_views(ports: QueryPorts, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return list_documents(ports.documents, ports.download_expiry_seconds, records)


def responsible_units(content: Content, case: Case) -> list[dict[str, str]]:
    """谁办理谁负责: for each step now possible, the unit that must do it (jurisdiction and department)."""
    units = []
    for action in allowed_actions(case.status):
        if action in SYSTEM_ACTIONS:
            continue
        side = side_for(case.mode, action)
        if side is Side.ANY:
            continue
        jurisdiction = content.jurisdictions.get(case.side_code(side))
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
            check_claim(case, action, principal)
        except DomainError:
            continue
        possible.append(action)
    return possible


def my_cases(
    ports: QueryPorts, principal: Principal, *, limit: int = DEFAULT_PAGE, cursor: str | None = None
) -> tuple[list[dict[str, Any]], str | None]:
    """One page of the applicant's own cases, newest first, and the cursor of the next."""
    rows, next_cursor = work_lists.applicant_page(ports.cases, principal, limit, cursor)
    views = [case_summary(ports, c) for c in rows]
    for view in views:
        view.pop("claim")  # the department's own affair, as on the case view
    return views, next_cursor


def inbox(
    ports: QueryPorts,
    principal: Principal,
    status: str | None = None,
    *,
    limit: int = DEFAULT_PAGE,
    cursor: str | None = None,
) -> tuple[list[dict[str, Any]], str | None]:
    """One page of the staff member's work list (approvers: open cases, overdue first) and the next cursor."""
    if not principal.is_staff:
        raise ForbiddenActionError("只有工作人员可以查看待办")
    wanted = CaseStatus(status) if status else None
    rows, next_cursor = work_lists.staff_page(ports.cases, principal, wanted, limit, cursor)
    return [case_summary(ports, c) for c in rows], next_cursor


def supervision_cases(
    ports: QueryPorts, principal: Principal, *, limit: int = DEFAULT_PAGE, cursor: str | None = None
) -> tuple[list[dict[str, Any]], str | None]:
    """One page of the jurisdiction's cases for its supervisors, newest first."""
    rows, next_cursor = work_lists.supervision_page(ports.cases, principal, limit, cursor)
    return [case_summary(ports, c) for c in rows], next_cursor


def case_summary(ports: QueryPorts, case: Case) -> dict[str, Any]:
    urgency, urgency_label = inbox_urgency(ports.content, case, ports.clock.today())
    home = ports.content.jurisdictions.get(case.home_code)
    receiving = ports.content.jurisdictions.get(case.receiving_code)
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
        # 认领: shown in the queue and on the case page ("已认领：姓名").
        "claim": {"user_id": case.claimed_by, "name": case.claimed_by_name, "at": case.claimed_at},
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
        # A receiver's ID number or phone in a hand-over record shows masked, as elsewhere in views.
        "details": mask_deep(event.details),
    }
