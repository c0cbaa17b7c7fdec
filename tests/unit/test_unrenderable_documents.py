"""Hole 6: a document that cannot be drawn is a visible failure on the case, not a retry into the DLQ."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from chalicelib.services import document_issuing, handling, queries
from chalicelib.services.ports import RenderedDocument
from tests.support.builders import PL_WINDOW, World, world
from tests.support.cases import file_case
from tests.support.fakes import FakeIssuer


def refused_case_with_a_name_the_font_lacks(w: World) -> tuple[str, dict[str, Any]]:
    """A case filed before intake refused such names (its data is as it was stored then)."""
    case_id = file_case(w, PL_WINDOW, mode="proxy", home="140823")
    w.cases.cases[case_id] = replace(w.cases.get(case_id), applicant_name="马\ue000强")
    handling.perform(w.steps, PL_WINDOW, case_id, action="refuse", reason="不属于受理范围")
    [message] = w.queue.drain("documents")
    return case_id, message


def test_a_refusal_notice_the_font_cannot_draw_is_shown_on_the_case_and_the_message_is_done() -> (
    None
):
    """Fails on the old code: `issue` raised the renderer's ValueError, so SQS retried the message
    into the dead-letter queue and the case never said that its 不予受理通知书 was not issued."""
    w = world()
    case_id, message = refused_case_with_a_name_the_font_lacks(w)
    assert document_issuing.issue(w.documents, message) == "failed"  # no exception to the queue
    view = queries.get_case(w.queries, PL_WINDOW, case_id)
    assert view["documents"] == []
    [failure] = view["document_failures"]
    assert failure["label"] == "不予受理通知书" and failure["document_number"]
    assert "U+E000" in failure["reason"] and "\ue000" not in failure["reason"]
    assert failure["reason"].startswith("文书无法生成：")


def test_a_redelivered_failure_tries_again_and_issues_under_the_same_number_once_fixed() -> None:
    w = world()
    case_id, message = refused_case_with_a_name_the_font_lacks(w)
    document_issuing.issue(w.documents, message)
    assert document_issuing.issue(w.documents, message) == "failed"  # a duplicate delivery: same
    number = queries.get_case(w.queries, PL_WINDOW, case_id)["document_failures"][0]
    w.cases.cases[case_id] = replace(w.cases.get(case_id), applicant_name="马国强")
    assert document_issuing.issue(w.documents, message) == "issued"
    view = queries.get_case(w.queries, PL_WINDOW, case_id)
    assert view["document_failures"] == []
    assert [d["document_number"] for d in view["documents"]] == [number["document_number"]]


class FlakyIssuer(FakeIssuer):
    def render(self, kind: str, context: dict[str, Any], **kw: Any) -> RenderedDocument:
        raise ConnectionError("signing key service unreachable")


def test_a_transient_error_still_raises_so_the_queue_retries() -> None:
    w = world()
    case_id = file_case(w, PL_WINDOW, mode="proxy", home="140823")
    handling.perform(w.steps, PL_WINDOW, case_id, action="accept")
    [message] = w.queue.drain("documents")
    with pytest.raises(ConnectionError):
        document_issuing.issue(replace(w.documents, renderer=FlakyIssuer()), message)
    assert queries.get_case(w.queries, PL_WINDOW, case_id)["document_failures"] == []
