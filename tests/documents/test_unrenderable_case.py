"""Hole 6 with the real PDF issuer: a name the document font cannot draw is a failure shown on the case."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from chalicelib.documents.issuer import PdfIssuer
from chalicelib.services import document_issuing, handling, queries
from tests.support.builders import PL_WINDOW, world
from tests.support.cases import file_case

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def test_a_refusal_notice_for_a_name_the_font_lacks_is_recorded_not_raised(tmp_path: Path) -> None:
    """Fails on the old code: UndrawableCharacterError escaped `issue` and the message went to the DLQ."""
    w = world()
    case_id = file_case(w, PL_WINDOW, mode="proxy", home="140823")
    w.cases.cases[case_id] = replace(w.cases.get(case_id), applicant_name="马\U000f0000强")
    handling.perform(w.steps, PL_WINDOW, case_id, action="refuse", reason="不属于受理范围")
    [message] = w.queue.drain("documents")
    ports = replace(w.documents, renderer=PdfIssuer(TEMPLATES, tmp_path))
    assert document_issuing.issue(ports, message) == "failed"
    [failure] = queries.get_case(w.queries, PL_WINDOW, case_id)["document_failures"]
    assert "申请人姓名" in failure["reason"] and "U+F0000" in failure["reason"]
