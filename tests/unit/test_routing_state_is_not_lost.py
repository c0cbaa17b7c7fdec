"""The router's "delivered" is bookkeeping that does not move the version; a counter step taken on a copy
loaded just before it must not write the old "pending" back (found by walking cases from four clients
at once: a case stayed "pending" although 闻喜 had received it)."""

from __future__ import annotations

import pytest

from chalicelib.domain.errors import ConcurrencyError
from chalicelib.domain.statuses import Action
from chalicelib.services import routing, steps
from tests.support.builders import PL_WINDOW, world
from tests.support.cases import file_case


def test_a_step_on_a_copy_loaded_before_the_router_marked_delivery_keeps_the_delivery() -> None:
    w = world()
    case_id = file_case(w, PL_WINDOW, mode="proxy", home="140823")
    loaded = w.cases.get(case_id)  # the clerk's page holds this copy: routing still "pending"
    assert loaded.routing_state == "pending"
    # The clerk's first step lands; the router then finds the case moved on and marks it delivered.
    moved = steps.take(w.steps, loaded, Action.START_PRE_REVIEW, PL_WINDOW)
    [message] = w.queue.drain("140823")
    assert routing.receive_routed_case(w.steps, message, "140823") == "superseded"
    # The clerk's next step was started on the copy from before the router's write.
    accepted = steps.take(w.steps, moved, Action.ACCEPT, PL_WINDOW)
    stored = w.cases.get(case_id)
    assert accepted.version == moved.version + 1 == stored.version
    assert stored.routing_state == "delivered"
    assert [e.action for e in w.cases.events(case_id)][-2:] == ["start_pre_review", "accept"]


def test_a_step_that_a_persons_step_overtook_is_still_refused() -> None:
    w = world()
    case_id = file_case(w, PL_WINDOW, mode="proxy", home="140823")
    loaded = w.cases.get(case_id)
    steps.take(w.steps, loaded, Action.START_PRE_REVIEW, PL_WINDOW)
    with pytest.raises(ConcurrencyError):
        steps.take(w.steps, loaded, Action.START_PRE_REVIEW, PL_WINDOW)
    assert [e.action for e in w.cases.events(case_id)].count("start_pre_review") == 1
