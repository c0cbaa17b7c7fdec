"""The PDF implementation of the DocumentRenderer port: render_document + PAdES signing + verification."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from chalicelib.services.ports import RenderedDocument, ScanRejected


class PdfIssuer:
    """Heavy libraries load on first use, so the API's cold start does not pay for them."""

    def __init__(self, templates_dir: Path, keys_dir: Path | None, key_store: Any = None) -> None:
        self._templates = templates_dir
        self._keys_dir = keys_dir
        self._key_store = key_store
        self._keys: Any = None

    def _key_source(self) -> Any:
        if self._keys is None:
            from .pdf.keys import DEFAULT_KEY_DIR, FileKeyStore, StoredKeySource

            store = self._key_store or FileKeyStore(self._keys_dir or DEFAULT_KEY_DIR)
            self._keys = StoredKeySource(store)
        return self._keys

    def new_code(self) -> str:
        from .pdf.codes import new_verification_code

        return new_verification_code()

    def render(
        self, kind: str, context: dict[str, Any], *, seal_name: str, verify_url: str, code: str
    ) -> RenderedDocument:
        from .sealed_pdf import render_document

        issued = render_document(
            kind,
            context,
            templates_dir=self._templates,
            seal_name=seal_name,
            verify_url=verify_url,
            verification_code=code,
            key_source=self._key_source(),
        )
        return RenderedDocument(pdf=issued.pdf, sha256=issued.sha256, title=issued.title)

    def find_code(self, pdf: bytes) -> str | None:
        from .pdf.codes import printed_code

        return printed_code(pdf)

    def verify_signature(self, pdf: bytes, seal_name: str) -> dict[str, Any]:
        from .pdf.signing import verify_pdf_signature

        report = verify_pdf_signature(pdf, [self._key_source().trust_root(seal_name)])
        return {
            "ok": report.ok,
            "signer": report.signer,
            "signed_at": report.signed_at.isoformat() if report.signed_at else "",
            "problems": list(report.problems),
        }

    def inspect_upload(self, pdf: bytes, name: str, seal_name: str) -> dict[str, Any]:
        from .result_pdf import inspect_result_pdf
        from .scan_errors import ScanRejectedError

        try:
            checked = inspect_result_pdf(pdf, name, [self._key_source().trust_root(seal_name)])
        except ScanRejectedError as error:
            raise ScanRejected(error.code, error.message) from error
        return {
            "pages": checked.pages,
            "signed": checked.signed,
            "trusted": checked.trusted,
            "signer": checked.signer,
            "signed_at": checked.signed_at,
            "note": checked.signature_note,
            "problems": list(checked.problems),
        }
