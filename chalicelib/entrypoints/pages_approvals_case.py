"""审批工作台 case page: the application, every material page, the legs, the claim, the forms and the audit."""

from __future__ import annotations

from typing import Any

from chalice.app import Response

from chalicelib import bootstrap
from chalicelib.domain.document_kinds import RESULT_KINDS
from chalicelib.domain.errors import DomainError
from chalicelib.domain.modes import HandlingMode
from chalicelib.domain.roles import Principal, Role
from chalicelib.domain.statuses import Action
from chalicelib.domain.step_rules import SPECIAL_PROCEDURES
from chalicelib.domain.transfers import METHOD_LABELS
from chalicelib.domain.transitions import CLAIM_ACTIONS, REASON_REQUIRED
from chalicelib.services import audit, queries, result_upload
from chalicelib.services.access_policy import visible_case
from chalicelib.services.dossier_assembly import rows_of
from chalicelib.services.forms_lookup import form_of_case

from .pages_my_case_context import clock_rows, when
from .web_pages import page

# Decisive steps are confirmed on the form itself ("我已核对"): no script, no second page.
DECISIVE = frozenset({"approve", "deny", "refuse"})
DELIVERY_METHODS = {"window": "窗口领取", "post": "邮寄送达", "electronic": "电子送达"}
# The claim form's buttons (stable names for the browser tests) and the actions they take.
CLAIM_BUTTONS = {
    "claim": Action.CLAIM,
    "release": Action.RELEASE_CLAIM,
    "take_over": Action.TAKE_OVER_CLAIM,
}
# Forms with their own stable ids; the others are "action-<action>".
FORM_IDS = {
    "request_supplement": "supplement-form",
    "request_review_supplement": "review-supplement-form",
    "confirm_materials": "confirm-materials-form",
}
# 异地受理异地办理: the home department's decision is its review opinion; the receiving centre completes.
# 已受理待补办: the form's own heading (the step's label is the longer legal name).
FORM_LABELS = {"request_review_supplement": "审查中补办"}
OPINION_LABELS = {"approve": "返回审查意见：同意", "deny": "返回审查意见：不同意"}
ROLE_NAMES = {r.value: r.label_zh for r in Role}


def render_case(
    request: Any,
    user: Principal,
    case_id: str,
    *,
    status: int = 200,
    errors: list[dict[str, str]] | None = None,
    typed: dict[str, str] | None = None,
    notice: str = "",
) -> Response:
    """The case page; a refused action re-renders it with the error and what was typed."""
    ports = bootstrap.queries()
    case = visible_case(ports.cases, user, case_id)
    view = queries.case_view(ports, user, case)
    try:
        answers = rows_of(bootstrap.documents(), case)
        slots = [(s.id, s.label) for s in form_of_case(ports.content, case).material_slots]
    except DomainError:
        answers, slots = [], []  # a form no longer published: the case still shows
    available = [Action(a["action"]) for a in view["available_actions"]]
    incoming = incoming_legs(view["transfers"])
    if not any(not leg["received"] for leg in incoming):  # nothing on its way: nothing to sign for
        available = [a for a in available if a is not Action.CONFIRM_MATERIALS]
    opinion_only = case.mode is HandlingMode.JOINT_REMOTE and user.jurisdiction == case.home_code
    context = {
        "case": view,
        "answers": answers,
        "slots": slots,
        "clock": clock_rows(view["deadline"], view["timeline"], view["status"]),
        "timeline": [
            {**e, "at": when(e["at"]), "who": e["actor"].get("name", "")}
            for e in reversed(view["timeline"])
        ],
        "claim": claim_view(view["claim"], user),
        "claim_buttons": [
            (button, act.label_zh) for button, act in CLAIM_BUTTONS.items() if act in available
        ],
        "actions": [action_form(a, opinion_only) for a in available if a not in CLAIM_ACTIONS],
        "incoming": incoming,
        "opinion_only": opinion_only,
        "results": [d for d in view["documents"] if d.get("kind") in RESULT_KINDS],
        "may_upload_result": result_upload.may_upload(user, case),
        "audit": audit_rows(user, case_id),
        "procedures": SPECIAL_PROCEDURES,
        "transfer_methods": METHOD_LABELS,
        "delivery_methods": DELIVERY_METHODS,
        "errors": errors or [],
        "typed": typed or {},
        "notice": notice,
    }
    return page(request, "approvals/case.html.j2", context, status=status, user=user, personal=True)


def claim_view(claim: dict[str, str], user: Principal) -> dict[str, Any]:
    return {
        **claim,
        "at": when(claim["at"]) if claim["at"] else "",
        "mine": claim["user_id"] == user.user_id,
    }


def action_form(act: Action, opinion_only: bool) -> dict[str, Any]:
    action = act.value
    label = OPINION_LABELS.get(action, act.label_zh) if opinion_only else act.label_zh
    label = FORM_LABELS.get(action, label)
    return {
        "action": action,
        "label": label,
        "form_id": FORM_IDS.get(action, f"action-{action}"),
        "reason": act in REASON_REQUIRED,
        "decisive": action in DECISIVE,
    }


def incoming_legs(transfers: list[dict[str, Any]]) -> list[dict[str, str]]:
    """The materials legs, newest last: how they travel, the carrier and waybill, whether signed for."""
    return [
        {
            "method": METHOD_LABELS.get(t["method"], t["method"]),
            "carrier": t.get("carrier", ""),
            "waybill": t.get("waybill", ""),
            "sent": f"{when(t['sent_at'])} {t['sent_by']}",
            "received": f"{when(t['received_at'])} {t['received_by']}" if t["received_at"] else "",
        }
        for t in transfers
        if t["leg"] == "materials"
    ]


def audit_rows(user: Principal, case_id: str) -> dict[str, Any]:
    """Who did what, from the hash-chained trail, and whether the chain is intact."""
    trail = audit.verify_case_audit(bootstrap.case_store(), user, case_id)
    rows = [
        {
            **r,
            "at": when(r["at"]),
            "action_label": Action(r["action"]).label_zh,
            "role_label": ROLE_NAMES.get(r["role"], r["role"]),
        }
        for r in trail["responsibility"]
    ]
    return {"intact": trail["intact"], "rows": rows}
