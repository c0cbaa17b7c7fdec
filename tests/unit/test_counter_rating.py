"""好差评 for walk-in applicants: the counter's device and the QR link land on the case like an online rating."""

from __future__ import annotations

import pytest

from chalicelib.domain.errors import ForbiddenActionError, InvalidTransitionError, NotFoundError
from chalicelib.domain.feedback.evaluations import Channel
from chalicelib.services.feedback.counter_rating import (
    CounterRatingPorts,
    rate_at_counter,
    rate_by_link,
    rating_link,
    rating_token,
)
from chalicelib.services.rate_limits import RateLimitedError, RateLimitPorts
from tests.support.fakes_storage import FakeHitCounter
from tests.support.feedback_env import Env
from tests.support.feedback_fakes import HOME_WINDOW, PL_WINDOW

KEY = b"k" * 32


@pytest.fixture
def env() -> Env:
    return Env()


def ports(env: Env) -> CounterRatingPorts:
    limits = RateLimitPorts(counter=FakeHitCounter(), clock=env.clock, pepper=b"p" * 32)
    return CounterRatingPorts(
        rating=env.rating_ports(), limits=limits, link_key=KEY, public_base_url="https://tb.example"
    )


def test_the_token_is_bound_to_the_case_and_the_key_and_the_link_carries_it() -> None:
    token = rating_token(KEY, "c1")
    assert token == rating_token(KEY, "c1") and len(token) == 24
    assert token != rating_token(KEY, "c2") and token != rating_token(b"x" * 32, "c1")
    assert rating_link(ports(Env()), "c1") == f"https://tb.example/rate/c1/{token}"


def test_a_qr_rating_without_login_lands_on_the_case_as_the_applicants(env: Env) -> None:
    env.case("c1")
    p = ports(env)
    outcome = rate_by_link(p, "1.2.3.4", "c1", rating_token(KEY, "c1"), level=5)
    stored = env.repo.find_evaluation_for_case("c1")
    assert stored == outcome.evaluation and stored.channel is Channel.QR
    assert stored.rater_user_id == "u-applicant"
    assert stored.rated_unit.jurisdiction == "640221"  # the window that served, as a counter rating


def test_a_forged_or_another_cases_token_is_not_found_and_stores_nothing(env: Env) -> None:
    env.case("c1")
    env.case("c2")
    p = ports(env)
    for case_id, token in [("c1", "forged"), ("c1", rating_token(KEY, "c2")), ("c9", "x")]:
        with pytest.raises(NotFoundError, match="评价链接无效"):
            rate_by_link(p, "1.2.3.4", case_id, token, level=5)
    assert env.repo.find_evaluation_for_case("c1") is None
    assert env.repo.find_evaluation_for_case("c2") is None


def test_a_link_for_a_case_that_no_longer_exists_is_not_found(env: Env) -> None:
    with pytest.raises(NotFoundError):
        rate_by_link(ports(env), "1.2.3.4", "gone", rating_token(KEY, "gone"), level=5)


def test_a_second_rating_by_the_link_is_refused_in_chinese(env: Env) -> None:
    env.case("c1")
    p = ports(env)
    token = rating_token(KEY, "c1")
    rate_by_link(p, "1.2.3.4", "c1", token, level=4)
    with pytest.raises(InvalidTransitionError, match="该办件已评价"):
        rate_by_link(p, "1.2.3.4", "c1", token, level=1, comment="再评一次")


def test_guessing_links_is_limited_per_client_and_a_good_link_is_not_counted(env: Env) -> None:
    env.case("c1")
    p = ports(env)
    for _ in range(30):
        with pytest.raises(NotFoundError):
            rate_by_link(p, "9.9.9.9", "c1", "guess", level=5)
    with pytest.raises(RateLimitedError):
        rate_by_link(p, "9.9.9.9", "c1", rating_token(KEY, "c1"), level=5)
    rate_by_link(p, "1.2.3.4", "c1", rating_token(KEY, "c1"), level=5)  # another client is served


def test_the_counter_device_rating_is_a_window_rating_and_a_bad_one_opens_its_rectification(
    env: Env,
) -> None:
    env.case("c1")
    outcome = rate_at_counter(
        env.rating_ports(), PL_WINDOW, "c1", level=2, comment="等候太久", indicators={"服务效率": 2}
    )
    assert outcome.evaluation.channel is Channel.COUNTER
    assert outcome.rectification is not None
    assert outcome.rectification.owner.jurisdiction == "640221"


def test_only_the_receiving_window_opens_the_device_rating(env: Env) -> None:
    env.case("c1")
    with pytest.raises((NotFoundError, ForbiddenActionError)):
        rate_at_counter(env.rating_ports(), HOME_WINDOW, "c1", level=5)
    assert env.repo.find_evaluation_for_case("c1") is None
