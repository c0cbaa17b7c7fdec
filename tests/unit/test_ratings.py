"""好差评: who may rate, once, when; a 差评 opens a rectification for the unit that handled the case."""

from __future__ import annotations

from datetime import timedelta

import pytest

from chalicelib.domain.errors import (
    ConcurrencyError,
    ForbiddenActionError,
    InvalidTransitionError,
    NotFoundError,
    ValidationFailedError,
)
from chalicelib.domain.feedback.evaluations import Level
from chalicelib.domain.feedback.rectifications import RectStatus
from chalicelib.domain.roles import SYSTEM
from chalicelib.services.feedback.policy import FeedbackPolicy
from chalicelib.services.feedback.ratings import follow_up
from tests.support.feedback_env import NOW, Env
from tests.support.feedback_fakes import (
    DELIVERED_AT,
    HOME_APPROVER,
    HOME_SUPERVISOR,
    RATER,
    STRANGER,
)


@pytest.fixture
def env() -> Env:
    return Env()


def test_an_applicant_rates_their_own_delivered_case_and_a_good_rating_opens_nothing(
    env: Env,
) -> None:
    env.case()
    outcome = env.rate(level=5, indicators={"办事便捷度": 5}, comment="足不出户就办好了")
    assert outcome.rectification is None
    stored = env.repo.find_evaluation_for_case("c1")
    assert stored == outcome.evaluation and stored.level is Level.VERY_SATISFIED
    assert stored.rater_user_id == "u-applicant"
    assert env.repo.rectifications == {}


def test_a_bad_rating_opens_a_rectification_owned_by_the_rated_unit(env: Env) -> None:
    env.case("c1")  # decided by the home approver in 371621
    env.case("c2")  # delivered by the 平罗 window, rated at its counter
    home = env.rate("c1", 2, comment="审批太慢")
    window = env.rate("c2", 1, comment="窗口态度差", channel="counter", indicators={"服务态度": 1})
    assert home.rectification is not None and window.rectification is not None
    assert home.rectification.owner.jurisdiction == "371621"
    assert home.rectification.owner.staff_name == "惠民审批李强"
    assert window.rectification.owner.jurisdiction == "640221"
    assert window.rectification.owner.staff_user_id == "u-pl-window"
    assert home.rectification.status is RectStatus.PENDING_VERIFICATION
    assert home.rectification.due_date == "2026-12-04"  # Sat → 5 working days
    assert home.rectification.real_name
    assert env.repo.get_rectification(home.rectification.rectification_id) == home.rectification


def test_the_rectification_deadline_follows_the_local_policy(env: Env) -> None:
    env.case()
    policy = FeedbackPolicy(rectification_working_days=15)
    outcome = env.rate(level=1, comment="差", policy=policy)
    assert outcome.rectification is not None and outcome.rectification.due_date == "2026-12-18"
    env.case("c9")
    with pytest.raises(ValidationFailedError, match="1至15个工作日"):
        env.rate("c9", level=1, comment="差", policy=FeedbackPolicy(rectification_working_days=20))
    assert env.repo.find_evaluation_for_case("c9") is None


def test_nobody_but_the_applicant_rates_an_online_case(env: Env) -> None:
    env.case()
    with pytest.raises(NotFoundError):  # a stranger is not told the case exists
        env.rate(who=STRANGER)
    for who, message in [
        (HOME_APPROVER, "申请人本人"),
        (HOME_SUPERVISOR, "申请人本人"),
        (SYSTEM, "网上办事评价"),
    ]:
        with pytest.raises(ForbiddenActionError, match=message):
            env.rate(who=who)
    assert env.repo.evaluations == {}


def test_the_system_records_a_counter_rating_from_the_rating_device_for_the_applicant(
    env: Env,
) -> None:
    env.case(applicant_user_id="")
    outcome = env.rate(who=SYSTEM, channel="counter", level=4)
    assert outcome.evaluation.channel.value == "counter"
    assert outcome.evaluation.rater_user_id == ""


def test_an_applicant_cannot_rate_a_counter_case_filed_without_their_account(env: Env) -> None:
    env.case(applicant_user_id="")
    with pytest.raises(NotFoundError):  # not theirs: it does not exist for them
        env.rate()


def test_a_case_is_rated_once_and_the_second_attempt_changes_nothing(env: Env) -> None:
    env.case()
    first = env.rate(level=1, comment="太慢")
    with pytest.raises(InvalidTransitionError, match="只能评价一次"):
        env.rate(level=5)
    assert env.repo.find_evaluation_for_case("c1") == first.evaluation
    assert len(env.repo.rectifications) == 1


def test_a_lost_race_between_two_ratings_is_a_conflict_in_chinese(env: Env) -> None:
    env.case()
    outcome = env.rate(level=5)
    with pytest.raises(ConcurrencyError, match="已评价"):
        env.repo.add_evaluation(outcome.evaluation)


def test_an_unfinished_or_expired_case_cannot_be_rated(env: Env) -> None:
    env.case("open", stop_before_complete=True, deliver=False)
    with pytest.raises(InvalidTransitionError, match="后才能评价"):
        env.rate("open")
    env.case("old")
    with pytest.raises(InvalidTransitionError, match="评价期限"):
        env.rate("old", now=DELIVERED_AT + timedelta(days=16))
    with pytest.raises(NotFoundError):
        env.rate("missing")
    assert env.repo.evaluations == {}


def test_only_the_rater_adds_the_one_follow_up(env: Env) -> None:
    env.case()
    ports = env.rating_ports()
    with pytest.raises(ValidationFailedError, match="尚未评价"):
        follow_up(ports, RATER, "c1", "补充")
    env.rate(level=3)
    with pytest.raises(NotFoundError):
        follow_up(ports, STRANGER, "c1", "补充")
    env.clock.current = NOW + timedelta(days=1)
    updated = follow_up(ports, RATER, "c1", "证件已经收到了")
    assert updated.follow_up is not None and env.repo.find_evaluation_for_case("c1") == updated
    env.clock.current = NOW + timedelta(days=2)
    with pytest.raises(InvalidTransitionError, match="只能追评一次"):
        follow_up(ports, RATER, "c1", "再补充")
