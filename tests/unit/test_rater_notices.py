"""The rater hears what became of a 差评, through the case's transactional outbox: never lost, sent once."""

from __future__ import annotations

import pytest

from chalicelib.domain.errors import NotFoundError
from chalicelib.domain.feedback.rectifications import RectStatus
from chalicelib.services import notices, outbox
from chalicelib.services.feedback.policy import FeedbackPolicy
from chalicelib.services.feedback.rater_notices import note_for
from chalicelib.services.feedback.ratings import RatingPorts, rate_case
from chalicelib.services.feedback.rectifying import RectificationPorts, advance_rectification
from chalicelib.services.outbox import CaseOutboxSender
from tests.support.builders import World, world
from tests.support.feedback_env import NOW, Env
from tests.support.feedback_fakes import (
    HOME_APPROVER,
    HOME_WINDOW,
    RATER,
    WeekdayCalendar,
    handled_case,
    store_case,
)


def rated_badly(w: World) -> tuple[RectificationPorts, str]:
    """A delivered case in the world's stores, rated 差评; the rectification ports over the real flush."""
    case, events = handled_case("c1")
    store_case(w.cases, case, events)
    w.clock.current = NOW
    rating = RatingPorts(
        feedback=w.deps.feedback,
        cases=w.deps.cases,
        clock=w.clock,
        calendar=WeekdayCalendar(),
        policy=FeedbackPolicy(),
    )
    outcome = rate_case(rating, RATER, "c1", level=1, comment="材料被退回三次")
    assert outcome.rectification is not None
    ports = RectificationPorts(
        feedback=w.deps.feedback, clock=w.clock, outbox=CaseOutboxSender(w.queue, w.cases)
    )
    return ports, outcome.rectification.rectification_id


def test_the_rater_is_told_of_the_fix_once_per_step_and_not_of_intermediate_steps() -> None:
    w = world()
    ports, rid = rated_badly(w)
    advance_rectification(ports, HOME_WINDOW, rid, "verify")
    assert w.queue.drain("notices") == [] and w.cases.get("c1").outbox == ()
    advance_rectification(ports, HOME_APPROVER, rid, "complete", note="已修订补正告知模板")
    [message] = w.queue.drain("notices")
    assert message["notice"] == "rectified" and "note" not in message  # staff free text stays out
    assert note_for(w.notices.rectifications, message) == "已修订补正告知模板"
    assert w.cases.get("c1").outbox == ()  # sent at once, so cleared
    assert notices.send_notice(w.notices, message) == "sent"
    assert notices.send_notice(w.notices, message) == "duplicate"
    assert w.notifier.sms[-1] == ("13800000001", "sms/rectified.txt.j2:KS640221-20261123-c1")


def test_an_explanation_is_told_to_the_rater_too() -> None:
    w = world()
    ports, rid = rated_badly(w)
    advance_rectification(ports, HOME_WINDOW, rid, "verify")
    advance_rectification(ports, HOME_WINDOW, rid, "explain", note="依法须本人到场")
    assert [m["notice"] for m in w.queue.drain("notices")] == ["explained"]


def test_a_queue_fault_while_rectifying_loses_no_notice_and_the_sweep_sends_it_once() -> None:
    w = world()
    ports, rid = rated_badly(w)
    advance_rectification(ports, HOME_WINDOW, rid, "verify")
    version_before = w.cases.get("c1").version
    w.queue.fail_next = 1
    rect = advance_rectification(ports, HOME_APPROVER, rid, "complete", note="当场更正")
    assert rect.status is RectStatus.RECTIFIED  # the fix is saved whatever the queue does
    case = w.cases.get("c1")
    assert w.queue.sent == [] and [e["body"]["notice"] for e in case.outbox] == ["rectified"]
    assert case.version == version_before  # riding the outbox does not move the case
    w.clock.advance(minutes=10)
    assert outbox.flush_pending(w.queue, w.cases, w.clock.now()) == 1
    assert outbox.flush_pending(w.queue, w.cases, w.clock.now()) == 0
    [message] = w.queue.drain("notices")
    assert message["ref"] == f"{rid}.3" and notices.send_notice(w.notices, message) == "sent"


def test_the_notice_and_the_rectification_are_written_together_or_not_at_all() -> None:
    env = Env()
    env.case("c1")
    outcome = env.rate("c1", 1, comment="太慢")
    assert outcome.rectification is not None
    rid = outcome.rectification.rectification_id
    env.step(rid, "verify", HOME_WINDOW)
    del env.cases.cases["c1"]  # the case item is gone: the transaction cannot include its outbox
    with pytest.raises(NotFoundError, match="办件不存在"):
        env.step(rid, "complete", HOME_WINDOW, "已整改")
    assert env.repo.get_rectification(rid).status is RectStatus.VERIFYING
    assert env.queue.sent == []
