"""Limits on the public account routes: password guessing (lockout per login name and per client),
sign-ups (each sends an SMS at the county's cost) and SMS-code guessing at confirmation."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from . import rate_limits
from .rate_limits import Limit, RateLimitPorts

T = TypeVar("T")

LOGIN_FAILURES_PER_NAME = Limit(
    "login-name", 5, 900, "该账号登录失败次数过多，已暂时锁定，请{minutes}分钟后再试"
)
LOGIN_FAILURES_PER_CLIENT = Limit(
    "login-client", 20, 900, "登录失败次数过多，请{minutes}分钟后再试"
)
SIGN_UPS_PER_CLIENT = Limit("register-client", 10, 3_600, "注册过于频繁，请{minutes}分钟后再试")
SIGN_UPS_PER_PHONE = Limit(
    "register-phone", 3, 86_400, "该手机号今日注册次数过多，请明天再试或到窗口办理"
)
CODE_FAILURES_PER_NAME = Limit("confirm-name", 5, 900, "验证码错误次数过多，请{minutes}分钟后再试")
CODE_FAILURES_PER_CLIENT = Limit(
    "confirm-client", 20, 900, "验证码错误次数过多，请{minutes}分钟后再试"
)


def _name(username: str) -> str:
    return username.strip().lower()  # one lock for "ZhangSan" and "zhangsan"


def login(ports: RateLimitPorts, client_ip: str, username: str, attempt: Callable[[], T]) -> T:
    """5 wrong passwords for one login in 15 minutes lock it until the window ends (429, Retry-After);
    a client trying many logins is stopped after 20 failures. A right password uses nothing up."""
    limits = [
        (LOGIN_FAILURES_PER_CLIENT, rate_limits.client_subject(ports, client_ip)),
        (LOGIN_FAILURES_PER_NAME, rate_limits.subject_of(ports, "login", _name(username))),
    ]
    return rate_limits.counting_failures(ports, limits, attempt)


def register(ports: RateLimitPorts, client_ip: str, phone: str, attempt: Callable[[], T]) -> T:
    """10 sign-ups an hour per client, 3 a day per phone number: each one texts a code."""
    limits = [
        (SIGN_UPS_PER_CLIENT, rate_limits.client_subject(ports, client_ip)),
        (SIGN_UPS_PER_PHONE, rate_limits.subject_of(ports, "phone", phone)),
    ]
    return rate_limits.counting_successes(ports, limits, attempt)


def confirm(ports: RateLimitPorts, client_ip: str, username: str, attempt: Callable[[], T]) -> T:
    """5 wrong SMS codes for one account in 15 minutes, 20 per client: a 6-digit code is not guessed."""
    limits = [
        (CODE_FAILURES_PER_CLIENT, rate_limits.client_subject(ports, client_ip)),
        (CODE_FAILURES_PER_NAME, rate_limits.subject_of(ports, "confirm", _name(username))),
    ]
    return rate_limits.counting_failures(ports, limits, attempt)
