"""The correlation id of the work in hand (an HTTP request, or the message that request caused): one per
task, carried in every queue message so one applicant's request can be followed through every hop."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_current: ContextVar[str] = ContextVar("tongban_correlation_id", default="")
# A caller's header goes into every log line: only a short, plain token is taken as is.
_SAFE = re.compile(r"[A-Za-z0-9._:-]{1,64}")
FIELD = "correlation_id"  # the key in queue messages


def current() -> str:
    return _current.get()


def acceptable(candidate: str) -> bool:
    return bool(_SAFE.fullmatch(candidate))


@contextmanager
def bound(correlation_id: str) -> Iterator[str]:
    """Make `correlation_id` current for the duration (a bad one is dropped, not logged)."""
    token = _current.set(correlation_id if acceptable(correlation_id) else "")
    try:
        yield _current.get()
    finally:
        _current.reset(token)
