"""Rate limits count attempts before they run, per window of China time, and never store a raw address."""

from __future__ import annotations

from datetime import datetime

import pytest

from chalicelib.services import rate_limits
from chalicelib.services.rate_limits import Limit, RateLimitedError, RateLimitPorts
from tests.support.fakes import CHINA, FakeClock, FakeHitCounter

DAILY = Limit("daily", 3, 86_400, "今日次数已用完，请{minutes}分钟后再试")


def ports(at: datetime) -> tuple[RateLimitPorts, FakeClock, FakeHitCounter]:
    clock, counter = FakeClock(at), FakeHitCounter()
    return RateLimitPorts(counter=counter, clock=clock, pepper=b"p" * 32), clock, counter


def test_past_the_limit_an_attempt_is_refused_until_the_china_day_ends() -> None:
    p, clock, _ = ports(datetime(2026, 11, 26, 23, 58, 30, tzinfo=CHINA))
    for _ in range(3):
        rate_limits.take(p, DAILY, "n1")
    with pytest.raises(RateLimitedError) as refused:
        rate_limits.take(p, DAILY, "n1")
    assert (
        refused.value.retry_after == 90 and refused.value.message == "今日次数已用完，请2分钟后再试"
    )
    rate_limits.take(p, DAILY, "n2")  # another subject has its own count
    clock.advance(seconds=90)  # 00:00 in Beijing (16:00 UTC): a new day
    rate_limits.take(p, DAILY, "n1")


def test_a_successful_attempt_gives_its_hit_back() -> None:
    p, _, _ = ports(datetime(2026, 11, 26, 9, 0, tzinfo=CHINA))
    for _ in range(10):
        rate_limits.give_back(p, [rate_limits.take(p, DAILY, "n1")])
    rate_limits.take(p, DAILY, "n1")


def test_a_client_address_is_kept_only_as_a_keyed_hash() -> None:
    p, _, counter = ports(datetime(2026, 11, 26, 9, 0, tzinfo=CHINA))
    subject = rate_limits.client_subject(p, "203.0.113.7")
    rate_limits.take(p, DAILY, subject)
    assert subject == rate_limits.client_subject(p, "203.0.113.7")
    assert subject != rate_limits.client_subject(p, "203.0.113.8")
    other_key = RateLimitPorts(counter=counter, clock=p.clock, pepper=b"q" * 32)
    assert subject != rate_limits.client_subject(other_key, "203.0.113.7")
    assert not any("203.0.113" in name for name in counter.values)
    assert all(expiry > 0 for expiry in counter.expiry.values())
