"""The data a notice prints, gathered from the case, its events, the catalog and the jurisdictions."""

from __future__ import annotations

from datetime import date
from typing import Any

from chalicelib.domain.cases import Case, CaseEvent
from chalicelib.domain.statuses import Action
from chalicelib.domain.transfers import METHOD_LABELS
from chalicelib.domain.transitions import Side, side_for

from .deps import Deps
from .forms_lookup import form_of_case

DOC_ABBR = {
    "receipt": "受",
    "supplement_notice": "补",
    "refusal_notice": "不受",
    "completion_notice": "结",
    "denial_decision": "不许",
    "transfer_slip": "流",
    "delivery_receipt": "送",
    "dossier_cover": "卷",
}
DELIVERY_LABELS = {"window": "窗口领取", "post": "邮政寄递", "electronic": "电子送达"}
SUPPLEMENT_WORKING_DAYS = 20


def issuing_unit(deps: Deps, case: Case, event: CaseEvent) -> str:
    """The unit whose seal goes on the notice: the department that decides, or the centre that received."""
    side = side_for(case.mode, Action(event.action))
    if side is Side.RECEIVING:
        jurisdiction = deps.jurisdictions.get(case.receiving_code)
        if case.receiving_center:
            return jurisdiction.center(case.receiving_center).name
        return f"{jurisdiction.name}政务服务中心"
    return deps.jurisdictions.get(case.home_code).department(case.department).name


def _centre_phone(deps: Deps, case: Case) -> str:
    if not case.receiving_center:
        return ""
    return deps.jurisdictions.get(case.receiving_code).center(case.receiving_center).phone


def _day(stamp: str) -> str:
    return stamp[:10]


def _received_on(events: list[CaseEvent]) -> str:
    submitted = [e for e in events if e.action in (Action.SUBMIT.value, Action.SUPPLEMENT.value)]
    return _day(submitted[-1].at) if submitted else ""


def _materials(deps: Deps, case: Case) -> list[dict[str, Any]]:
    """Materials received: the catalog's wording, the form it came in, and how many files."""
    item = deps.catalog.get(case.item_code)
    material_of_slot = {s.id: s.material for s in form_of_case(deps.content, case).material_slots}
    rows = []
    for material in item.materials:
        files = [m for m in case.materials if material_of_slot.get(m.slot) == material.code]
        if not files:
            continue
        rows.append(
            {
                "name": material.name,
                "form": material.form,
                "copies": len(files),
                "medium": "paper" if case.mode.needs_counter else "electronic",
            }
        )
    return rows


def document_context(
    deps: Deps, case: Case, event: CaseEvent, events: list[CaseEvent], kind: str, unit: str
) -> dict[str, Any]:
    item = deps.catalog.get(case.item_code)
    home = deps.jurisdictions.get(case.home_code)
    receiving = deps.jurisdictions.get(case.receiving_code)
    side = side_for(case.mode, Action(event.action))
    unit_jurisdiction = receiving if side is Side.RECEIVING else home
    issued = _day(event.at)
    serial = deps.counters.next(f"docno#{unit_jurisdiction.code}#{kind}#{issued[:4]}")
    context: dict[str, Any] = {
        "document_number": f"{unit_jurisdiction.name[:2]}{DOC_ABBR.get(kind, '文')}〔{issued[:4]}〕第{serial:06d}号",
        "case_number": case.case_number,
        "query_code": case.query_code,
        "item_name": case.item_name,
        "mode": case.mode.value,
        "applicant_name": case.applicant_name,
        "applicant_id_type": "居民身份证",
        "applicant_id_number": case.applicant_id_number,
        "applicant_phone": case.applicant_phone,
        "agent_name": "",
        "receiving_jurisdiction": receiving.full_name,
        "home_jurisdiction": home.full_name,
        "unit_name": unit,
        "unit_jurisdiction": unit_jurisdiction.code,
        "window_name": (
            receiving.center(case.receiving_center).name + "跨省通办窗口"
            if case.receiving_center
            else f"{home.name}政务服务网（全程网办）"
        ),
        "staff_name": event.actor.name,
        # Centres publish their own numbers; until they are entered, the 12345 hotline answers.
        "staff_phone": _centre_phone(deps, case) or "12345（政务服务便民热线）",
        "received_date": _received_on(events),
        "issued_date": issued,
        "materials": _materials(deps, case),
    }
    context.update(_kind_specific(deps, case, event, events, kind, item, home, issued))
    return context


def _kind_specific(
    deps: Deps,
    case: Case,
    event: CaseEvent,
    events: list[CaseEvent],
    kind: str,
    item: Any,
    home: Any,
    issued: str,
) -> dict[str, Any]:
    remedies = {"review_body": f"{home.name}人民政府", "court": f"{home.name}人民法院"}
    if kind == "receipt":
        days = item.time_limits.promised_days
        promised = deps.calendar.add_working_days(date.fromisoformat(issued), days)
        return {
            "promised_date": promised.isoformat(),
            "promised_days": days,
            "special_procedure": "",
            "progress_url": f"{deps.public_base_url}/track",
        }
    if kind == "supplement_notice":
        named = [
            n.strip() for n in str(event.details.get("materials", "")).split("、") if n.strip()
        ]
        missing = [{"name": n, "requirement": event.reason} for n in named] or [
            {"name": "补正材料", "requirement": event.reason}
        ]
        return {"missing_materials": missing, "supplement_days": SUPPLEMENT_WORKING_DAYS}
    if kind == "refusal_notice":
        return {
            "reason": event.reason.rstrip("。."),
            "legal_basis": str(
                event.details.get("legal_basis", "《中华人民共和国行政许可法》第三十二条")
            ),
            "competent_agency": str(event.details.get("competent_agency", "")),
            **remedies,
        }
    if kind == "denial_decision":
        accepted = next((e for e in events if e.action == Action.ACCEPT.value), None)
        return {
            "accepted_date": _day(accepted.at) if accepted else issued,
            "reason": event.reason.rstrip("。."),
            "legal_basis": str(
                event.details.get("legal_basis", "《中华人民共和国行政许可法》第三十八条第二款")
            ),
            **remedies,
        }
    if kind == "completion_notice":
        return {
            "decision": str(case.result.get("decision_zh", "准予许可")),
            "result_name": item.result_name,
            "result_number": str(event.details.get("result_number", case.case_number)),
            "completed_date": issued,
            "delivery_method": "、".join(DELIVERY_LABELS.get(d, d) for d in item.delivery),
            "tracking_number": "",
        }
    if kind == "transfer_slip":
        return {
            "from_unit": deps.jurisdictions.get(case.receiving_code).full_name + "政务服务中心",
            "to_unit": home.department(case.department).name,
            "transfer_method": METHOD_LABELS.get(
                str(event.details.get("method", "post")), "邮政寄递"
            ),
            "tracking_number": str(event.details.get("waybill", "")),
            "transferred_date": issued,
        }
    if kind == "delivery_receipt":
        method = str(event.details.get("method", "window"))
        return {
            "delivered_document": "办结通知书",
            "delivered_document_number": next(
                (
                    r["document_number"]
                    for r in deps.registry.for_case(case.case_id)
                    if r["kind"] == "completion_notice"
                ),
                "",
            ),
            "delivery_method": DELIVERY_LABELS.get(method, method),
            "delivery_place": str(event.details.get("address", ""))
            or deps.jurisdictions.get(case.receiving_code).full_name,
        }
    return {}
