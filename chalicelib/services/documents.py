"""Issued documents (文书): which step issues which notice, issuing it once, and verifying it by code."""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from chalicelib.domain.cases import Case
from chalicelib.domain.errors import NotFoundError
from chalicelib.domain.statuses import Action

from .deps import Deps
from .document_context import document_context, issuing_unit

log = logging.getLogger(__name__)

ISSUE_DOCUMENT = "issue_document"

KIND_FOR_ACTION: dict[Action, str] = {
    Action.ACCEPT: "receipt",
    Action.REQUEST_SUPPLEMENT: "supplement_notice",
    Action.REFUSE: "refusal_notice",
    Action.DENY: "denial_decision",
    Action.COMPLETE: "completion_notice",
    Action.DELIVER: "delivery_receipt",
}

KIND_LABELS = {
    "receipt": "业务受理回执",
    "supplement_notice": "补正材料通知书",
    "refusal_notice": "不予受理通知书",
    "completion_notice": "办结通知书",
    "denial_decision": "不予许可决定书",
    "transfer_slip": "材料流转单",
    "delivery_receipt": "送达回证",
}


def kind_for(case: Case, action: Action, details: dict[str, Any]) -> str | None:
    """The notice a step issues; posted originals travel with a 材料流转单; a denial's 办结 issues nothing more."""
    if action is Action.SEND_MATERIALS:
        return "transfer_slip" if details.get("method") == "post" else None
    if action is Action.COMPLETE and case.result.get("decision") != "approve":
        return None
    return KIND_FOR_ACTION.get(action)


def document_task(case: Case, seq: int, kind: str) -> dict[str, Any]:
    return {"task": ISSUE_DOCUMENT, "case_id": case.case_id, "seq": seq, "kind": kind}


def issue_document(deps: Deps, message: dict[str, Any]) -> str:
    """Render, store and register one notice; a replayed message finds it registered and does nothing."""
    case_id, seq, kind = (
        str(message.get("case_id", "")),
        int(message.get("seq", 0)),
        str(message.get("kind", "")),
    )
    if kind not in KIND_LABELS:
        return "unknown_kind"
    try:
        case = deps.cases.get(case_id)
    except NotFoundError:
        return "unknown_case"
    if any(r["seq"] == seq and r["kind"] == kind for r in deps.registry.for_case(case_id)):
        return "duplicate"
    events = deps.cases.events(case_id)
    event = next((e for e in events if e.seq == seq), None)
    if event is None:
        return "unknown_event"
    code = deps.issuer.new_code()
    unit = issuing_unit(deps, case, event)
    context = document_context(deps, case, event, events, kind, unit)
    rendered = deps.issuer.render(
        kind, context, seal_name=unit, verify_url=f"{deps.public_base_url}/verify/{code}", code=code
    )
    key = f"cases/{case.case_id}/{seq:06d}-{kind}-{code}.pdf"
    version = deps.documents.put(key, rendered.pdf, "application/pdf")
    recorded = deps.registry.record(
        {
            "code": code,
            "case_id": case.case_id,
            "case_number": case.case_number,
            "seq": seq,
            "kind": kind,
            "title": rendered.title,
            "document_number": context["document_number"],
            "issuer": unit,
            "jurisdiction": context["unit_jurisdiction"],
            "issued_at": event.at,
            "sha256": rendered.sha256,
            "key": key,
            "version_id": version,
            "bytes": len(rendered.pdf),
        }
    )
    return "issued" if recorded else "duplicate"


def documents_for(deps: Deps, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "kind": r["kind"],
            "label": KIND_LABELS.get(r["kind"], r["kind"]),
            "title": r["title"],
            "document_number": r["document_number"],
            "code": r["code"],
            "issuer": r["issuer"],
            "issued_at": r["issued_at"],
            "sha256": r["sha256"],
            "download_url": deps.documents.presign_download(r["key"], deps.download_expiry_seconds),
        }
        for r in records
    ]


def verify(deps: Deps, code: str) -> dict[str, Any]:
    """For anyone holding a paper or digital copy: is it genuine, who issued it, when, and its SHA-256."""
    normalised = "".join(ch for ch in code.upper() if ch.isalnum())
    candidates = {
        code.strip().upper(),
        "-".join(normalised[i : i + 4] for i in range(0, len(normalised), 4)),
    }
    record = next((r for r in (deps.registry.by_code(c) for c in candidates if c) if r), None)
    if record is None:
        return {
            "authentic": False,
            "message": "未找到该核验码对应的文书，请核对后重试；文书可能是伪造的",
        }
    pdf = deps.documents.get(record["key"])
    stored_hash = hashlib.sha256(pdf).hexdigest()
    signature = deps.issuer.verify_signature(pdf, record["issuer"])
    authentic = stored_hash == record["sha256"] and bool(signature["ok"])
    return {
        "authentic": authentic,
        "message": "文书真实有效" if authentic else "文书存档与登记不符，请联系出具单位",
        "title": record["title"],
        "document_number": record["document_number"],
        "issuer": record["issuer"],
        "issued_at": record["issued_at"],
        "case_number": record["case_number"][:10] + "…" + record["case_number"][-4:],
        "sha256": record["sha256"],
        "signature": signature,
    }
