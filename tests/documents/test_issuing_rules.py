"""Rules around issuing: refuse undrawable text before drawing, name missing data, editable templates, lazy imports."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest
from pypdf import PdfReader

from chalicelib.documents.contexts import DOCUMENT_KINDS, MissingContextError, sample_context
from chalicelib.documents.layouts import LayoutError, available_kinds
from chalicelib.documents.pdf.codes import (
    InvalidVerificationCodeError,
    new_verification_code,
    normalise_verification_code,
)
from chalicelib.documents.pdf.fonts import UndrawableCharacterError, check_drawable
from chalicelib.documents.sealed_pdf import UnknownDocumentKindError

from .conftest import ROOT, TEMPLATES, Issue


class CountingKeySource:
    """A key source that only counts: proves nothing reached the signing step."""

    def __init__(self) -> None:
        self.calls = 0

    def certificate_chain(self, department: str) -> Sequence[bytes]:
        self.calls += 1
        return []

    def signature_mechanism(self, department: str) -> str:
        self.calls += 1
        return "sha256_ecdsa"

    def sign(self, department: str, data: bytes, digest_algorithm: str) -> bytes:
        self.calls += 1
        return b""


def test_check_drawable_lists_only_characters_the_font_lacks() -> None:
    assert check_drawable("周𠙶 王䶮 李堃 刘赟 ID 64022119850312001X\n") == []
    assert check_drawable("张\ue000三\U000f0001\ue000") == ["\ue000", "\U000f0001"]


def test_an_undrawable_name_is_refused_in_chinese_before_anything_is_rendered(issue: Issue) -> None:
    keys = CountingKeySource()
    context = {**sample_context("receipt", "proxy"), "applicant_name": "张\ue000"}
    with pytest.raises(UndrawableCharacterError) as caught:
        issue("receipt", context=context, keys=keys)
    assert "申请人姓名" in str(caught.value) and "U+E000" in str(caught.value)
    assert caught.value.characters == ["\ue000"]
    assert keys.calls == 0


def test_an_undrawable_character_in_a_material_name_names_the_material(issue: Issue) -> None:
    context = sample_context("receipt", "proxy")
    context["materials"][1]["name"] = "户口簿\U000f0001"
    with pytest.raises(UndrawableCharacterError, match=r"materials\[2\]\.name"):
        issue("receipt", context=context, signed=False)


def test_missing_context_keys_are_named_together(issue: Issue) -> None:
    context = sample_context("refusal_notice", "proxy")
    del context["court"], context["review_body"]
    with pytest.raises(MissingContextError, match="review_body、court"):
        issue("refusal_notice", context=context, signed=False)


def test_an_unknown_document_kind_is_refused(issue: Issue) -> None:
    with pytest.raises(UnknownDocumentKindError):
        issue("nonsense", context=sample_context("receipt"), signed=False)


def test_there_is_one_layout_per_document_kind() -> None:
    assert available_kinds(TEMPLATES) == sorted(DOCUMENT_KINDS)


def test_editing_a_layout_changes_the_document_without_python(issue: Issue, tmp_path: Path) -> None:
    shutil.copytree(TEMPLATES / "documents", tmp_path / "documents")
    path = tmp_path / "documents" / "receipt.json"
    layout = json.loads(path.read_text(encoding="utf-8"))
    layout["blocks"].insert(
        2, {"type": "paragraph", "text": "温馨提示：{{ item_name }}可预约办理。"}
    )
    path.write_text(json.dumps(layout, ensure_ascii=False), encoding="utf-8")
    pdf = issue("receipt", templates_dir=tmp_path, signed=False).pdf
    assert (
        "温馨提示：户口迁移（工作调动）可预约办理。"
        in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    )


def test_a_layout_naming_an_unknown_key_fails_with_the_key_in_the_message(
    issue: Issue, tmp_path: Path
) -> None:
    (tmp_path / "documents").mkdir()
    layout = {"title": "回执", "blocks": [{"type": "paragraph", "text": "{{ no_such_key }}"}]}
    (tmp_path / "documents" / "receipt.json").write_text(json.dumps(layout), encoding="utf-8")
    with pytest.raises(LayoutError, match="no_such_key"):
        issue("receipt", templates_dir=tmp_path, signed=False)


def test_verification_codes_are_grouped_unique_and_forgive_typing_slips() -> None:
    codes = {new_verification_code() for _ in range(2000)}
    assert len(codes) == 2000
    code = next(iter(codes))
    assert len(code) == 14 and code[4] == code[9] == "-"
    typed = code.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    assert normalise_verification_code(typed) == code
    with pytest.raises(InvalidVerificationCodeError):
        normalise_verification_code("ABCD-EFGH-IJK")


def test_importing_the_documents_api_loads_no_pdf_or_image_library() -> None:
    probe = (
        "import sys, chalicelib.documents.sealed_pdf, chalicelib.documents.scans, "
        "chalicelib.documents.dossier, chalicelib.documents.contexts, chalicelib.documents.pdf.keys;"
        "heavy = [m for m in ('reportlab', 'PIL', 'pypdf', 'pyhanko', 'qrcode') if m in sys.modules];"
        "print(','.join(heavy))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
