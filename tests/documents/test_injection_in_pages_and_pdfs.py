"""The injection corpus through the pages that echo input and the PDFs (issue 9, build item 6): every
hostile text is shown as text — escaped in HTML, printed literally in a PDF, never evaluated."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from markupsafe import escape
from pypdf import PdfReader

from chalicelib.content.form_files import FormLibrary
from chalicelib.documents.contexts import sample_context
from chalicelib.documents.form_html import render_form_html
from chalicelib.documents.page_templates import render_page
from tests.support.injection_corpus import PRINTABLE, short

from .conftest import TEMPLATES, Issue

ROOT = Path(__file__).resolve().parents[2]
# The corpus's own tags (the pages' scripts are <script … src="/…"> files, never inline code).
HOSTILE_MARKUP = re.compile(r'<script(?![^>]*\ssrc="/)|<img', re.IGNORECASE)


def assert_inert_html(html: str, value: str) -> None:
    assert str(escape(value)) in html  # shown, escaped
    assert not HOSTILE_MARKUP.search(html), "hostile markup reached the page unescaped"
    if any(c in value for c in "<>\"'&"):
        assert value not in html  # only its escaped form is there
    if "7*7" in value:
        assert "49" not in html


SITE = {
    "name": "通办",
    "subtitle": "测试县 · 政务服务“跨省通办”",
    "base": "",
    "centre_name": "测试县政务服务中心",
    "centre_phone": "0000-0000000",
    "partners": "合作地区：测试县",
}


def shared(**context: object) -> dict[str, object]:
    return {"site": SITE, "user": None, "csrf": "t" * 43, **context}


@pytest.mark.parametrize("value", PRINTABLE, ids=short)
def test_the_track_page_echoes_a_hostile_number_and_error_as_text(value: str) -> None:
    errors = [{"field": "code", "message": value}]
    context = shared(values={"number": value[:40], "code": ""}, errors=errors, result=None)
    html = render_page(TEMPLATES, "track.html.j2", context)
    assert_inert_html(html, value[:40])
    assert str(escape(value)) in html  # the error message too


@pytest.mark.parametrize("value", PRINTABLE, ids=short)
def test_the_verify_page_echoes_a_hostile_code_as_text(value: str) -> None:
    result = {"authentic": False, "message": "未找到该核验码对应的文书"}
    context = shared(code=value, result=result, errors=[], by="code")
    assert_inert_html(render_page(TEMPLATES, "verify.html.j2", context), value)


@pytest.mark.parametrize("value", PRINTABLE, ids=short)
def test_the_form_page_shows_a_hostile_answer_back_as_text(value: str) -> None:
    form = FormLibrary.load(ROOT).get("unemployment-registration", 1)
    html = render_form_html(form, action="/api/cases", values={"job_intention": value})
    assert_inert_html(html, value)


def text_of(pdf: bytes) -> str:
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))


@pytest.mark.parametrize("kind", ["receipt", "refusal_notice"])
@pytest.mark.parametrize("value", PRINTABLE, ids=short)
def test_a_pdf_prints_a_hostile_name_and_reason_literally(
    issue: Issue, kind: str, value: str
) -> None:
    context = sample_context(kind, "proxy")
    context["applicant_name"] = value
    if "reason" in context:
        context["reason"] = value
    text = text_of(issue(kind, "proxy", context, signed=False).pdf)
    assert re.sub(r"\s+", "", value) in text
    if "7*7" in value:
        assert "49" not in text
