"""A department's own signed result PDF, uploaded by its approver: the scan pipeline's PDF checks, then who signed it.

The file is stored as sent (re-writing it would break its signature), so it must pass the same checks
as an applicant's PDF (not encrypted, no scripts, auto-actions or attachments, parses) before it is kept.
A signature from outside our key source (the provincial licence system's CA) is reported, not refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from .scan_errors import ScanRejectedError
from .scan_pdf import open_pdf

MAX_RESULT_PAGES = 200  # a licence with its annexes; a longer file is the wrong file
EXTERNAL_SIGNATURE = "外部签章，系统未校验其证书"
UNSIGNED = "未加盖电子签章"


@dataclass(frozen=True)
class ResultPdf:
    """What the approver and the verifier are told about the uploaded file."""

    pages: int
    signed: bool
    signer: str = ""
    trusted: bool = False  # signed with the department's own key from our key source
    signed_at: str = ""
    problems: tuple[str, ...] = field(default_factory=tuple)

    @property
    def signature_note(self) -> str:
        if not self.signed:
            return UNSIGNED
        if self.trusted:
            return f"电子签章有效（{self.signer}）" if self.signer else "电子签章有效"
        return (
            f"{EXTERNAL_SIGNATURE}（签章人：{self.signer}）" if self.signer else EXTERNAL_SIGNATURE
        )


def inspect_result_pdf(
    data: bytes, name: str, trust_roots: Sequence[bytes], *, max_pages: int = MAX_RESULT_PAGES
) -> ResultPdf:
    """The checked file's facts, or ScanRejectedError with the Chinese reason (nothing is kept)."""
    from .pdf.signing import verify_pdf_signature

    if not data:
        raise ScanRejectedError("empty", name)
    if not data.startswith(b"%PDF-"):
        raise ScanRejectedError("not_pdf", name)
    reader = open_pdf(data, name, max_pages=max_pages)
    report = verify_pdf_signature(data, trust_roots)
    # A signature whose value fails or whose signed bytes changed is damage, not a foreign CA.
    if report.signed and not (report.intact and report.valid):
        what = "；".join(report.problems) or "签章无法校验"
        raise ScanRejectedError("pdf_signature_broken", name, what=what[:200])
    return ResultPdf(
        pages=len(reader.pages),
        signed=report.signed,
        signer=report.signer,
        trusted=report.ok,
        signed_at=report.signed_at.isoformat() if report.signed_at else "",
        problems=report.problems,
    )
