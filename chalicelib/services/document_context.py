"""The data a document prints, gathered from the case, its events, the catalog and the jurisdictions.

One builder per document kind in CONTEXT_BUILDERS; the 文书编号 is allocated by the registry before this
runs (services/documents.py) and passed in, so gathering data never draws a number.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from chalicelib.domain.cases import Actor, Case, CaseEvent
from chalicelib.domain.document_kinds import document_kind
from chalicelib.domain.errors import DomainError
from chalicelib.domain.jurisdictions import Jurisdiction
from chalicelib.domain.statuses import Action
from chalicelib.domain.step_rules import listed
from chalicelib.domain.transfers import METHOD_LABELS
from chalicelib.domain.transitions import Side, side_for

from .case_clocks import clock_as_of
from .feedback.counter_rating import rating_url
from .forms_lookup import form_of_case
from .tracking import tracking_link

if TYPE_CHECKING:
    from .document_issuing import DocumentPorts

DELIVERY_LABELS = {"window": "窗口领取", "post": "邮寄送达", "electronic": "电子送达"}
SUPPLEMENT_WORKING_DAYS = 20
GENERIC_FORM_PREFIX = "generic-"
# 第四十五条 names these; staff may also type the procedure in Chinese, which is printed as written.
PROCEDURE_LABELS = {
    "hearing": "听证",
    "tender": "招标",
    "auction": "拍卖",
    "inspection": "检验",
    "testing": "检测",
    "quarantine": "检疫",
    "appraisal": "鉴定",
    "expert_review": "专家评审",
}

Builder = Callable[["DocumentPorts", Case, CaseEvent, list[CaseEvent]], dict[str, Any]]


def issuing_side(ports: DocumentPorts, case: Case, event: CaseEvent) -> tuple[str, Jurisdiction]:
    """The unit whose seal goes on the document, and its jurisdiction (whose 文书编号 series it uses)."""
    side = side_for(case.mode, Action(event.action))
    if side is Side.RECEIVING:
        receiving = ports.content.jurisdictions.get(case.receiving_code)
        if case.receiving_center:
            return receiving.center(case.receiving_center).name, receiving
        return f"{receiving.name}政务服务中心", receiving
    home = ports.content.jurisdictions.get(case.home_code)
    return home.department(case.department).name, home


def person_name(actor: Actor) -> str:
    """The person's name; a login that slipped in as a name is never printed (the line is signed by hand)."""
    name = actor.name.strip()
    logins = {actor.user_id, str(getattr(actor, "login", ""))}
    return "" if not name or name in logins else name


def carrier_method(method: str, carrier: str) -> str:
    """How something travelled: a posted parcel names the carrier staff entered, never a guessed 邮政."""
    if method != "post":
        return METHOD_LABELS.get(method, method)
    return f"{carrier.strip()}寄递" if carrier.strip() else "寄递（未登记承运单位）"


def _centre_phone(ports: DocumentPorts, case: Case) -> str:
    if not case.receiving_center:
        return ""
    return ports.content.jurisdictions.get(case.receiving_code).center(case.receiving_center).phone


def _day(stamp: str) -> str:
    return stamp[:10]


def _received_on(events: list[CaseEvent]) -> str:
    submitted = [e for e in events if e.action in (Action.SUBMIT.value, Action.SUPPLEMENT.value)]
    return _day(submitted[-1].at) if submitted else ""


def materials(ports: DocumentPorts, case: Case) -> list[dict[str, Any]]:
    """Materials received: the catalog's wording, the form it came in, and how many files."""
    item = ports.content.catalog.get(case.item_code)
    material_of_slot = {s.id: s.material for s in form_of_case(ports.content, case).material_slots}
    rows = []
    for material in item.materials:
        files = [m for m in case.materials if material_of_slot.get(m.slot) == material.code]
        if files:
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
    ports: DocumentPorts,
    case: Case,
    event: CaseEvent,
    events: list[CaseEvent],
    kind: str,
    document_number: str,
) -> dict[str, Any]:
    """Everything `kind` prints; documents that travel between offices never carry the 查询密码."""
    home = ports.content.jurisdictions.get(case.home_code)
    receiving = ports.content.jurisdictions.get(case.receiving_code)
    unit, unit_jurisdiction = issuing_side(ports, case, event)
    context: dict[str, Any] = {
        "document_number": document_number,
        "case_number": case.case_number,
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
        "staff_name": person_name(event.actor),
        # Centres publish their own numbers; until they are entered, the 12345 hotline answers.
        "staff_phone": _centre_phone(ports, case) or "12345（政务服务便民热线）",
        "received_date": _received_on(events),
        "issued_date": _day(event.at),
        "materials": materials(ports, case),
    }
    if document_kind(kind).to_applicant:
        context["query_code"] = case.query_code
    builder = CONTEXT_BUILDERS.get(kind)
    if builder is not None:
        context.update(builder(ports, case, event, events))
    return context


def _remedies(ports: DocumentPorts, case: Case) -> dict[str, str]:
    home = ports.content.jurisdictions.get(case.home_code)
    return {"review_body": f"{home.name}人民政府", "court": f"{home.name}人民法院"}


def _expected_days(event: CaseEvent) -> int:
    try:
        return max(0, int(event.details.get("expected_days", 0)))
    except (TypeError, ValueError):
        return 0


def procedure_text(details: dict[str, Any], days: int) -> str:
    """检测（预计所需时间 10 个工作日）, or "" when the step names no special procedure."""
    code = str(details.get("procedure", "")).strip()
    if not code:
        return ""
    label = PROCEDURE_LABELS.get(code, code)
    return f"{label}（预计所需时间 {days} 个工作日）" if days else label


def _receipt(
    ports: DocumentPorts, case: Case, event: CaseEvent, events: list[CaseEvent]
) -> dict[str, Any]:
    days = ports.content.catalog.get(case.item_code).time_limits.promised_days
    clock = clock_as_of(ports.content, case, events, event.seq)
    return {
        # A date in a year whose holidays are not entered is not guessed: the receipt says so.
        "promised_date": clock.promised_due.isoformat()
        if clock.promised_due
        else "待节假日安排录入后确定",
        "promised_days": days,
        # Filled when the accepting step already names a 特别程序 (第四十五条), e.g. a required 检测.
        "special_procedure": procedure_text(event.details, _expected_days(event)),
        "progress_url": tracking_link(ports.public_base_url, case),  # opens even when locked
    }


def _supplement(
    ports: DocumentPorts, case: Case, event: CaseEvent, events: list[CaseEvent]
) -> dict[str, Any]:
    try:
        labels = {s.id: s.label for s in form_of_case(ports.content, case).material_slots}
    except DomainError:
        labels = {}  # a form no longer published: the slot ids are printed as asked
    named = [labels.get(n, n) for n in listed(event.details.get("materials"))]
    missing = [{"name": n, "requirement": event.reason} for n in named] or [
        {"name": "补正材料", "requirement": event.reason}
    ]
    return {
        "missing_materials": missing,
        "supplement_days": SUPPLEMENT_WORKING_DAYS,
        # 已受理待补办: the same notice, worded for a case already accepted and under review.
        "after_acceptance": event.action == Action.REQUEST_REVIEW_SUPPLEMENT.value,
    }


def _refusal(
    ports: DocumentPorts, case: Case, event: CaseEvent, events: list[CaseEvent]
) -> dict[str, Any]:
    return {
        "reason": event.reason.rstrip("。."),
        "legal_basis": str(
            event.details.get("legal_basis", "《中华人民共和国行政许可法》第三十二条")
        ),
        "competent_agency": str(event.details.get("competent_agency", "")),
        **_remedies(ports, case),
    }


def _denial(
    ports: DocumentPorts, case: Case, event: CaseEvent, events: list[CaseEvent]
) -> dict[str, Any]:
    accepted = next((e for e in events if e.action == Action.ACCEPT.value), None)
    return {
        "accepted_date": _day(accepted.at) if accepted else _day(event.at),
        "reason": event.reason.rstrip("。."),
        "legal_basis": str(
            event.details.get("legal_basis", "《中华人民共和国行政许可法》第三十八条第二款")
        ),
        **_remedies(ports, case),
    }


def _completion(
    ports: DocumentPorts, case: Case, event: CaseEvent, events: list[CaseEvent]
) -> dict[str, Any]:
    item = ports.content.catalog.get(case.item_code)
    return {
        "decision": str(case.result.get("decision_zh", "准予许可")),
        "result_name": item.result_name,
        "result_number": str(event.details.get("result_number", case.case_number)),
        "completed_date": _day(event.at),
        "delivery_method": "、".join(DELIVERY_LABELS.get(d, d) for d in item.delivery),
        "tracking_number": "",
    }


def _transfer_slip(
    ports: DocumentPorts, case: Case, event: CaseEvent, events: list[CaseEvent]
) -> dict[str, Any]:
    home = ports.content.jurisdictions.get(case.home_code)
    details = event.details
    return {
        "from_unit": ports.content.jurisdictions.get(case.receiving_code).full_name
        + "政务服务中心",
        "to_unit": home.department(case.department).name,
        "transfer_method": carrier_method(
            str(details.get("method", "post")), str(details.get("carrier", ""))
        ),
        "tracking_number": str(details.get("waybill", "")),
        "transferred_date": _day(event.at),
    }


def _delivery_receipt(
    ports: DocumentPorts, case: Case, event: CaseEvent, events: list[CaseEvent]
) -> dict[str, Any]:
    method = str(event.details.get("method", "window"))
    carrier = str(event.details.get("carrier", ""))
    completion = [
        r
        for r in ports.registry.for_case(case.case_id)
        if r["kind"] == "completion_notice" and r.get("status", "issued") == "issued"
    ]
    receiver = str(event.details.get("receiver", "")).strip()
    return {
        # Window pick-up by someone else: the 代收人 row names who collected it, with the ID seen.
        "agent_name": _collected_by(receiver, str(event.details.get("receiver_id", "")))
        if receiver and receiver != case.applicant_name
        else "",
        "delivered_document": "办结通知书",
        "delivered_document_number": completion[0]["document_number"] if completion else "",
        "delivery_method": (
            carrier_method(method, carrier)
            if method == "post"
            else DELIVERY_LABELS.get(method, method)
        ),
        "delivery_place": str(event.details.get("address", ""))
        or ports.content.jurisdictions.get(case.receiving_code).full_name,
        # Walk-in applicants have no account: the receipt carries the link their rating opens.
        "rating_url": rating_url(ports.public_base_url, ports.rating_link_key, case.case_id)
        if ports.rating_link_key
        else "",
    }


def _collected_by(name: str, id_number: str) -> str:
    return f"{name}（居民身份证 {id_number}）" if id_number else name


def _special_procedure(
    ports: DocumentPorts, case: Case, event: CaseEvent, events: list[CaseEvent]
) -> dict[str, Any]:
    days = _expected_days(event)
    code = str(event.details.get("procedure", "")).strip()
    return {
        "procedure": PROCEDURE_LABELS.get(code, code) or "特别程序",
        "expected_days": days,
        "reason": event.reason.rstrip("。."),
        "suspended_date": _day(event.at),
        "legal_basis": "《中华人民共和国行政许可法》第四十五条",
    }


def _extension(
    ports: DocumentPorts, case: Case, event: CaseEvent, events: list[CaseEvent]
) -> dict[str, Any]:
    clock = clock_as_of(ports.content, case, events, event.seq)
    new_due = clock.legal_due.isoformat() if clock.legal_due else "待节假日安排录入后确定"
    return {
        "reason": event.reason.rstrip("。."),
        "extended_days": ports.content.catalog.get(case.item_code).time_limits.extension_days,
        "new_legal_due": new_due,
        "approved_by": str(event.details.get("approved_by", "")) or person_name(event.actor),
        "accepted_date": _day(clock.accepted_on.isoformat()) if clock.accepted_on else "",
        "legal_basis": "《中华人民共和国行政许可法》第四十二条第一款",
    }


CONTEXT_BUILDERS: dict[str, Builder] = {
    "receipt": _receipt,
    "supplement_notice": _supplement,
    "refusal_notice": _refusal,
    "denial_decision": _denial,
    "completion_notice": _completion,
    "transfer_slip": _transfer_slip,
    "delivery_receipt": _delivery_receipt,
    "special_procedure_notice": _special_procedure,
    "extension_notice": _extension,
}
