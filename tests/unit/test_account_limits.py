"""Hole 7: password and SMS-code guessing lock out (429), and sign-ups are limited per client and phone."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest

from chalicelib.domain.errors import ConcurrencyError, ForbiddenActionError
from chalicelib.services import account_limits
from chalicelib.services.rate_limits import RateLimitedError, RateLimitPorts
from tests.support.builders import world

IP = "198.51.100.20"


class Pool:
    """Stands in for Cognito: one account with one password; counts what reached it."""

    def __init__(self) -> None:
        self.reached = 0
        self._lock = threading.Lock()

    def login(self, username: str, password: str) -> Callable[[], dict[str, str]]:
        def attempt() -> dict[str, str]:
            with self._lock:
                self.reached += 1
            if (username, password) != ("zhangsan", "Right#2026"):
                raise ForbiddenActionError("用户名或密码错误")
            return {"id_token": "t"}

        return attempt


def limits() -> RateLimitPorts:
    return world().rate_limits


def test_five_wrong_passwords_lock_the_login_with_a_429_even_for_the_right_one() -> None:
    """Fails on the old code: login had no lockout, every guess reached Cognito and got a 403."""
    w = world()
    ports, clock, pool = w.rate_limits, w.clock, Pool()
    for _ in range(5):
        with pytest.raises(ForbiddenActionError):
            account_limits.login(ports, IP, "zhangsan", pool.login("zhangsan", "guess"))
    with pytest.raises(RateLimitedError, match="已暂时锁定") as locked:
        account_limits.login(ports, "203.0.113.9", "ZhangSan", pool.login("zhangsan", "Right#2026"))
    assert 0 < locked.value.retry_after <= 900 and pool.reached == 5
    with pytest.raises(ForbiddenActionError):  # another login is not locked with it
        account_limits.login(ports, IP, "lisi", pool.login("lisi", "guess"))
    clock.advance(minutes=15)
    assert account_limits.login(ports, IP, "zhangsan", pool.login("zhangsan", "Right#2026"))


def test_a_right_password_and_an_outage_use_up_no_attempts() -> None:
    ports, pool = limits(), Pool()
    for _ in range(20):
        account_limits.login(ports, IP, "zhangsan", pool.login("zhangsan", "Right#2026"))

    def outage() -> dict[str, str]:
        raise ConnectionError("cognito unreachable")

    for _ in range(20):
        with pytest.raises(ConnectionError):
            account_limits.login(ports, IP, "zhangsan", outage)
    assert account_limits.login(ports, IP, "zhangsan", pool.login("zhangsan", "Right#2026"))


def test_thirty_parallel_wrong_passwords_reach_the_pool_at_most_five_times() -> None:
    ports, pool = limits(), Pool()

    def guess(n: int) -> None:
        try:
            account_limits.login(
                ports, f"203.0.113.{n}", "zhangsan", pool.login("zhangsan", str(n))
            )
        except (ForbiddenActionError, RateLimitedError):
            return

    with ThreadPoolExecutor(max_workers=30) as pool_threads:
        list(pool_threads.map(guess, range(30)))
    assert pool.reached == 5


def test_one_client_trying_many_logins_is_stopped_after_twenty_failures() -> None:
    ports, pool = limits(), Pool()
    for n in range(20):
        with pytest.raises(ForbiddenActionError):
            account_limits.login(ports, IP, f"user{n}", pool.login(f"user{n}", "guess"))
    with pytest.raises(RateLimitedError, match="登录失败次数过多"):
        account_limits.login(ports, IP, "zhangsan", pool.login("zhangsan", "Right#2026"))


def test_sign_ups_are_limited_per_phone_and_per_client_and_refused_ones_do_not_count() -> None:
    """Fails on the old code: registration had no limit, and each sign-up texts a code at the county's cost."""
    ports = limits()

    def refused() -> None:
        raise ConcurrencyError("该账号已注册")

    for _ in range(5):
        with pytest.raises(ConcurrencyError):
            account_limits.register(ports, IP, "13709520000", refused)
    for _ in range(3):
        account_limits.register(ports, IP, "13709520000", lambda: None)
    with pytest.raises(RateLimitedError, match="该手机号今日注册次数过多"):
        account_limits.register(ports, "203.0.113.1", "13709520000", lambda: None)
    for n in range(7):  # with the 3 above, the client's 10 an hour
        account_limits.register(ports, IP, f"1390952{n:04d}", lambda: None)
    with pytest.raises(RateLimitedError, match="注册过于频繁"):
        account_limits.register(ports, IP, "13709529999", lambda: None)


def test_five_wrong_sms_codes_lock_the_confirmation() -> None:
    ports = limits()

    def wrong_code() -> None:
        raise ForbiddenActionError("验证码错误")

    for _ in range(5):
        with pytest.raises(ForbiddenActionError):
            account_limits.confirm(ports, IP, "newcomer", wrong_code)
    with pytest.raises(RateLimitedError, match="验证码错误次数过多"):
        account_limits.confirm(ports, IP, "newcomer", lambda: None)
