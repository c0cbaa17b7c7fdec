"""The home department uploads its own signed result (签章结果文书) once the case is decided.

No new step of the state machine: the file is registered in the case's document registry like a
rendered document (reserve a 文书编号 → store the bytes as sent → mark issued), so the applicant, the
counter and the approver list it with a download link and /verify confirms its SHA-256. One upload
per decision: the registry's record is keyed by the decisive event, so a second upload is refused.
"""

from __future__ import annotations

import hashlib
from typing import Any

from chalicelib.domain.document_kinds import document_number, label_of
from chalicelib.domain.errors import ConcurrencyError, DomainError, ValidationFailedError
from chalicelib.domain.roles import Principal
from chalicelib.domain.statuses import Action, CaseStatus

from .access_policy import check_may_upload_result, visible_case
from .document_issuing import DocumentPorts, list_documents, reserve
from .ports import ScanRejected

SIGNED_RESULT = "signed_result"
# Decided, result not yet handed over: after 送达 the applicant already holds the result.
DECIDED = frozenset({CaseStatus.APPROVED, CaseStatus.DENIED, CaseStatus.COMPLETED})
DECISIONS = frozenset({Action.APPROVE.value, Action.DENY.value})
# API Gateway base64-encodes the body and Lambda takes 6 MB: about 4 MB of file gets through.
MAX_RESULT_BYTES = 4 * 1024 * 1024
TOO_LARGE = "文件过大：签章结果文书不能超过 4 MB，请压缩后重新上传"


def may_upload(principal: Principal, case: Any) -> bool:
    """Whether the upload form is shown: the home department's staff, on a decided case."""
    try:
        check_may_upload_result(principal, case)
    except DomainError:  # refused: the form is not shown
        return False
    return case.status in DECIDED


def upload_signed_result(
    ports: DocumentPorts, principal: Principal, case_id: str, pdf: bytes, name: str
) -> dict[str, Any]:
    """Check, store and register the department's signed PDF; refusals are Chinese and store nothing."""
    case = visible_case(ports.cases, principal, case_id)
    check_may_upload_result(principal, case)
    if case.status not in DECIDED:
        raise ValidationFailedError("办件作出审批决定后、送达之前，才能上传签章结果文书")
    if len(pdf) > MAX_RESULT_BYTES:
        raise ValidationFailedError(TOO_LARGE)
    home = ports.content.jurisdictions.get(case.home_code)
    unit = home.department(case.department).name
    try:
        checked = ports.renderer.inspect_upload(pdf, name or "结果文书.pdf", unit)
    except ScanRejected as refused:
        raise ValidationFailedError(refused.message) from refused
    decision = next(
        (e for e in reversed(ports.cases.events(case_id)) if e.action in DECISIONS), None
    )
    if decision is None:  # a decided status always has its decision event; defensive only
        raise ValidationFailedError("未找到本办件的审批决定，不能上传签章结果文书")
    now = ports.clock.now().isoformat(timespec="seconds")
    record, attempt = reserve(ports, case, decision.seq, SIGNED_RESULT, home, now[:4])
    if record["status"] == "issued":
        raise ValidationFailedError("本次审批决定的签章结果文书已上传，不能重复上传")
    if record["claim"] != attempt:
        raise ConcurrencyError("另一份签章结果文书正在上传，请稍后刷新本页")
    number = document_number(home.name, SIGNED_RESULT, now[:4], int(record["serial"]))
    version = ports.store.put(record["key"], pdf, "application/pdf")
    issued = ports.registry.issue(
        {
            **record,
            "title": label_of(SIGNED_RESULT),
            "document_number": number,
            "issuer": unit,
            "jurisdiction": home.code,
            "issued_at": now,
            "sha256": hashlib.sha256(pdf).hexdigest(),
            "version_id": version,
            "bytes": len(pdf),
            "pages": checked["pages"],
            "uploaded": True,
            "uploaded_by": {"user_id": principal.user_id, "name": principal.name},
            "upload_signature": checked,
        }
    )
    if not issued:
        raise ConcurrencyError("另一份签章结果文书正在上传，请稍后刷新本页")
    records = [r for r in ports.registry.for_case(case_id) if r["kind"] == SIGNED_RESULT]
    listed = list_documents(ports.store, ports.download_expiry_seconds, records)
    return {**next(d for d in listed if d["code"] == record["code"]), "signature": checked}
