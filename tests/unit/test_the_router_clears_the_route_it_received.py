"""A submission sends its route message last, after its other messages are sent and cleared, and the home
jurisdiction's router clears the route entry in its own step: the router never reads a case that the
sender is still about to rewrite, so it takes its step on the first try."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import Any

from chalicelib.domain.cases import Case
from chalicelib.domain.statuses import Action
from chalicelib.services import outbox, routing, steps
from chalicelib.services.steps import StepPorts
from tests.support.builders import PL_WINDOW, World, world
from tests.support.cases import file_case


@dataclass
class InstantRouter:
    """A queue whose home router handles a route message the moment it is sent, as a fast consumer does."""

    w: World
    outbox_when_routed: list[tuple[str, ...]] = field(default_factory=list)
    outcomes: list[str] = field(default_factory=list)
    sent: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def send(self, queue_key: str, message: dict[str, Any]) -> None:
        self.sent.append((queue_key, message))
        if message.get("task") != "route_case":
            return
        stored = self.w.cases.get(str(message["case_id"]))
        self.outbox_when_routed.append(tuple(str(e["body"]["task"]) for e in stored.outbox))
        ports = replace(self.w.steps, tasks=self)
        self.outcomes.append(routing.receive_routed_case(ports, message, queue_key))


@dataclass
class CountingReads:
    inner: Any
    gets: int = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def get(self, case_id: str) -> Any:
        self.gets += 1
        return self.inner.get(case_id)


def test_the_router_finds_only_its_route_pending_and_clears_it_with_its_step() -> None:
    w = world()
    router = InstantRouter(w)
    w.deps = replace(w.deps, tasks=router)
    case_id = file_case(w, PL_WINDOW, mode="proxy", home="140823")
    assert router.outbox_when_routed == [("route_case",)]  # the notice was sent and cleared before
    assert router.outcomes == ["delivered"]
    stored = w.cases.get(case_id)
    assert stored.outbox == () and stored.routing_state == "delivered"
    assert [q for q, _ in router.sent] == ["notices", "140823"]


def test_the_router_takes_its_step_without_a_second_read() -> None:
    w = world()
    file_case(w, PL_WINDOW, mode="proxy", home="140823")
    [message] = w.queue.drain("140823")
    counted = CountingReads(w.cases)
    ports = StepPorts(counted, w.queue, w.clock, w.steps.content)
    assert routing.receive_routed_case(ports, message, "140823") == "delivered"
    assert counted.gets == 1


def test_a_step_before_the_router_does_not_send_the_route_again_and_the_sweep_sends_it_once() -> (
    None
):
    w = world()
    case_id = file_case(w, PL_WINDOW, mode="proxy", home="140823")
    assert len(w.queue.drain("140823")) == 1  # the route message is lost on its way
    steps.take(w.steps, w.cases.get(case_id), Action.START_PRE_REVIEW, PL_WINDOW)
    assert w.queue.drain("140823") == []  # the clerk's step is not the route's sender
    w.clock.advance(minutes=5)
    assert outbox.flush_pending(w.queue, w.cases, w.clock.now() - timedelta(minutes=1)) == 1
    [resent] = w.queue.drain("140823")
    assert w.cases.get(case_id).outbox == ()  # the sweep clears what it sent
    assert routing.receive_routed_case(w.steps, resent, "140823") == "superseded"


def test_a_superseded_route_clears_the_entry_its_step_left() -> None:
    w = world()
    case_id = file_case(w, PL_WINDOW, mode="proxy", home="140823")
    steps.take(w.steps, w.cases.get(case_id), Action.START_PRE_REVIEW, PL_WINDOW)
    [message] = w.queue.drain("140823")
    assert routing.receive_routed_case(w.steps, message, "140823") == "superseded"
    stored = w.cases.get(case_id)
    assert stored.outbox == () and stored.routing_state == "delivered"


@dataclass
class CountingBookkeeping(CountingReads):
    writes: list[str] = field(default_factory=list)

    def set_routing_state(
        self,
        case_id: str,
        state: str,
        clearing: frozenset[str] = frozenset(),
        as_read: Case | None = None,
    ) -> None:
        self.writes.append("routing_state")
        self.inner.set_routing_state(case_id, state, clearing, as_read)

    def clear_outbox(
        self, case_id: str, message_ids: frozenset[str], as_written: Case | None = None
    ) -> None:
        self.writes.append("clear_outbox")
        self.inner.clear_outbox(case_id, message_ids, as_written)


def test_a_superseded_route_is_one_read_and_one_bookkeeping_write() -> None:
    w = world()
    case_id = file_case(w, PL_WINDOW, mode="proxy", home="140823")
    steps.take(w.steps, w.cases.get(case_id), Action.START_PRE_REVIEW, PL_WINDOW)
    [message] = w.queue.drain("140823")
    counted = CountingBookkeeping(w.cases)
    ports = StepPorts(counted, w.queue, w.clock, w.steps.content)
    assert routing.receive_routed_case(ports, message, "140823") == "superseded"
    assert (counted.gets, counted.writes) == (1, ["routing_state"])
    assert w.cases.get(case_id).outbox == ()
