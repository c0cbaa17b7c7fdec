"""The 送达回证 prints the case's 好差评 link for walk-in applicants, and no row when there is none."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

from chalicelib.documents.contexts import sample_context

from .conftest import Issue


def text_of(pdf: bytes) -> str:
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) == 1
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in pages))


def test_the_receipt_prints_the_rating_link_on_its_one_page(issue: Issue) -> None:
    context = sample_context("delivery_receipt", "proxy")
    printed = text_of(issue("delivery_receipt", context=context, signed=False).pdf)
    assert "服务评价" in printed and context["rating_url"] in printed


def test_without_a_link_the_row_is_left_out(issue: Issue) -> None:
    context = {**sample_context("delivery_receipt", "proxy"), "rating_url": ""}
    assert "服务评价" not in text_of(issue("delivery_receipt", context=context, signed=False).pdf)
