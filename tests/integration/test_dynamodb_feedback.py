"""The DynamoDB feedback repository on moto: one table, round trips, one rating per case, lost races, open lists."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta

import boto3
import pytest
from moto import mock_aws

from chalicelib.adapters.dynamodb_feedback import DynamoFeedbackRepository
from chalicelib.domain.errors import ConcurrencyError, NotFoundError
from chalicelib.domain.evaluations import exclude_from_count
from chalicelib.domain.problems import ProblemAction, advance_problem
from chalicelib.domain.rectification import RectAction, RectStatus, RevisitResult, advance
from chalicelib.services import feedback
from tests.support.fakes import FakeCases
from tests.support.feedback_fakes import (
    COMPLETED_AT,
    HOME_SUPERVISOR,
    HOME_WINDOW,
    PL_WINDOW,
    RATER,
    WeekdayCalendar,
    handled_case,
    store_case,
)

TABLE = "tongban-feedback-test"
NOW = COMPLETED_AT + timedelta(days=1)
ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SECURITY_TOKEN": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
}


@pytest.fixture
def repo() -> Iterator[DynamoFeedbackRepository]:
    saved = {k: os.environ.get(k) for k in [*ENV, "AWS_ENDPOINT_URL"]}
    os.environ.update(ENV)
    os.environ.pop("AWS_ENDPOINT_URL", None)
    try:
        with mock_aws():
            client = boto3.client("dynamodb", region_name="us-east-1")
            client.create_table(
                TableName=TABLE,
                KeySchema=[
                    {"AttributeName": "pk", "KeyType": "HASH"},
                    {"AttributeName": "sk", "KeyType": "RANGE"},
                ],
                AttributeDefinitions=[
                    {"AttributeName": "pk", "AttributeType": "S"},
                    {"AttributeName": "sk", "AttributeType": "S"},
                ],
                BillingMode="PAY_PER_REQUEST",
            )
            yield DynamoFeedbackRepository(client, TABLE)
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def cases_with(*case_ids: str, deliver: bool = False) -> FakeCases:
    cases = FakeCases()
    for case_id in case_ids:
        case, events = handled_case(case_id, deliver=deliver)
        store_case(cases, case, events)
    return cases


def rate(
    repo: DynamoFeedbackRepository, cases: FakeCases, case_id: str, level: int
) -> feedback.RatingOutcome:
    return feedback.rate_case(
        repo,
        cases,
        RATER,
        case_id,
        level,
        "online",
        {"办事效率": level},
        "办理过程说明" if level > 2 else "材料被反复退回",
        level == 2,
        NOW,
        WeekdayCalendar(),
    )


def test_an_evaluation_and_its_rectification_round_trip_unchanged(
    repo: DynamoFeedbackRepository,
) -> None:
    cases = cases_with("c1")
    outcome = rate(repo, cases, "c1", 1)
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


def test_a_case_is_rated_once_even_when_two_ratings_race(repo: DynamoFeedbackRepository) -> None:
    cases = cases_with("c1")
    first = rate(repo, cases, "c1", 5)
    twin = replace(first.evaluation, evaluation_id="EV-twin")
    with pytest.raises(ConcurrencyError, match="已评价"):
        repo.add_evaluation(twin)
    with pytest.raises(NotFoundError):
        repo.get_evaluation("EV-twin")  # nothing of the losing write remains
    assert repo.evaluations_by_jurisdiction("371621") == [first.evaluation]


def test_a_stale_version_loses_and_leaves_the_stored_item_as_it_was(
    repo: DynamoFeedbackRepository,
) -> None:
    cases = cases_with("c1")
    rect = rate(repo, cases, "c1", 1).rectification
    assert rect is not None
    verifying = advance(rect, RectAction.VERIFY, HOME_WINDOW, NOW)
    repo.save_rectification(verifying, expected_version=rect.version)
    rival = advance(rect, RectAction.VERIFY, HOME_WINDOW, NOW, note="另一人同时点击")
    with pytest.raises(ConcurrencyError, match="刷新后重试"):
        repo.save_rectification(rival, expected_version=rect.version)
    assert repo.get_rectification(rect.rectification_id) == verifying


def test_an_upheld_appeal_updates_the_rectification_and_the_evaluation_together(
    repo: DynamoFeedbackRepository,
) -> None:
    cases = cases_with("c1")
    outcome = rate(repo, cases, "c1", 2)
    rect = outcome.rectification
    assert rect is not None
    rect_id = rect.rectification_id
    feedback.advance_rectification(repo, HOME_WINDOW, rect_id, "verify", NOW)
    feedback.appeal_rating(repo, HOME_WINDOW, rect_id, "误评", NOW)
    # A stale evaluation version makes the whole transaction fail: neither item changes.
    appealed = repo.get_rectification(rect_id)
    upheld = advance(appealed, RectAction.UPHOLD_APPEAL, HOME_SUPERVISOR, NOW, note="成立")
    stale = exclude_from_count(replace(outcome.evaluation, version=7))
    with pytest.raises(ConcurrencyError):
        repo.save_rectification(upheld, appealed.version, stale, evaluation_expected_version=7)
    assert repo.get_rectification(rect_id) == appealed
    decided = feedback.decide_appeal(repo, HOME_SUPERVISOR, rect_id, True, "经复核属误评", NOW)
    assert repo.get_rectification(rect_id) == decided
    stored = repo.get_evaluation(outcome.evaluation.evaluation_id)
    assert not stored.counted and stored.version == 2


def test_open_lists_follow_the_status_and_unit_lists_keep_everything(
    repo: DynamoFeedbackRepository,
) -> None:
    cases = cases_with("c1", "c2", "c3")
    pl_cases = cases_with("p1", deliver=True)
    ids = [rate(repo, cases, c, 1).rectification for c in ("c1", "c2")]
    rate(repo, cases, "c3", 4)
    rate(repo, pl_cases, "p1", 1)
    assert all(r is not None for r in ids)
    first = ids[0]
    assert first is not None
    rid = first.rectification_id
    for action, note, result in [
        ("verify", "", None),
        ("complete", "当场更正", None),
        ("revisit", "", RevisitResult.SATISFIED.value),
    ]:
        feedback.advance_rectification(
            repo, HOME_WINDOW, rid, action, NOW, note=note, revisit_result=result
        )
    feedback.advance_rectification(repo, HOME_SUPERVISOR, rid, "close", NOW)
    assert [r.case_id for r in repo.open_rectifications("371621")] == ["c2"]
    assert [r.case_id for r in repo.open_rectifications("640221")] == ["p1"]
    assert {r.case_id for r in repo.rectifications_by_jurisdiction("371621")} == {"c1", "c2"}
    assert {e.case_id for e in repo.evaluations_by_jurisdiction("371621")} == {"c1", "c2", "c3"}
    assert repo.get_rectification(rid).status is RectStatus.CLOSED
    [unit] = feedback.rectification_report(repo, HOME_SUPERVISOR, "371621", NOW.date())
    assert (unit.total, unit.bad, unit.rectified, unit.still_open) == (3, 2, 1, 1)


def test_problem_tickets_round_trip_and_leave_the_open_list_when_closed(
    repo: DynamoFeedbackRepository,
) -> None:
    cases = cases_with("c1")
    ticket = feedback.open_problem(
        repo,
        cases,
        PL_WINDOW,
        "c1",
        "material_flow",
        "材料未签收",
        "寄出三天未签收",
        NOW,
        WeekdayCalendar(),
        owner_jurisdiction="371621",
        new_id=lambda: "t1",
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


def test_a_follow_up_is_saved_with_a_version_check(repo: DynamoFeedbackRepository) -> None:
    cases = cases_with("c1")
    rate(repo, cases, "c1", 3)
    updated = feedback.follow_up(repo, RATER, "c1", "补充：已经收到证件", NOW)
    assert repo.find_evaluation_for_case("c1") == updated
    with pytest.raises(ConcurrencyError):
        repo.save_evaluation(updated, expected_version=1)


def test_listing_more_than_one_batch_of_items_returns_them_all(
    repo: DynamoFeedbackRepository,
) -> None:
    ids = [f"c{n:03d}" for n in range(105)]
    cases = cases_with(*ids)
    for case_id in ids:
        rate(repo, cases, case_id, 1)
    assert len(repo.open_rectifications("371621")) == 105
    assert len(repo.evaluations_by_jurisdiction("371621")) == 105
