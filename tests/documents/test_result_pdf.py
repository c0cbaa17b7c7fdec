"""A department's uploaded signed result PDF: kept only if it is a clean PDF; its signer is told, and a
signature from outside our key source is reported as external rather than refused."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfWriter
from pypdf.actions import JavaScript

from chalicelib.documents.pdf.keys import LocalKeySource
from chalicelib.documents.pdf.signing import sign_pdf
from chalicelib.documents.result_pdf import (
    EXTERNAL_SIGNATURE,
    UNSIGNED,
    ResultPdf,
    inspect_result_pdf,
)
from chalicelib.documents.scan_errors import ScanRejectedError

DEPARTMENT = "平罗县人力资源和社会保障局"


def blank(pages: int = 1) -> PdfWriter:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    return writer


def written(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def signed_by(keys: LocalKeySource, department: str = DEPARTMENT) -> bytes:
    return sign_pdf(written(blank(2)), keys, department, reason="准予许可", location="平罗县")


def inspect(pdf: bytes, keys: LocalKeySource) -> ResultPdf:
    return inspect_result_pdf(pdf, "结果.pdf", [keys.trust_root(DEPARTMENT)])


def refusal(pdf: bytes, keys: LocalKeySource) -> ScanRejectedError:
    with pytest.raises(ScanRejectedError) as refused:
        inspect(pdf, keys)
    return refused.value


def test_a_pdf_signed_with_the_departments_own_key_is_trusted_and_names_its_signer(
    key_source: LocalKeySource,
) -> None:
    checked = inspect(signed_by(key_source), key_source)
    assert checked.signed and checked.trusted and checked.signer == DEPARTMENT
    assert checked.pages == 2 and checked.signed_at
    assert checked.signature_note == f"电子签章有效（{DEPARTMENT}）"


def test_a_pdf_signed_by_an_outside_ca_is_accepted_and_called_external(
    key_source: LocalKeySource, tmp_path: Path
) -> None:
    provincial = LocalKeySource(tmp_path / "provincial")  # another CA: not one of our trust roots
    checked = inspect(signed_by(provincial, "宁夏回族自治区政务服务管理局"), key_source)
    assert checked.signed and not checked.trusted
    assert checked.signer == "宁夏回族自治区政务服务管理局"
    assert checked.signature_note.startswith(EXTERNAL_SIGNATURE)


def test_an_unsigned_pdf_is_accepted_and_said_to_be_unsigned(key_source: LocalKeySource) -> None:
    checked = inspect(written(blank(3)), key_source)
    assert not checked.signed and not checked.trusted and checked.pages == 3
    assert checked.signature_note == UNSIGNED


def test_an_encrypted_pdf_is_refused(key_source: LocalKeySource) -> None:
    writer = blank()
    writer.encrypt("secret", algorithm="AES-128")
    error = refusal(written(writer), key_source)
    assert error.code == "pdf_encrypted" and "加密" in error.message


def test_a_pdf_with_javascript_is_refused(key_source: LocalKeySource) -> None:
    writer = blank()
    writer.add_open_action(JavaScript("app.alert('hi');"))
    error = refusal(written(writer), key_source)
    assert error.code == "pdf_active_content" and "脚本" in error.message


def test_a_pdf_with_an_attachment_is_refused(key_source: LocalKeySource) -> None:
    writer = blank()
    writer.add_attachment("payload.exe", b"MZ")
    assert refusal(written(writer), key_source).code == "pdf_embedded_files"


def test_a_file_that_is_not_a_pdf_is_refused_in_chinese(key_source: LocalKeySource) -> None:
    error = refusal(b"\x89PNG\r\n\x1a\n" + b"0" * 64, key_source)
    assert error.code == "not_pdf" and "不是 PDF" in error.message
    assert refusal(b"", key_source).code == "empty"


def test_a_pdf_that_does_not_parse_is_refused(key_source: LocalKeySource) -> None:
    assert refusal(b"%PDF-1.7\n1 0 obj << /Type /Catalog", key_source).code == "pdf_malformed"


def test_a_signed_pdf_changed_after_signing_is_refused(key_source: LocalKeySource) -> None:
    pdf = signed_by(key_source)
    tampered = pdf.replace(b"/MediaBox", b"/MediaBoy", 1)
    assert tampered != pdf
    assert refusal(tampered, key_source).code in ("pdf_signature_broken", "pdf_malformed")


def test_too_many_pages_are_refused(key_source: LocalKeySource) -> None:
    with pytest.raises(ScanRejectedError) as refused:
        inspect_result_pdf(written(blank(3)), "结果.pdf", [], max_pages=2)
    assert refused.value.code == "too_many_pages"
