"""Every notice, in every handling mode: exact text, embedded subset fonts, QR code, seal, PAdES signature."""

from __future__ import annotations

import io
import re
from functools import cache
from typing import Any

import pytest
import zxingcpp
from pypdf import PdfReader

from chalicelib.documents.contexts import DOCUMENT_KINDS, MODES, sample_context
from chalicelib.documents.pdf.keys import LocalKeySource
from chalicelib.documents.pdf.signing import verify_pdf_signature
from chalicelib.documents.sealed_pdf import IssuedDocument

from .conftest import VERIFY_BASE, Issue

CASES = [(kind, mode) for kind in DOCUMENT_KINDS for mode in MODES]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@cache
def _rendered(issue: Issue, kind: str, mode: str) -> IssuedDocument:
    return issue(kind, mode)


@pytest.fixture
def rendered(issue: Issue) -> Any:
    return lambda kind, mode: _rendered(issue, kind, mode)


def page_text(pdf: bytes) -> str:
    return squash("".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))


def expected_phrases(kind: str, context: dict[str, Any]) -> list[str]:
    phrases = [
        context["applicant_name"],
        context["case_number"],
        context["unit_name"],
        context["applicant_id_number"],
        context["item_name"],
    ]
    if kind not in ("dossier_cover", "application_form"):  # dossier parts, not notices handed over
        phrases += ["一式两份", context["staff_name"]]
    if kind != "delivery_receipt":
        phrases.append(context["received_date"][:4] + "年")
    if "query_code" in context and kind != "delivery_receipt":
        phrases.append(context["query_code"])
    if kind in ("refusal_notice", "denial_decision"):
        phrases += [
            context["reason"],
            context["legal_basis"],
            f"六十日内向{context['review_body']}申请行政复议",
            f"六个月内依法向{context['court']}提起行政诉讼",
        ]
    if kind == "receipt":
        phrases += ["予以受理", "承诺办结日期", "2025年3月17日"]
    if kind == "special_procedure_notice":
        phrases += ["第四十五条", "检测", "15个工作日", "不计算在法定办理期限和承诺时限内"]
    if kind == "extension_notice":
        phrases += ["第四十二条", "经本机关负责人批准", "2025年4月15日", context["approved_by"]]
    if kind == "application_form":
        phrases += [a["value"] for a in context["answers"]]
    else:
        phrases += [m["name"] for m in context.get("materials", [])]
    phrases += [m["requirement"] for m in context.get("missing_materials", [])]
    return [squash(p) for p in phrases]


@pytest.mark.parametrize(("kind", "mode"), CASES)
def test_every_notice_in_every_mode_is_one_page_whose_text_extracts_exactly(
    rendered: Any, kind: str, mode: str
) -> None:
    document = rendered(kind, mode)
    reader = PdfReader(io.BytesIO(document.pdf))
    text = page_text(document.pdf)
    missing = [p for p in expected_phrases(kind, sample_context(kind, mode)) if p not in text]
    assert missing == []
    assert len(reader.pages) == 1
    assert document.kind == kind and document.title in text


def test_a_name_outside_the_bmp_extracts_as_written(issue: Issue) -> None:
    context = sample_context("receipt", "online")
    assert context["applicant_name"] == "周𠙶"  # U+20676, CJK Extension B
    assert "周𠙶：" in page_text(issue("receipt", "online", context, signed=False).pdf)


@pytest.mark.parametrize("name", ["王䶮", "李堃", "刘赟", "赵玥", "周𠙶"])
def test_rare_names_survive_in_every_field_they_appear(issue: Issue, name: str) -> None:
    context = {**sample_context("refusal_notice", "proxy"), "applicant_name": name}
    assert page_text(issue("refusal_notice", context=context, signed=False).pdf).count(name) >= 2


def test_to_unicode_maps_non_bmp_characters_as_utf16_pairs_where_reportlab_alone_does_not() -> None:
    from chalicelib.documents.pdf.fonts import _to_unicode_cmap, unpatched_to_unicode

    assert "<01> <D841DE76>" in _to_unicode_cmap("F", [0x5468, 0x20676])
    # Regression guard: if reportlab ever fixes this, the patch can go.
    assert "<01> <20676>" in unpatched_to_unicode("F", [0x5468, 0x20676])


def fonts_of(pdf: bytes) -> list[Any]:
    fonts = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        resources: Any = page["/Resources"]
        for ref in resources["/Font"].values():
            fonts.append(ref.get_object())
    return fonts


@pytest.mark.parametrize("kind", DOCUMENT_KINDS)
def test_every_font_is_an_embedded_subset_with_a_to_unicode_map(rendered: Any, kind: str) -> None:
    fonts = fonts_of(rendered(kind, "joint_remote").pdf)
    assert fonts
    for font in fonts:
        assert re.fullmatch(r"/[A-Z]{6}\+NotoSansCJKsc-Regular", font["/BaseFont"])
        assert "/FontFile2" in font["/FontDescriptor"]
        assert "/ToUnicode" in font


@pytest.mark.parametrize("kind", DOCUMENT_KINDS)
def test_the_qr_code_decodes_to_the_verify_url(rendered: Any, kind: str) -> None:
    page = PdfReader(io.BytesIO(rendered(kind, "proxy").pdf)).pages[0]
    decoded = [r.text for image in page.images for r in zxingcpp.read_barcodes(image.image)]
    assert decoded == [VERIFY_BASE + "7KQ2M9XD4TPA"]


def test_the_seal_is_drawn_in_red_with_transparency(rendered: Any) -> None:
    page = PdfReader(io.BytesIO(rendered("receipt", "proxy").pdf)).pages[0]
    seal = max((image.image for image in page.images if image.image), key=lambda i: i.width)
    assert seal.mode == "RGBA"
    pixels: list[Any] = list(seal.get_flattened_data())
    red = [p for p in pixels if p[3] > 0 and p[0] > 150 and p[1] < 90]
    assert len(red) > seal.width * seal.height // 20


@pytest.mark.parametrize("mode", MODES)
def test_every_signed_notice_validates_against_its_departments_certificate(
    rendered: Any, key_source: LocalKeySource, mode: str
) -> None:
    document = rendered("receipt", mode)
    report = verify_pdf_signature(document.pdf, [key_source.trust_root("平罗县审批服务管理局")])
    assert report.ok, report.problems
    assert report.signer == "平罗县审批服务管理局"


def test_a_tampered_copy_fails_validation(rendered: Any, key_source: LocalKeySource) -> None:
    signed = rendered("refusal_notice", "proxy").pdf
    tampered = signed.replace(b"/Creator", b"/Kreator", 1)
    assert tampered != signed
    report = verify_pdf_signature(tampered, [key_source.trust_root("平罗县审批服务管理局")])
    assert not report.ok
    assert not report.intact


def test_a_revision_appended_after_signing_is_reported(
    rendered: Any, key_source: LocalKeySource
) -> None:
    from pypdf import PdfWriter

    # An incremental update keeps the signed bytes intact but changes what a reader displays.
    writer = PdfWriter(io.BytesIO(rendered("receipt", "proxy").pdf), incremental=True)
    writer.add_blank_page()
    out = io.BytesIO()
    writer.write(out)
    report = verify_pdf_signature(out.getvalue(), [key_source.trust_root("平罗县审批服务管理局")])
    assert report.intact
    assert not report.covers_whole_document and not report.ok


def test_a_signature_from_another_department_is_untrusted(
    rendered: Any, key_source: LocalKeySource
) -> None:
    other = key_source.trust_root("惠民县公安局")
    report = verify_pdf_signature(rendered("receipt", "proxy").pdf, [other])
    assert report.intact and report.valid
    assert not report.trusted and not report.ok


def test_an_unsigned_pdf_reports_no_signature(issue: Issue) -> None:
    report = verify_pdf_signature(issue("receipt", signed=False).pdf, [])
    assert (report.signed, report.ok) == (False, False)


def test_the_sha256_fingerprint_is_of_the_final_signed_bytes(rendered: Any) -> None:
    import hashlib

    document = rendered("completion_notice", "online")
    assert document.sha256 == hashlib.sha256(document.pdf).hexdigest()
    assert document.verification_code == "7KQ2-M9XD-4TPA"
