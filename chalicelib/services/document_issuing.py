"""Issued documents (文书): issuing one exactly once with a gapless 文书编号, listing them, verifying them by code.

Issuing is reserve → render → store → mark issued. The reservation (registry record of case, step and
kind) and its number are one conditional write; the PDF goes to a key fixed by the reservation. A retry
after a crash at any point finds the reservation and reuses its number, code and key: no gap, no stray
PDF. A reservation held by a worker that is still running is left alone (the message is retried later);
one older than `claim_timeout_seconds` (longer than a Lambda may run) belonged to a dead worker and is
taken over. A document that cannot be drawn from the case's data (the renderer's ValueError, e.g. a
character the font lacks) is marked `failed` with its Chinese reason and shown on the case; the message
is done, and a later delivery tries again with the same number.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any, Protocol

from chalicelib.domain.cases import Case, CaseEvent
from chalicelib.domain.document_kinds import (
    document_number,
    is_document_kind,
    is_uploaded_kind,
    label_of,
    number_series,
)
from chalicelib.domain.forms import FormDefinition
from chalicelib.domain.jurisdictions import Jurisdiction

from .document_context import document_context, issuing_side
from .document_facts import note_of, public_facts, uploaded_check
from .known_documents import KnownRecords
from .ports import (
    BlobStore,
    CaseFile,
    CaseFiles,
    Clock,
    Content,
    DocumentRegistry,
    DocumentRenderer,
)


class CaseReader(Protocol):
    def get(self, case_id: str) -> Case:
        """Load a case or raise NotFoundError."""

    def events(self, case_id: str) -> list[CaseEvent]:
        """The case's events in order."""


class FormReader(Protocol):
    def get(
        self, form_id: str, version: int | None = None, jurisdiction: str | None = None
    ) -> FormDefinition:
        """The published form version."""


log = logging.getLogger(__name__)

NOT_ISSUED_KINDS = frozenset({"dossier_cover", "application_form"})  # assembled on request


class DocumentInFlightError(RuntimeError):
    """Another delivery of the same message is issuing this document right now; retry later."""


@dataclass(frozen=True)
class DocumentPorts:
    """Exactly what issuing, listing and verifying documents touch."""

    cases: CaseReader
    files: CaseFiles  # a case with its events in one read, for issuing
    store: BlobStore
    registry: DocumentRegistry
    renderer: DocumentRenderer
    clock: Clock
    content: Content
    public_base_url: str
    download_expiry_seconds: int = 300
    rating_link_key: bytes = (
        b""  # the 送达回证 prints the case's 好差评 link (feedback.counter_rating)
    )
    claim_timeout_seconds: int = 90  # the Lambda timeout is 60 s: an older claim's worker is gone


def document_key(case_id: str, seq: int, kind: str, code: str, folder: str = "cases") -> str:
    """Fixed by the reservation, so every retry writes the same object."""
    return f"{folder}/{case_id}/{seq:06d}-{kind}-{code}.pdf"


def reserve(
    ports: DocumentPorts,
    case: Case,
    seq: int,
    kind: str,
    jurisdiction: Jurisdiction,
    year: str,
    folder: str = "cases",
) -> tuple[dict[str, Any], str]:
    """The registry record of (case, step, kind) with its serial in the issuer's series, and our claim."""
    now = ports.clock.now()
    attempt = (
        ports.renderer.new_code()
    )  # unguessable: the code if the record is new, else our claim
    reservation = {
        "case_id": case.case_id,
        "case_number": case.case_number,
        "seq": seq,
        "kind": kind,
        "code": attempt,
        "key": document_key(case.case_id, seq, kind, attempt, folder),
        "claim": attempt,
        "reserved_at": now.isoformat(),
    }
    stale_before = (now - timedelta(seconds=ports.claim_timeout_seconds)).isoformat()
    series = number_series(jurisdiction.code, kind, year)
    return ports.registry.reserve(reservation, series, stale_before), attempt


def issue(ports: DocumentPorts, message: dict[str, Any], file: CaseFile | None = None) -> str:
    """Issue the document a step asked for; a replayed or duplicated message issues nothing twice.
    `file`: the case's file when the caller has just read it (it is read here otherwise)."""
    case_id, seq, kind = (
        str(message.get("case_id", "")),
        int(message.get("seq", 0)),
        str(message.get("kind", "")),
    )
    if not is_document_kind(kind) or kind in NOT_ISSUED_KINDS or is_uploaded_kind(kind):
        return "unknown_kind"
    file = ports.files.read(case_id) if file is None else file
    if file.case is None or file.case.case_id != case_id:
        return "unknown_case"
    case, events = file.case, file.events
    event = next((e for e in events if e.seq == seq), None)
    if event is None:
        return "unknown_event"
    unit, jurisdiction = issuing_side(ports, case, event)
    record, attempt = reserve(ports, case, seq, kind, jurisdiction, event.at[:4])
    if record["status"] == "issued":
        return "duplicate"
    if record["claim"] != attempt:
        raise DocumentInFlightError(f"{case_id} #{seq} {kind} 正在出具")
    number = document_number(jurisdiction.name, kind, event.at[:4], int(record["serial"]))
    code = str(record["code"])
    # The file just read holds the case's other documents (the 送达回证 names the 办结通知书's number).
    known = replace(ports, registry=KnownRecords(ports.registry, case_id, file.documents))
    try:
        context = document_context(known, case, event, events, kind, number)
        rendered = ports.renderer.render(
            kind,
            context,
            seal_name=unit,
            verify_url=f"{ports.public_base_url}/verify/{code}",
            code=code,
        )
    except (ValueError, LookupError) as unrenderable:
        # The same case data fails the same way on every retry: say so on the case and stop, instead
        # of retrying into the dead-letter queue where nobody sees that a notice was never issued.
        reason = failure_reason(unrenderable)
        log.warning("document %s #%s %s cannot be rendered: %s", case_id, seq, kind, reason)
        ports.registry.mark_failed(
            {
                **record,
                "document_number": number,
                "reason": reason,
                "failed_at": ports.clock.now().isoformat(timespec="seconds"),
            }
        )
        return "failed"
    version = ports.store.put(record["key"], rendered.pdf, "application/pdf")
    issued = ports.registry.issue(
        {
            **record,
            "title": rendered.title,
            "document_number": number,
            "issuer": unit,
            "jurisdiction": jurisdiction.code,
            "issued_at": event.at,
            "sha256": rendered.sha256,
            "version_id": version,
            "bytes": len(rendered.pdf),
        }
    )
    return "issued" if issued else "duplicate"


def failure_reason(error: Exception) -> str:
    """The renderer's Chinese explanation, with the invisible characters it names left out of the text."""
    text = "".join(ch for ch in str(error) if ch.isprintable())[:300]
    return f"文书无法生成：{text}" if text else "文书无法生成"


def failed_documents(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Documents a step asked for that could not be rendered: shown on the case until one is issued."""
    return [
        {
            "kind": r["kind"],
            "label": label_of(r["kind"]),
            "document_number": r.get("document_number", ""),
            "reason": r.get("reason", "文书无法生成"),
            "failed_at": r.get("failed_at", ""),
        }
        for r in records
        if r.get("status") == "failed"
    ]


def issued_records(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Issued documents only (a reservation is not a document yet); records before reservations count."""
    return [r for r in records if r.get("status", "issued") == "issued"]


def list_documents(
    store: BlobStore, expiry_seconds: int, records: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """A case's documents as people see them; dossiers are fetched from their own page."""
    return [
        {
            "kind": r["kind"],
            "label": label_of(r["kind"]),
            "title": r["title"],
            "document_number": r["document_number"],
            "code": r["code"],
            "issuer": r["issuer"],
            "issued_at": r["issued_at"],
            "sha256": r["sha256"],
            "download_url": store.presign_download(r["key"], expiry_seconds),
            # An uploaded file says whose signature it carries (an outside CA is not checked).
            **({"signature_note": note_of(r)} if r.get("uploaded") else {}),
        }
        for r in issued_records(records)
        if r["kind"] not in NOT_ISSUED_KINDS
    ]


def check(ports: DocumentPorts, code: str) -> dict[str, Any]:
    """For anyone holding a paper or digital copy: is it genuine, who issued it, when, and its SHA-256."""
    normalised = "".join(ch for ch in code.upper() if ch.isalnum())
    candidates = {
        code.strip().upper(),
        "-".join(normalised[i : i + 4] for i in range(0, len(normalised), 4)),
    }
    record = next((r for r in (ports.registry.by_code(c) for c in candidates if c) if r), None)
    if record is None:
        return {
            "authentic": False,
            "message": "未找到该核验码对应的文书，请核对后重试；文书可能是伪造的",
        }
    pdf = ports.store.get(record["key"])
    stored_hash = hashlib.sha256(pdf).hexdigest()
    # A dossier merges signed parts into one file; its signature is the one on its stored cover.
    signed = ports.store.get(record["signed_key"]) if record.get("signed_key") else pdf
    signature = ports.renderer.verify_signature(signed, record["issuer"])
    if is_uploaded_kind(str(record["kind"])):
        return uploaded_check(record, stored_hash == record["sha256"], signature)
    authentic = stored_hash == record["sha256"] and bool(signature["ok"])
    return {
        "authentic": authentic,
        "message": "文书真实有效" if authentic else "文书存档与登记不符，请联系出具单位",
        **public_facts(record),
        "signature": signature,
    }


VERDICTS = {
    "authentic": "真实有效（与存档一致，签名有效）",
    "altered": "文件已被改动（与存档不符）",
    "unsigned": "与存档一致，但电子签章无法验证，请联系出具单位",
    "unknown": "未找到对应文书：文件上的核验码没有登记，文书可能是伪造的",
    "foreign": "不是本系统出具的文书：文件上没有本系统的核验码",
}


def check_file(ports: DocumentPorts, pdf: bytes) -> dict[str, Any]:
    """An uploaded copy: found by the code printed on it, then its bytes against the registered SHA-256
    and its own PAdES signature. Any changed byte changes the hash, so an edit cannot pass."""
    uploaded = hashlib.sha256(pdf).hexdigest()
    code = ports.renderer.find_code(pdf)
    found = ports.registry.by_code(code) if code else None
    record = next(iter(issued_records([found])), None) if found else None
    if record is None:
        verdict = "unknown" if code else "foreign"
        return {
            "verdict": verdict,
            "authentic": False,
            "message": VERDICTS[verdict],
            "code": code or "",
            "uploaded_sha256": uploaded,
        }
    same = uploaded == record["sha256"]
    # A dossier merges signed parts into one file; its signature is the one on its stored cover.
    signed = ports.store.get(record["signed_key"]) if same and record.get("signed_key") else pdf
    signature = ports.renderer.verify_signature(signed, record["issuer"])
    verdict = ("authentic" if signature["ok"] else "unsigned") if same else "altered"
    return {
        "verdict": verdict,
        "authentic": verdict == "authentic",
        "message": VERDICTS[verdict],
        "code": record["code"],
        "uploaded_sha256": uploaded,
        **public_facts(record),
        "signature": signature,
    }
