"""The case dossier (卷宗): cover, the application as filled, every issued notice and every normalised material.

A dossier is numbered and registered like any document, so its verification code checks at /verify and
its hash is the stored file's. One dossier per state of the case (last step and documents issued so far):
asking again returns the same file.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from chalicelib.domain.cases import Case
from chalicelib.domain.errors import ConcurrencyError
from chalicelib.domain.forms import Field
from chalicelib.domain.roles import Principal

from .access_policy import check_staff_view, visible_case
from .document_context import document_context
from .document_issuing import (
    DocumentPorts,
    document_key,
    issued_records,
    reserve,
)
from .forms_lookup import form_of_case
from .material_scans import scan_of
from .ports import BlobStore, ScanNormaliser, ScanResults

DOSSIER = "dossier_cover"
_STATES_PER_STEP = 100  # room for the documents a step's state can gain before the next step


@dataclass(frozen=True)
class DossierPorts:
    docs: DocumentPorts
    materials: BlobStore
    scans: ScanResults
    scanner: ScanNormaliser


def rows_of(ports: DocumentPorts, case: Case) -> list[dict[str, str]]:
    """The answers as label/value rows, in the order of the form; groups flattened with their index."""
    form = form_of_case(ports.content, case)
    names = {j.code: j.full_name for j in ports.content.jurisdictions.all()}
    rows: list[dict[str, str]] = []
    for field in form.all_fields():
        value = case.answers.get(field.id)
        if value in (None, "", [], {}):
            continue
        if isinstance(value, list) and value and isinstance(value[0], dict):
            for index, entry in enumerate(value, 1):
                for child in field.fields:
                    if entry.get(child.id) not in (None, ""):
                        label = f"{field.label}{index}·{child.label}"
                        rows.append(
                            {"label": label, "value": _display(child, entry[child.id], names)}
                        )
            continue
        rows.append({"label": field.label, "value": _display(field, value, names)})
    return rows


def _display(field: Field, value: Any, names: dict[str, str]) -> str:
    """Option values read as their Chinese labels; money in fen reads as yuan."""
    labels = {option.value: option.label for option in field.options}
    if labels:
        chosen = value if isinstance(value, list) else [value]
        return "、".join(str(labels.get(v, v)) for v in chosen)
    if field.type == "money" and isinstance(value, int):
        return f"{value / 100:.2f} 元"
    return _text(value, names)


def _text(value: Any, names: dict[str, str]) -> str:
    if isinstance(value, dict) and "code" in value and "province" in value:
        # Division codes of partners read as their names; others keep the code (no national table here).
        return names.get(str(value["code"]), f"行政区划{value['code']}")
    if isinstance(value, dict):
        return " ".join(_text(v, names) for v in value.values() if v)
    if isinstance(value, list):
        return "、".join(_text(v, names) for v in value)
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def assemble(ports: DossierPorts, principal: Principal, case_id: str) -> dict[str, Any]:
    """Assemble, store and register the dossier of the case as it stands; a short-lived download link."""
    docs = ports.docs
    case = visible_case(docs.cases, principal, case_id)
    check_staff_view(principal, case, "卷宗")
    events = docs.cases.events(case_id)
    last = events[-1]
    notices = [r for r in issued_records(docs.registry.for_case(case_id)) if r["kind"] != DOSSIER]
    state = last.seq * _STATES_PER_STEP + min(len(notices), _STATES_PER_STEP - 1)
    jurisdiction = docs.content.jurisdictions.get(principal.jurisdiction or case.receiving_code)
    unit = f"{jurisdiction.name}政务服务中心"
    year = docs.clock.today().isoformat()[:4]
    record, attempt = reserve(docs, case, state, DOSSIER, jurisdiction, year, folder="dossiers")
    if record["status"] != "issued" and record["claim"] != attempt:
        raise ConcurrencyError("该办件的卷宗正在生成，请稍后再试")
    if record["status"] != "issued":
        record = _build(ports, principal, case, events, notices, record, unit, year)
    return {
        "case_number": case.case_number,
        "document_number": record["document_number"],
        "code": record["code"],
        "parts": record["parts"],
        "bytes": record["bytes"],
        "download_url": docs.store.presign_download(record["key"], docs.download_expiry_seconds),
    }


def _build(
    ports: DossierPorts,
    principal: Principal,
    case: Case,
    events: list[Any],
    notices: list[dict[str, Any]],
    record: dict[str, Any],
    unit: str,
    year: str,
) -> dict[str, Any]:
    from chalicelib.domain.document_kinds import document_number

    docs = ports.docs
    jurisdiction = docs.content.jurisdictions.get(principal.jurisdiction or case.receiving_code)
    number = document_number(jurisdiction.name, DOSSIER, year, int(record["serial"]))
    context = document_context(docs, case, events[-1], events, DOSSIER, number)
    context.update(
        {
            "unit_name": unit,
            "status_label": case.status.label_zh,
            "completed_date": str(case.result.get("completed_at", ""))[:10],
            "retention_period": "30年",
            "staff_name": principal.name,
        }
    )
    code = str(record["code"])
    verify_url = f"{docs.public_base_url}/verify/{code}"
    cover = docs.renderer.render(DOSSIER, context, seal_name=unit, verify_url=verify_url, code=code)
    application = docs.renderer.render(
        "application_form",
        {
            **context,
            "answers": rows_of(docs, case),
            "form_key": f"{case.form_id}@v{case.form_version}",
        },
        seal_name=unit,
        verify_url=verify_url,
        code=code,
    )
    parts: list[tuple[str, bytes]] = [("申请表", application.pdf)]
    for notice in notices:
        parts.append((notice["title"], docs.store.get(notice["key"])))
    results = ports.scans.for_case(case.case_id)
    for material in case.materials:
        result = scan_of(results, material)  # the scan of the version the material is bound to
        if result.get("status") == "ok":
            pages = ports.materials.get(
                result["normalised_key"], result.get("normalised_version", "")
            )
            if (
                material.rotation
            ):  # turned at the counter: the dossier reads the way the clerk set it
                pages = ports.scanner.rotated(pages, material.rotation)
            parts.append((f"材料：{material.filename}", pages))
    pdf = ports.scanner.dossier(cover.pdf, parts, title=f"{case.case_number} 卷宗")
    # The merged file keeps no signature of its own; the signed cover is stored beside it for /verify.
    signed_key = document_key(
        case.case_id, int(record["seq"]), "dossier_signed_cover", code, "dossiers"
    )
    docs.store.put(signed_key, cover.pdf, "application/pdf")
    version = docs.store.put(record["key"], pdf, "application/pdf")
    issued = {
        **record,
        "title": cover.title,
        "document_number": number,
        "issuer": unit,
        "jurisdiction": jurisdiction.code,
        "issued_at": docs.clock.now().isoformat(),
        "sha256": hashlib.sha256(pdf).hexdigest(),
        "signed_key": signed_key,
        "version_id": version,
        "bytes": len(pdf),
        "parts": [title for title, _ in parts],
    }
    if not docs.registry.issue(issued):
        raise ConcurrencyError("该办件的卷宗正在生成，请稍后再试")
    return issued
