"""Paragraph texts are parsed and broken into lines once per process, cells wrapped once per width,
and a notice is still the same file byte for byte: first in a process or after many, one page or
split over several."""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

import pytest
from pypdf import PdfReader
from reportlab import rl_config
from reportlab.platypus import Paragraph

from chalicelib.documents.contexts import sample_context
from chalicelib.documents.pdf import paragraph
from chalicelib.documents.pdf.render import _styles
from chalicelib.documents.sealed_pdf import render_document
from devtools.bench_documents import CODE, TEMPLATES, URL

LONG_REASON = "申请事项依法不属于本机关职权范围，且所附材料与申请事项不符" * 120


def _contexts() -> list[tuple[str, dict[str, Any]]]:
    receipt = sample_context("receipt", "proxy")
    long_receipt = sample_context("receipt", "joint_remote")
    long_receipt["applicant_name"] = "欧阳 娜娜\n（第二行） & <b>不是标记</b>"
    long_receipt["materials"] = [
        dict(m, name=f"材料{i} {m['name']}" * (1 + i % 4))
        for i, m in enumerate(long_receipt["materials"] * 12)
    ]
    refusal = sample_context("refusal_notice", "online")
    refusal["reason"] = LONG_REASON
    # Line breaks make a paragraph of several fragments: reportlab breaks and splits those apart.
    broken = sample_context("refusal_notice", "proxy")
    broken["reason"] = "\n".join([LONG_REASON[:90]] * 80)
    return [
        ("receipt", receipt),
        ("receipt", long_receipt),
        ("refusal_notice", refusal),
        ("refusal_notice", broken),
    ]


def _render(kind: str, context: dict[str, Any]) -> bytes:
    return render_document(
        kind, context, templates_dir=TEMPLATES, seal_name=context["unit_name"],
        verify_url=URL, verification_code=CODE, key_source=None,
    ).pdf  # fmt: skip


@pytest.fixture
def invariant(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fixed dates and file identifier, so two renderings of one notice can be compared bytewise."""
    monkeypatch.setattr(rl_config, "invariant", 1)


@pytest.mark.usefixtures("invariant")
def test_a_notice_is_the_same_file_whether_its_texts_were_parsed_before_or_not() -> None:
    cases = _contexts()
    paragraph._parsed.cache_clear()
    cold = [_render(kind, context) for kind, context in cases]
    assert paragraph._parsed.cache_info().hits > 0, "labels repeat within a notice"
    warm = [_render(kind, context) for kind, context in reversed(cases)]
    assert cold == list(reversed(warm))
    assert [len(PdfReader(io.BytesIO(pdf)).pages) > 1 for pdf in cold] == [False, True, True, True]


@pytest.mark.usefixtures("invariant")
def test_a_paragraph_split_over_pages_keeps_every_character() -> None:
    kind, context = _contexts()[2]
    pdf = _render(kind, context)
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    # Each page begins with its footer line; the notice states the reason twice.
    text = "".join(page.split("\n", 1)[1] for page in pages)
    assert "".join(text.split()).count("且所附材料与申请事项不符") == 2 * 120


@pytest.mark.parametrize(
    "text", ["办件编号", "", "a  b\n\nc & <d>", "第一行\n第二行\n", " 前后空格 "]
)
def test_fragments_are_what_reportlabs_parser_makes_and_each_paragraph_owns_its_own(
    text: str,
) -> None:
    style = _styles()["cell"]
    made = paragraph.plain_paragraph(text, style)
    again = paragraph.plain_paragraph(text, style)
    markup = escape(text).replace("\n", "<br/>")
    reference = Paragraph(markup, style)
    assert made.text == reference.text
    assert [f.__dict__ for f in made.frags] == [f.__dict__ for f in reference.frags]
    assert not {id(f) for f in made.frags} & {id(f) for f in again.frags}


def test_a_paragraph_wraps_anew_for_another_width_and_after_split_dropped_its_lines() -> None:
    made = paragraph.plain_paragraph("很长的事项名称" * 20, _styles()["cell"])
    wide = made.wrap(400, 1000)
    assert made.wrap(400, 10) == wide
    narrow = made.wrap(100, 1000)
    assert narrow[1] > wide[1]
    del made.blPara  # what split() does when the paragraph moves on to the next frame
    assert made.wrap(100, 1000) == narrow
    assert hasattr(made, "blPara")


def _words(paragraph: Paragraph) -> list[list[str]]:
    return [[word.text for word in line.words] for line in paragraph.blPara.lines]


def test_splitting_a_paragraph_leaves_the_next_one_of_the_same_text_as_reportlab_breaks_it() -> (
    None
):
    text = "\n".join(["申请事项依法不属于本机关职权范围" * 3] * 6)
    style = _styles()["body"]
    reference = Paragraph(escape(text).replace("\n", "<br/>"), style)
    reference.wrap(300, 1000)
    first = paragraph.plain_paragraph(text, style)
    first.wrap(300, 1000)
    assert len(first.split(300, 60)) == 2, "split over two frames"
    second = paragraph.plain_paragraph(text, style)
    second.wrap(300, 1000)
    assert reference.blPara.kind == second.blPara.kind == 1
    assert _words(second) == _words(reference)
