"""A step that issues a document and tells the applicant sends one message: the document is issued, then
the notice that announces it is sent, from one read of the case's file; neither is lost when the other fails."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import pytest

from chalicelib.services import announced_documents, handling
from chalicelib.services.ports import CaseFile, CaseFiles, Notice
from tests.support.builders import PL_WINDOW, World, world
from tests.support.cases import file_case


def accepted_at_the_counter(w: World) -> str:
    case_id = file_case(w, PL_WINDOW, mode="proxy", home="140823")
    w.queue.sent.clear()
    handling.perform(w.steps, PL_WINDOW, case_id, action="accept")
    return case_id


@dataclass
class CountedFiles:
    inner: CaseFiles
    reads: int = 0

    def read(self, case_id: str) -> CaseFile:
        self.reads += 1
        return self.inner.read(case_id)


class ReadsNothing:
    """The notice's own reader: answering from it would be a second read."""

    def get(self, case_id: str) -> Any:
        raise AssertionError("the notice read the case again")

    def events(self, case_id: str) -> Any:
        raise AssertionError("the notice read the events again")

    def with_event(self, case_id: str, seq: int) -> Any:
        raise AssertionError("the notice read the case again")


def test_acceptance_queues_one_message_for_the_receipt_and_the_accepted_notice() -> None:
    w = world()
    accepted_at_the_counter(w)
    assert [(q, m.get("kind"), m.get("notice")) for q, m in w.queue.sent] == [
        ("documents", "receipt", "accepted")
    ]


def test_a_notice_without_a_document_still_travels_alone() -> None:
    w = world()
    file_case(
        w, PL_WINDOW, mode="proxy", home="140823"
    )  # 收件: the case is routed, the applicant told
    assert [(q, m.get("task"), m.get("notice")) for q, m in w.queue.sent] == [
        ("notices", "send_notice", "received"),
        ("140823", "route_case", None),
    ]


def test_the_receipt_is_issued_before_the_sms_and_both_come_from_one_read() -> None:
    w = world()
    case_id = accepted_at_the_counter(w)
    [message] = w.queue.drain("documents")
    files = CountedFiles(w.documents.files)
    documents = replace(w.documents, files=files)
    issued_when_told: list[int] = []

    class Watching:
        def send_sms(self, phone: str, notice: Notice) -> str:
            issued_when_told.append(len(w.deps.registry.for_case(case_id)))
            return "sms-1"

        def send_email(self, to: str, notice: Notice) -> str:
            return "mail-1"

    notices = replace(w.notices, cases=ReadsNothing(), notifier=Watching())
    outcome = announced_documents.issue_and_announce(documents, notices, message)
    assert outcome == ("issued", "sent") and files.reads == 1
    assert issued_when_told == [1]  # the receipt was registered when the SMS went out


def test_the_notice_goes_out_when_the_document_fails_and_the_retry_sends_it_only_once() -> None:
    w = world()
    case_id = accepted_at_the_counter(w)
    [message] = w.queue.drain("documents")

    class StoreDown:
        def __init__(self, inner: Any) -> None:
            self.inner = inner

        def __getattr__(self, name: str) -> Any:
            return getattr(self.inner, name)

        def put(self, key: str, data: bytes, content_type: str) -> str:
            raise RuntimeError("S3 unavailable")

    down = replace(w.documents, store=StoreDown(w.documents.store))
    with pytest.raises(RuntimeError, match="S3 unavailable"):
        announced_documents.issue_and_announce(down, w.notices, message)
    assert len(w.notifier.sms) == 1  # the 受理 notice was not held back by the PDF
    w.clock.advance(
        seconds=w.documents.claim_timeout_seconds + 1
    )  # the failed worker's claim lapses
    assert announced_documents.issue_and_announce(w.documents, w.notices, message) == (
        "issued",
        "duplicate",
    )
    assert len(w.notifier.sms) == 1
    assert [r["status"] for r in w.deps.registry.for_case(case_id)] == ["issued"]


def test_a_notice_that_fails_after_its_document_is_retried_without_a_second_document() -> None:
    w = world()
    case_id = accepted_at_the_counter(w)
    [message] = w.queue.drain("documents")

    class Down:
        def send_sms(self, phone: str, notice: Notice) -> str:
            raise RuntimeError("SMS gateway down")

        def send_email(self, to: str, notice: Notice) -> str:
            raise RuntimeError("SMS gateway down")

    with pytest.raises(announced_documents.NoticeFailedError):
        announced_documents.issue_and_announce(
            w.documents, replace(w.notices, notifier=Down()), message
        )
    assert [r["status"] for r in w.deps.registry.for_case(case_id)] == ["issued"]
    assert announced_documents.issue_and_announce(w.documents, w.notices, message) == (
        "duplicate",
        "sent",
    )
    assert len(w.deps.registry.for_case(case_id)) == 1 and len(w.notifier.sms) == 1


def test_a_document_message_without_a_notice_issues_only_the_document() -> None:
    w = world()
    case_id = accepted_at_the_counter(w)
    [message] = w.queue.drain("documents")
    alone = {k: v for k, v in message.items() if k != "notice"}
    assert announced_documents.issue_and_announce(w.documents, w.notices, alone) == ("issued", "")
    assert w.notifier.sms == [] and len(w.deps.registry.for_case(case_id)) == 1
