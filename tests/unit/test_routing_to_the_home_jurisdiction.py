"""Routing on in-memory fakes: the home jurisdiction receives each submitted case once, nothing lost."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from typing import Any

from chalicelib.domain.cases import Case
from chalicelib.domain.errors import ConcurrencyError
from chalicelib.services import outbox, routing
from tests.support.builders import world
from tests.unit.test_intake_and_handling import deliver_routes, submitted


def test_the_home_queue_receives_a_submitted_case_once_even_if_the_message_is_duplicated() -> None:
    w = world()
    case_id = submitted(w)
    message = w.queue.sent[0][1]
    w.queue.sent.append(("640221", message))
    assert deliver_routes(w) == ["delivered", "duplicate"]
    assert [e.action for e in w.cases.events(case_id)].count("receive_at_home") == 1


def test_a_lost_routing_message_is_resent_by_the_sweep() -> None:
    w = world()
    w.queue.fail_next = 1
    case_id = submitted(w)
    assert w.queue.drain("640221") == []
    w.clock.advance(minutes=5)
    assert (
        outbox.flush_pending(w.queue, w.cases, w.clock.now() + timedelta(hours=1)) == 2
    )  # the route message and the "received" notice
    assert deliver_routes(w) == ["delivered"]
    assert outbox.flush_pending(w.queue, w.cases, w.clock.now() + timedelta(hours=1)) == 0
    assert w.cases.get(case_id).routing_state == "delivered"


class ConflictsOnce:
    """The fake repository, but the first save loses a race to a person acting on the case."""

    def __init__(self, cases: Any) -> None:
        self._cases = cases
        self.conflicts = 1

    def save(
        self,
        case: Case,
        event: Any,
        expected_version: int,
        views: Any = (),
        bookkeeping_before: int | None = None,
    ) -> None:
        if self.conflicts:
            self.conflicts -= 1
            raise ConcurrencyError("办件已被他人处理，请刷新后重试")
        self._cases.save(case, event, expected_version, views, bookkeeping_before)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._cases, name)


def test_a_routing_that_loses_a_race_reloads_the_case_and_is_delivered_without_waiting_for_sqs() -> (
    None
):
    w = world()
    case_id = submitted(w)
    racing = ConflictsOnce(w.cases)
    steps = dataclasses.replace(w.steps, cases=racing)
    (message,) = w.queue.drain("640221")
    assert routing.receive_routed_case(steps, message, "640221") == "delivered"
    assert racing.conflicts == 0 and w.cases.get(case_id).routing_state == "delivered"
