"""A document a step asked for shows as being prepared until the worker has issued it (never just absent)."""

from __future__ import annotations

from dataclasses import replace

from chalicelib.services import document_issuing, handling, queries
from tests.support.builders import PL_WINDOW, world
from tests.support.cases import file_case


def test_an_accepted_case_says_its_receipt_is_being_prepared_until_it_is_issued() -> None:
    w = world()
    case_id = file_case(w, PL_WINDOW, mode="proxy", home="140823")
    handling.perform(w.steps, PL_WINDOW, case_id, action="accept")
    view = queries.get_case(w.queries, PL_WINDOW, case_id)
    assert view["documents"] == []
    assert [p["label"] for p in view["documents_pending"]] == ["业务受理回执"]

    [message] = w.queue.drain("documents")
    assert document_issuing.issue(w.documents, message) == "issued"
    view = queries.get_case(w.queries, PL_WINDOW, case_id)
    assert view["documents_pending"] == []
    assert [d["label"] for d in view["documents"]] == ["业务受理回执"]


def test_a_document_that_failed_is_reported_as_failed_not_as_still_coming() -> None:
    w = world()
    case_id = file_case(w, PL_WINDOW, mode="proxy", home="140823")
    # A name the font cannot draw (a private-use character): the renderer refuses it every time.
    w.cases.cases[case_id] = replace(w.cases.get(case_id), applicant_name="马\ue000强")
    handling.perform(w.steps, PL_WINDOW, case_id, action="refuse", reason="不属于受理范围")
    [message] = w.queue.drain("documents")
    assert document_issuing.issue(w.documents, message) == "failed"
    view = queries.get_case(w.queries, PL_WINDOW, case_id)
    assert view["documents_pending"] == []
    assert [f["label"] for f in view["document_failures"]] == ["不予受理通知书"]


def test_steps_that_issue_nothing_leave_nothing_pending() -> None:
    w = world()
    case_id = file_case(w, PL_WINDOW, mode="proxy", home="140823")
    assert queries.get_case(w.queries, PL_WINDOW, case_id)["documents_pending"] == []
