"""Rate limits: atomic fixed-window attempt counters per subject (a keyed hash of a client address, a
login name, a case number), counted BEFORE the attempt runs so a parallel burst cannot outrun them.

An attempt takes a hit first (one atomic ADD that returns the new count); only hits within the limit
are evaluated, and a successful attempt gives its hit back, so the counters hold failures. Windows
are aligned to China time (a "day" ends at midnight in Beijing), and each counter is named by its
window, so an expired one is never read again and the table's TTL only tidies up.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, TypeVar

from chalicelib.domain.errors import DomainError

from .ports import Clock

T = TypeVar("T")
CHINA_OFFSET_SECONDS = 8 * 3600
TTL_GRACE_SECONDS = 3600


class HitCounter(Protocol):
    """Atomic counters that expire (DynamoDB `UpdateItem ADD … ReturnValues=UPDATED_NEW` with a TTL)."""

    def add(self, name: str, amount: int, expires_at: int) -> int:
        """Add `amount` (negative to give back) to counter `name` atomically and return the new value;
        the counter may be forgotten after `expires_at` (epoch seconds)."""


class RateLimitedError(DomainError):
    """Too many attempts: answered 429 with Retry-After."""

    code = "rate_limited"
    kind = "rate_limited"

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message, details={"retry_after": retry_after})
        self.retry_after = retry_after


@dataclass(frozen=True)
class Limit:
    name: str
    max_hits: int
    window_seconds: int
    message: str  # Chinese; "{minutes}" is replaced by the minutes until the window ends


@dataclass(frozen=True)
class RateLimitPorts:
    counter: HitCounter
    clock: Clock
    pepper: bytes  # keys the hash of client addresses, which are never stored as they came


@dataclass(frozen=True)
class Hit:
    """One counted attempt, to give back when the attempt succeeded."""

    name: str
    expires_at: int


def subject_of(ports: RateLimitPorts, kind: str, value: str) -> str:
    """A stable, unreadable counter name for a client address, a login name or a phone number (HMAC:
    the IPv4 and mobile-number spaces are too small to hash plainly)."""
    digest = hmac.new(ports.pepper, f"{kind}#{value}".encode(), hashlib.sha256)
    return digest.hexdigest()[:32]


def client_subject(ports: RateLimitPorts, source_ip: str) -> str:
    return subject_of(ports, "client", source_ip)


def take(ports: RateLimitPorts, limit: Limit, subject: str) -> Hit:
    """Count one attempt before it runs; past the limit, RateLimitedError and the attempt is not made."""
    now = int(ports.clock.now().timestamp())
    window = (now + CHINA_OFFSET_SECONDS) // limit.window_seconds
    ends = (window + 1) * limit.window_seconds - CHINA_OFFSET_SECONDS
    hit = Hit(f"{limit.name}#{subject}#{window}", ends + TTL_GRACE_SECONDS)
    if ports.counter.add(hit.name, 1, hit.expires_at) > limit.max_hits:
        retry_after = max(1, ends - now)
        minutes = str(-(-retry_after // 60))
        raise RateLimitedError(limit.message.replace("{minutes}", minutes), retry_after)
    return hit


def take_all(ports: RateLimitPorts, limits: list[tuple[Limit, str]]) -> list[Hit]:
    """Take a hit under every (limit, subject); the first limit reached refuses the attempt."""
    return [take(ports, limit, subject) for limit, subject in limits]


def give_back(ports: RateLimitPorts, hits: list[Hit]) -> None:
    """The attempt succeeded: it does not count against anyone."""
    for hit in hits:
        ports.counter.add(hit.name, -1, hit.expires_at)


def counting_failures(
    ports: RateLimitPorts, limits: list[tuple[Limit, str]], attempt: Callable[[], T]
) -> T:
    """Run `attempt` within the limits, counting it only if it is refused (a DomainError: a wrong
    password or code). An outage on our side (any other error) does not count against the person."""
    hits = take_all(ports, limits)
    try:
        result = attempt()
    except DomainError:
        raise
    except BaseException:
        give_back(ports, hits)
        raise
    give_back(ports, hits)
    return result


def counting_successes(
    ports: RateLimitPorts, limits: list[tuple[Limit, str]], attempt: Callable[[], T]
) -> T:
    """Run `attempt` within the limits, counting it only if it succeeds (e.g. a sign-up that sends an SMS)."""
    hits = take_all(ports, limits)
    try:
        return attempt()
    except BaseException:
        give_back(ports, hits)
        raise
