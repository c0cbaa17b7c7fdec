"""The notifier gets a notice's kind and flat parameters (for registered provider templates), not free text."""

from __future__ import annotations

from chalicelib.domain.outbox_messages import notice_task
from chalicelib.services import notices
from tests.support.builders import APPLICANT, world
from tests.support.cases import file_case


def test_the_notifier_gets_the_kind_the_signing_county_and_string_parameters() -> None:
    w = world()
    case_id = file_case(w, APPLICANT)
    case = w.cases.get(case_id)
    message = {**notice_task(case_id, case.version, "received"), "correlation_id": "req-1"}
    assert notices.send_notice(w.notices, message) == "sent"
    sent = w.notifier.sent[-1]
    assert (sent.kind, sent.title, sent.jurisdiction) == ("received", "申请已提交", "640221")
    assert sent.params["number"] == case.case_number and sent.params["name"] == case.applicant_name
    assert sent.params["query_code"] == case.query_code and sent.params["signer"] == "平罗县"
    assert all(isinstance(v, str) for v in sent.params.values())
    assert sent.correlation_id == "req-1"


def test_a_notice_without_its_event_names_the_written_notice_instead_of_a_reason() -> None:
    w = world()
    case_id = file_case(w, APPLICANT)
    assert notices.send_notice(w.notices, {**notice_task(case_id, 0, "refused")}) == "sent"
    assert w.notifier.sent[-1].params["reason"] == "详见不予受理通知书"
