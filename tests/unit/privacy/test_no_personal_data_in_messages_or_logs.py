"""No personal data in queue messages or logs (issue 9, build item 4): messages carry ids, kinds and refs.

Before this change the 差评 reply carried the staff's free-text `note` in the queue message: the rater
notice test below failed then."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pytest

from chalicelib.bootstrap import port_builders
from chalicelib.domain import cases as case_rules
from chalicelib.domain.feedback.rectifications import RectStatus
from chalicelib.domain.modes import HandlingMode
from chalicelib.domain.statuses import Action, CaseStatus
from chalicelib.domain.transitions import TRANSITIONS
from chalicelib.entrypoints import log_privacy
from chalicelib.services import document_issuing, handling, notices, routing
from chalicelib.services.feedback import rater_notices, ratings, rectifying
from tests.support.builders import APPLICANT, PL_APPROVER, World, world
from tests.support.cases import file_case

NAME, ID_NUMBER, PHONE = "马国强", "64022119900101001X", "13909520001"
# Message fields that may exist, each an id, a number, a kind or a ref — never a person's data.
ALLOWED_KEYS = {"task", "case_id", "version", "seq", "notice", "kind", "ref", "jurisdiction"}


def assert_only_ids(body: dict[str, Any], query_code: str) -> None:
    assert set(body) <= ALLOWED_KEYS, sorted(set(body) - ALLOWED_KEYS)
    for key, value in body.items():
        text = str(value)
        assert text.isascii(), (key, text)  # ids, kinds and refs are ASCII; names and notes are not
        assert ID_NUMBER not in text and PHONE not in text, (key, text)
        assert key == "jurisdiction" or text != query_code, (key, text)


def test_every_message_the_reactions_table_can_emit_carries_only_ids() -> None:
    """Every (mode, action) of the transition table, for an approval and a denial alike."""
    w = world()
    case = w.cases.get(file_case(w, APPLICANT))
    seen = 0
    for mode in HandlingMode:
        for _status, action in TRANSITIONS:
            for decision in (Action.APPROVE.value, Action.DENY.value):
                shaped = case.__class__(
                    **{**case.__dict__, "mode": mode, "result": {"decision": decision}}
                )
                for entry in case_rules._messages(shaped, action, 7):
                    assert set(entry) == {"id", "queue", "body"}
                    assert NAME not in entry["id"] and entry["id"].isascii()
                    assert_only_ids(entry["body"], case.query_code)
                    seen += 1
    assert seen > 50


def test_the_raters_notice_leaves_the_staff_note_out_of_the_message_and_the_sms_still_says_it() -> (
    None
):
    w = world()
    case_id = walked_to_delivery(w)
    w.queue.sent.clear()
    rect_ports = port_builders.rectification_ports_from(w.deps)
    outcome = ratings.rate_case(
        port_builders.rating_ports_from(w.deps), APPLICANT, case_id, level=1, comment="态度差"
    )
    assert outcome.rectification is not None
    rid = outcome.rectification.rectification_id
    rectifying.advance_rectification(rect_ports, PL_APPROVER, rid, "verify")
    note = f"已电话联系{NAME}（{PHONE}）致歉"
    rect = rectifying.advance_rectification(rect_ports, PL_APPROVER, rid, "explain", note=note)
    assert rect.status is RectStatus.EXPLAINED
    [entry] = rater_notices.rater_notices(rect)
    assert_only_ids(entry["body"], w.cases.get(case_id).query_code)
    [(_, sent)] = [(q, m) for q, m in w.queue.sent if m.get("notice") == "explained"]
    assert_only_ids(sent, w.cases.get(case_id).query_code)
    assert rater_notices.note_for(w.notices.rectifications, sent) == note


def walked_to_delivery(w: World) -> str:
    """An online case filed, routed, accepted, approved, completed and delivered, every queue drained."""
    case_id = file_case(w, APPLICANT)
    for message in w.queue.drain("640221"):
        routing.receive_routed_case(w.steps, message, "640221")
    version = w.cases.get(case_id).version
    for action, details in (
        ("accept", {}),
        ("approve", {}),
        ("complete", {}),
        ("deliver", {"method": "electronic"}),
    ):
        version = handling.perform(
            w.steps,
            PL_APPROVER,
            case_id,
            action=action,
            reason="符合条件",
            expected_version=version,
            details=details,
        ).version
    for message in w.queue.drain_notices():
        notices.send_notice(w.notices, message)
    for message in w.queue.drain("documents"):
        document_issuing.issue(w.documents, message)
    assert w.cases.get(case_id).status is CaseStatus.DELIVERED
    return case_id


def test_every_message_sent_in_a_whole_case_carries_only_ids() -> None:
    w = world()
    sent: list[dict[str, Any]] = []
    original = w.queue.send

    def keep(queue_key: str, message: dict[str, Any]) -> None:
        sent.append(message)
        original(queue_key, message)

    w.queue.send = keep  # type: ignore[method-assign]
    case_id = walked_to_delivery(w)
    assert {m["task"] for m in sent} == {"route_case", "send_notice", "issue_document"}
    for message in sent:
        assert_only_ids(message, w.cases.get(case_id).query_code)


def test_the_logs_of_a_whole_case_name_nobody(caplog: pytest.LogCaptureFixture) -> None:
    w = world()
    w.queue.fail_next = 1  # one failed send, so the outbox's warning path logs too
    with caplog.at_level(logging.DEBUG):
        case_id = walked_to_delivery(w)
        logging.getLogger("chalicelib").warning("a stray line naming nobody")
    query_code = w.cases.get(case_id).query_code
    text = "\n".join(r.getMessage() + (r.exc_text or "") for r in caplog.records)
    assert caplog.records, "the walk logged nothing: this test would prove nothing"
    for secret in (NAME, ID_NUMBER, PHONE, f"查询密码{query_code}"):
        assert secret not in text


@pytest.fixture()
def masked_logs() -> Iterator[None]:
    """The app installs the masking factory at import; here it is put in and taken out again."""
    saved = logging.getLogRecordFactory()
    was = log_privacy._installed
    log_privacy._installed = False
    log_privacy.install()
    yield
    logging.setLogRecordFactory(saved)
    log_privacy._installed = was


def test_a_log_line_that_quotes_an_id_number_or_phone_by_accident_is_masked(
    caplog: pytest.LogCaptureFixture, masked_logs: None
) -> None:
    with caplog.at_level(logging.INFO):
        logging.getLogger("chalicelib.test").info("bad row %s %s", ID_NUMBER, PHONE)
        try:
            raise ValueError(f"cannot render {ID_NUMBER}")
        except ValueError:
            logging.getLogger("chalicelib.test").exception("render failed")
    [line, failure] = caplog.records
    assert line.getMessage() == "bad row 6402**********001X 139****0001"
    assert ID_NUMBER not in (failure.exc_text or "") and "6402**********001X" in (
        failure.exc_text or ""
    )
