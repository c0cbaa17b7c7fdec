"""The DynamoDB feedback repository on moto: round trips, one rating per case, lost races, open lists, the outbox."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

import boto3
import pytest
from moto import mock_aws

from chalicelib.adapters.dynamodb_cases import DynamoCaseRepository, event_to_item
from chalicelib.adapters.dynamodb_feedback import DynamoFeedbackRepository
from chalicelib.domain.errors import ConcurrencyError, NotFoundError
from chalicelib.domain.feedback.evaluations import exclude_from_count
from chalicelib.domain.feedback.problem_tickets import ProblemAction, advance_problem
from chalicelib.domain.feedback.rectifications import (
    RectAction,
    RectStatus,
    RevisitResult,
    advance,
)
from chalicelib.resource_spec import build_spec
from chalicelib.services.feedback import rectifying
from chalicelib.services.feedback.policy import FeedbackPolicy
from chalicelib.services.feedback.ratings import RatingOutcome, RatingPorts, follow_up, rate_case
from chalicelib.services.feedback.rectifying import RectificationPorts
from chalicelib.services.feedback.ticket_handling import TicketPorts, open_ticket
from chalicelib.services.feedback.unit_report import ReportPorts, rectification_report
from devtools.provision import _create_table
from tests.support.fakes import FakeCases, FakeClock, FakeQueue
from tests.support.feedback_env import NextIds
from tests.support.feedback_fakes import (
    DELIVERED_AT,
    HOME_SUPERVISOR,
    HOME_WINDOW,
    PL_WINDOW,
    RATER,
    WeekdayCalendar,
    handled_case,
    store_case,
)

NOW = DELIVERED_AT + timedelta(days=1)
ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SECURITY_TOKEN": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
}


@dataclass
class Tables:
    """The feedback repository beside the real case repository, on the tables the stack creates."""

    client: Any
    repo: DynamoFeedbackRepository
    cases: DynamoCaseRepository
    cases_table: str
    events_table: str

    def store(self, *case_ids: str, **kwargs: Any) -> DynamoCaseRepository:
        for case_id in case_ids:
            case, events = handled_case(case_id, **kwargs)
            self.cases.add(case, events[0])
            for event in events[1:]:
                self.client.put_item(TableName=self.events_table, Item=event_to_item(event))
        return self.cases

    def rectification_ports(self, queue: FakeQueue | None = None) -> RectificationPorts:
        return RectificationPorts(
            feedback=self.repo, clock=FakeClock(NOW), outbox=QueueOutbox(self.cases, queue)
        )


class QueueOutbox:
    """CaseOutbox over the real case repository and a fake queue (services.outbox.flush in miniature)."""

    def __init__(self, cases: DynamoCaseRepository, queue: FakeQueue | None) -> None:
        self.cases, self.queue = cases, queue or FakeQueue()

    def flush(self, case_id: str) -> int:
        sent = set()
        for entry in self.cases.get(case_id).outbox:
            try:
                self.queue.send(entry["queue"], entry["body"])
            except RuntimeError:
                break
            sent.add(entry["id"])
        if sent:
            self.cases.clear_outbox(case_id, frozenset(sent))
        return len(sent)


@pytest.fixture
def tables() -> Iterator[Tables]:
    saved = {k: os.environ.get(k) for k in [*ENV, "AWS_ENDPOINT_URL"]}
    os.environ.update(ENV)
    os.environ.pop("AWS_ENDPOINT_URL", None)
    spec = build_spec("test", ["640221", "371621"])
    try:
        with mock_aws():
            client = boto3.client("dynamodb", region_name="us-east-1")
            for logical in ("CaseFilesTable", "FeedbackTable"):
                _create_table(client, spec.table(logical))
            cases_table = events_table = spec.table("CaseFilesTable").name
            yield Tables(
                client=client,
                repo=DynamoFeedbackRepository(
                    client, spec.table("FeedbackTable").name, cases_table
                ),
                cases=DynamoCaseRepository(client, cases_table),
                cases_table=cases_table,
                events_table=events_table,
            )
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@pytest.fixture
def repo(tables: Tables) -> DynamoFeedbackRepository:
    return tables.repo


def rate(
    tables: Tables, case_id: str, level: int, channel: str = "online", cases: Any = None
) -> RatingOutcome:
    ports = RatingPorts(
        feedback=tables.repo,
        cases=cases or tables.cases,
        clock=FakeClock(NOW),
        calendar=WeekdayCalendar(),
        policy=FeedbackPolicy(),
    )
    return rate_case(
        ports,
        RATER,
        case_id,
        level=level,
        channel=channel,
        indicators={"整体满意度": level},
        comment="办理过程说明" if level > 2 else "材料被反复退回",
        anonymous=level == 2,
    )


def test_an_evaluation_and_its_rectification_round_trip_unchanged(tables: Tables) -> None:
    repo = tables.repo
    tables.store("c1")
    outcome = rate(tables, "c1", 1)
    assert outcome.rectification is not None
    assert repo.get_evaluation(outcome.evaluation.evaluation_id) == outcome.evaluation
    assert repo.find_evaluation_for_case("c1") == outcome.evaluation
    assert repo.get_rectification(outcome.rectification.rectification_id) == outcome.rectification
    assert repo.rectifications_for_case("c1") == [outcome.rectification]
    assert repo.find_evaluation_for_case("nobody") is None
    with pytest.raises(NotFoundError, match="整改单不存在"):
        repo.get_rectification("ZG-none")
    with pytest.raises(NotFoundError, match="评价不存在"):
        repo.get_evaluation("EV-none")


def test_a_case_is_rated_once_even_when_two_ratings_race(tables: Tables) -> None:
    repo = tables.repo
    tables.store("c1")
    first = rate(tables, "c1", 5)
    twin = replace(first.evaluation, evaluation_id="EV-twin")
    with pytest.raises(ConcurrencyError, match="已评价"):
        repo.add_evaluation(twin)
    with pytest.raises(NotFoundError):
        repo.get_evaluation("EV-twin")  # nothing of the losing write remains
    assert repo.evaluations_by_jurisdiction("371621") == [first.evaluation]


def test_the_report_reads_only_the_days_asked_for_as_a_key_range(tables: Tables) -> None:
    repo = tables.repo
    tables.store("c1")
    rated = rate(tables, "c1", 5).evaluation
    day = date.fromisoformat(rated.rated_at[:10])
    assert repo.evaluations_by_jurisdiction("371621", day, day) == [rated]
    assert repo.evaluations_by_jurisdiction("371621", since=day) == [rated]
    assert repo.evaluations_by_jurisdiction("371621", since=day + timedelta(days=1)) == []
    assert repo.evaluations_by_jurisdiction("371621", until=day - timedelta(days=1)) == []


def test_a_stale_version_loses_and_leaves_the_stored_item_as_it_was(tables: Tables) -> None:
    repo = tables.repo
    tables.store("c1")
    rect = rate(tables, "c1", 1).rectification
    assert rect is not None
    verifying = advance(rect, RectAction.VERIFY, HOME_WINDOW, NOW)
    repo.save_rectification(verifying, expected_version=rect.version)
    rival = advance(rect, RectAction.VERIFY, HOME_WINDOW, NOW, note="另一人同时点击")
    with pytest.raises(ConcurrencyError, match="刷新后重试"):
        repo.save_rectification(rival, expected_version=rect.version)
    assert repo.get_rectification(rect.rectification_id) == verifying


def test_an_upheld_appeal_updates_the_rectification_and_the_evaluation_together(
    tables: Tables,
) -> None:
    repo = tables.repo
    tables.store("c1")
    outcome = rate(tables, "c1", 2)
    rect = outcome.rectification
    assert rect is not None
    rect_id = rect.rectification_id
    ports = tables.rectification_ports()
    rectifying.advance_rectification(ports, HOME_WINDOW, rect_id, "verify")
    rectifying.appeal_rating(ports, HOME_WINDOW, rect_id, "误评")
    # A stale evaluation version makes the whole transaction fail: neither item changes.
    appealed = repo.get_rectification(rect_id)
    upheld = advance(appealed, RectAction.UPHOLD_APPEAL, HOME_SUPERVISOR, NOW, note="成立")
    stale = exclude_from_count(replace(outcome.evaluation, version=7))
    with pytest.raises(ConcurrencyError):
        repo.save_rectification(upheld, appealed.version, stale, evaluation_expected_version=7)
    assert repo.get_rectification(rect_id) == appealed
    decided = rectifying.decide_appeal(ports, HOME_SUPERVISOR, rect_id, True, "经复核属误评")
    assert repo.get_rectification(rect_id) == decided
    stored = repo.get_evaluation(outcome.evaluation.evaluation_id)
    assert not stored.counted and stored.version == 2


def test_open_lists_follow_the_status_and_unit_lists_keep_everything(tables: Tables) -> None:
    repo = tables.repo
    tables.store("c1", "c2", "c3")
    tables.store("p1")
    ids = [rate(tables, c, 1).rectification for c in ("c1", "c2")]
    rate(tables, "c3", 4)
    rate(tables, "p1", 1, channel="counter")
    assert all(r is not None for r in ids)
    first = ids[0]
    assert first is not None
    rid = first.rectification_id
    ports = tables.rectification_ports()
    for action, note, result in [
        ("verify", "", None),
        ("complete", "当场更正", None),
        ("revisit", "", RevisitResult.SATISFIED.value),
    ]:
        rectifying.advance_rectification(
            ports, HOME_WINDOW, rid, action, note=note, revisit_result=result
        )
    rectifying.advance_rectification(ports, HOME_SUPERVISOR, rid, "close")
    assert [r.case_id for r in repo.open_rectifications("371621")] == ["c2"]
    assert [r.case_id for r in repo.open_rectifications("640221")] == ["p1"]
    assert {r.case_id for r in repo.rectifications_by_jurisdiction("371621")} == {"c1", "c2"}
    assert {e.case_id for e in repo.evaluations_by_jurisdiction("371621")} == {"c1", "c2", "c3"}
    assert repo.get_rectification(rid).status is RectStatus.CLOSED
    [unit] = rectification_report(
        ReportPorts(feedback=repo, clock=FakeClock(NOW)), HOME_SUPERVISOR, "371621"
    )
    assert (unit.total, unit.bad, unit.rectified, unit.still_open) == (3, 2, 1, 1)


def test_problem_tickets_round_trip_and_leave_the_open_list_when_closed(tables: Tables) -> None:
    repo = tables.repo
    cases = tables.store("c1")
    ports = TicketPorts(
        feedback=repo,
        cases=cases,
        clock=FakeClock(NOW),
        calendar=WeekdayCalendar(),
        policy=FeedbackPolicy(),
        ids=NextIds("t1"),
    )
    ticket = open_ticket(
        ports,
        PL_WINDOW,
        "c1",
        category="material_flow",
        title="材料未签收",
        description="寄出三天未签收",
        owner_jurisdiction="371621",
    )
    assert repo.get_problem("WT-t1") == ticket
    assert repo.problems_for_case("c1") == [ticket]
    assert repo.open_problems("371621") == [ticket]
    started = advance_problem(ticket, ProblemAction.START, HOME_WINDOW, NOW)
    repo.save_problem(started, expected_version=ticket.version)
    with pytest.raises(ConcurrencyError):
        repo.save_problem(started, expected_version=ticket.version)
    resolved = advance_problem(started, ProblemAction.RESOLVE, HOME_WINDOW, NOW, note="已签收")
    repo.save_problem(resolved, expected_version=started.version)
    closed = advance_problem(resolved, ProblemAction.CLOSE, PL_WINDOW, NOW)
    repo.save_problem(closed, expected_version=resolved.version)
    assert repo.open_problems("371621") == []
    assert repo.problems_for_case("c1") == [closed]
    with pytest.raises(NotFoundError, match="问题单不存在"):
        repo.get_problem("WT-none")


def test_a_follow_up_is_saved_with_a_version_check(tables: Tables) -> None:
    repo = tables.repo
    tables.store("c1")
    rate(tables, "c1", 3)
    ports = RatingPorts(
        feedback=repo,
        cases=tables.cases,
        clock=FakeClock(NOW),
        calendar=WeekdayCalendar(),
        policy=FeedbackPolicy(),
    )
    updated = follow_up(ports, RATER, "c1", "补充：已经收到证件")
    assert repo.find_evaluation_for_case("c1") == updated
    with pytest.raises(ConcurrencyError):
        repo.save_evaluation(updated, expected_version=1)


def test_listing_more_than_one_batch_of_items_returns_them_all(tables: Tables) -> None:
    repo = tables.repo
    ids = [f"c{n:03d}" for n in range(105)]
    cases = FakeCases()  # ratings carry no notice, so the cases may be read from memory here
    for case_id in ids:
        store_case(cases, *handled_case(case_id))
        rate(tables, case_id, 1, cases=cases)
    assert len(repo.open_rectifications("371621")) == 105
    assert len(repo.evaluations_by_jurisdiction("371621")) == 105


def test_the_raters_notice_joins_the_case_outbox_in_the_same_transaction_without_moving_the_case(
    tables: Tables,
) -> None:
    tables.store("c1")
    rid = rate(tables, "c1", 1).rectification
    assert rid is not None
    queue = FakeQueue(fail_next=1)  # SQS is down at the moment of the fix
    ports = tables.rectification_ports(queue)
    rectifying.advance_rectification(ports, HOME_WINDOW, rid.rectification_id, "verify")
    before = tables.cases.get("c1")
    rectifying.advance_rectification(
        ports, HOME_WINDOW, rid.rectification_id, "complete", note="已修订告知单"
    )
    after = tables.cases.get("c1")
    assert (after.version, after.updated_at, after.status) == (
        before.version,
        before.updated_at,
        before.status,
    )
    assert [e["body"]["notice"] for e in after.outbox] == ["rectified"]
    assert tables.repo.get_rectification(rid.rectification_id).status is RectStatus.RECTIFIED
    # The minute sweep finds the case by the same sparse index the case steps use, and sends once.
    [pending] = tables.cases.pending_outbox(NOW + timedelta(days=30))
    assert pending.case_id == "c1"
    assert QueueOutbox(tables.cases, queue).flush("c1") == 1
    assert QueueOutbox(tables.cases, queue).flush("c1") == 0
    assert [m["notice"] for _, m in queue.sent] == ["rectified"]
    assert not tables.cases.get("c1").outbox


def test_a_case_saved_between_read_and_write_costs_a_retry_not_the_step(tables: Tables) -> None:
    tables.store("c1")
    rect = rate(tables, "c1", 1).rectification
    assert rect is not None
    verifying = advance(rect, RectAction.VERIFY, HOME_WINDOW, NOW)
    tables.repo.save_rectification(verifying, rect.version)
    done = advance(verifying, RectAction.COMPLETE, HOME_WINDOW, NOW, note="已整改")
    entry = {"id": "x:notices:send_notice:rectified", "queue": "notices", "body": {"n": 1}}
    real_get = tables.client.get_item
    calls = {"n": 0}

    def get_then_move(**kwargs: Any) -> Any:
        found = real_get(**kwargs)
        if kwargs.get("TableName") == tables.cases_table and calls["n"] == 0:
            calls["n"] += 1
            tables.cases.set_routing_state("c1", "moved")  # someone else touches the case now
        return found

    tables.client.get_item = get_then_move
    try:
        tables.repo.save_rectification(done, verifying.version, notices=[entry])
    finally:
        tables.client.get_item = real_get
    case = tables.cases.get("c1")
    assert case.routing_state == "moved" and [e["id"] for e in case.outbox] == [entry["id"]]
    assert tables.repo.get_rectification(rect.rectification_id) == done
