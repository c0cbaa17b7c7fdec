"""The messages a step causes carry the correlation id of the work that took it, also when sent late."""

from __future__ import annotations

from datetime import timedelta

from chalicelib import correlation
from chalicelib.services import outbox
from tests.support.builders import APPLICANT, world
from tests.support.cases import file_case


def test_a_step_taken_in_a_request_sends_messages_that_name_the_request() -> None:
    w = world()
    with correlation.bound("req-77"):
        file_case(w, APPLICANT)
    assert w.queue.sent and {m[correlation.FIELD] for _, m in w.queue.sent} == {"req-77"}


def test_a_message_left_for_the_sweep_still_names_the_request_that_caused_it() -> None:
    w = world()
    w.queue.fail_next = 100
    with correlation.bound("req-78"):
        case_id = file_case(w, APPLICANT)
    w.queue.fail_next = 0
    assert w.cases.get(case_id).outbox
    w.clock.current += timedelta(minutes=10)
    assert outbox.flush_pending(w.queue, w.cases, w.clock.now()) > 0
    assert {m[correlation.FIELD] for _, m in w.queue.sent} == {"req-78"}


def test_work_outside_any_request_adds_no_id() -> None:
    w = world()
    file_case(w, APPLICANT)
    assert all(correlation.FIELD not in m for _, m in w.queue.sent)
