"""审批工作台 pages: the home department's queue, one case as staff see it, and its actions as forms."""

from __future__ import annotations

from typing import Any

from chalice.app import Response

from chalicelib import bootstrap
from chalicelib.domain.errors import DomainError, ForbiddenActionError, NotFoundError
from chalicelib.domain.roles import Principal, Role
from chalicelib.domain.statuses import Action, CaseStatus
from chalicelib.services import dossier_assembly, handling, queries

from .http import HttpError
from .pages_approvals_case import CLAIM_BUTTONS, DECISIVE, render_case
from .pages_my_cases import PAGE_SIZE, cursor_of, paged, signed_in, status_of
from .web_pages import base_path, page
from .web_session import check_csrf, first, form_fields, redirect


def approver(request: Any, path: str) -> Principal | Response:
    """Approvers and department heads only; everyone else is told so (403), the signed out sign in."""
    user = signed_in(request, path)
    if isinstance(user, Response):
        return user
    if not user.has(Role.APPROVER, Role.DEPARTMENT_HEAD):
        raise ForbiddenActionError("审批工作台仅供审批人员和部门负责人使用")
    return user


def queue(request: Any) -> Response:
    user = approver(request, "/approvals")
    if isinstance(user, Response):
        return user
    params = request.query_params or {}
    known = {s.value for s in CaseStatus}
    status = str(params.get("status") or "")
    status = status if status in known else ""
    item = str(params.get("item") or "")[:40]
    mine = str(params.get("mine") or "") == "1"
    cursor = cursor_of(params)
    rows, next_cursor = queries.inbox(
        bootstrap.queries(), user, status or None, limit=PAGE_SIZE, cursor=cursor
    )
    items = sorted({(r["item_code"], r["item_name"]) for r in rows})
    if item:
        rows = [r for r in rows if r["item_code"] == item]
    if mine:  # 我认领的: the row view carries the claim (queries.case_summary)
        rows = [r for r in rows if r["claim"]["user_id"] == user.user_id]
    shown, paging = rows, paged(next_cursor, cursor)
    context = {
        "rows": shown,
        "paging": paging,
        "filters": {"status": status, "item": item, "mine": "1" if mine else ""},
        "statuses": [(s.value, s.label_zh) for s in CaseStatus if s is not CaseStatus.DRAFT],
        "items": items,
    }
    return page(request, "approvals/queue.html.j2", context, user=user, personal=True)


def case_page(request: Any, case_id: str) -> Response:
    user = approver(request, f"/approvals/{case_id}")
    if isinstance(user, Response):
        return user
    done = str((request.query_params or {}).get("done") or "")
    try:
        notice = f"已完成：{Action(done).label_zh}" if done else ""
    except ValueError:
        notice = ""
    if str((request.query_params or {}).get("uploaded") or "") == "1":
        notice = "已上传签章结果文书：申请人和窗口可在办件中下载，并可凭核验码核验"
    return render_case(request, user, case_id, notice=notice)


def details_of(action: str, fields: dict[str, list[str]]) -> dict[str, Any]:
    """The action's own fields from the form, in the shape the domain checks."""
    if action in ("request_supplement", "request_review_supplement"):
        return {"materials": [m[:80] for m in fields.get("materials", [])][:50]}
    if action == "suspend":
        return {
            "procedure": first(fields, "procedure", 40),
            "expected_days": first(fields, "expected_days", 4),
        }
    if action in ("send_result", "send_materials"):
        return {
            "method": first(fields, "method", 20) or "system",
            "carrier": first(fields, "carrier", 32),
            "waybill": first(fields, "waybill", 32),
        }
    if action == "deliver":
        return {
            "method": first(fields, "method", 20),
            "receiver": first(fields, "receiver", 40),
            "waybill": first(fields, "waybill", 32),
        }
    return {}


def act(request: Any, case_id: str) -> Response:
    """One action through the same use case as the API; its Chinese refusal is shown on the page."""
    fields = form_fields(request)
    check_csrf(request, fields)
    user = approver(request, f"/approvals/{case_id}")
    if isinstance(user, Response):
        return user
    action = first(fields, "action", 40)
    action = CLAIM_BUTTONS[action].value if action in CLAIM_BUTTONS else action
    reason = first(fields, "reason", 2000).strip()
    expected = first(fields, "expected_version", 20)
    typed = {"action": action, "reason": reason}
    # Each decisive form's box has its own name (one name on several forms' boxes reads as one group).
    confirmed = "yes" in (first(fields, f"confirm-{action}", 10), first(fields, "confirm", 10))
    if action in DECISIVE and not confirmed:
        errors = [{"field": f"confirm-{action}", "message": "请勾选“我已核对”后再作出决定"}]
        return render_case(request, user, case_id, status=400, errors=errors, typed=typed)
    try:
        handling.perform(
            bootstrap.steps(),
            user,
            case_id,
            action=action,
            reason=reason,
            expected_version=int(expected) if expected.isdigit() else None,
            details=details_of(action, fields),
        )
    except NotFoundError:
        raise
    except (DomainError, HttpError) as refused:
        errors = [{"field": f"reason-{action}", "message": refused.message}]
        return render_case(
            request, user, case_id, status=status_of(refused), errors=errors, typed=typed
        )
    return redirect(f"{base_path()}/approvals/{case_id}?done={action}")


def dossier(request: Any, case_id: str) -> Response:
    """The dossier as one PDF: assembled for the case as it stands (once per state), then downloaded."""
    user = approver(request, f"/approvals/{case_id}")
    if isinstance(user, Response):
        return user
    built = dossier_assembly.assemble(bootstrap.dossier(), user, case_id)
    return redirect(built["download_url"])
