"""The staff directory: who works where, in which role, from when to when — the administrator's table."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Protocol

from chalicelib.domain.errors import BadRequestError
from chalicelib.domain.roles import Role

# OPERATOR is accepted only as an addition: alone it grants nothing (access_policy.may_replay wants a
# supervisor too, and Principal.is_staff does not count it).
STAFF_ROLES = frozenset(
    {Role.WINDOW_STAFF, Role.APPROVER, Role.DEPARTMENT_HEAD, Role.SUPERVISOR, Role.OPERATOR}
)


@dataclass(frozen=True)
class StaffEntry:
    """One person's place of work. `user_id` is the identity provider's `sub`; `valid_to` is the last
    day the entry holds (inclusive), None while it is open."""

    user_id: str
    login: str
    name: str
    roles: frozenset[Role]
    jurisdiction: str
    center: str = ""
    department: str = ""
    window: str = ""  # the counter number at the service centre, if the person sits at one
    valid_from: date = date.min
    valid_to: date | None = None

    def valid_on(self, today: date) -> bool:
        # An entry written by hand without a role or a jurisdiction grants nothing (a supervisor
        # held to no jurisdiction would see everything).
        if not (self.roles & (STAFF_ROLES - {Role.OPERATOR})) or not self.jurisdiction:
            return False
        return self.valid_from <= today and (self.valid_to is None or today <= self.valid_to)

    def ended(self, last_day: date) -> StaffEntry:
        return replace(self, valid_to=last_day)


def staff_entry(
    *,
    user_id: str,
    login: str,
    name: str,
    roles: Iterable[str],
    jurisdiction: str,
    center: str = "",
    department: str = "",
    window: str = "",
    valid_from: str,
    valid_to: str = "",
) -> StaffEntry:
    """An entry from the administrator's text, checked: only staff roles, a jurisdiction, ISO dates."""
    known = {r.value: r for r in STAFF_ROLES}
    wanted = [str(r).strip() for r in roles if str(r).strip()]
    unknown = [r for r in wanted if r not in known]
    if unknown or not wanted:
        names = "、".join(sorted(known))
        raise BadRequestError(
            f"角色应为 {names} 中的一个或多个（收到：{'、'.join(unknown) or '无'}）"
        )
    if not user_id.strip() or not login.strip():
        raise BadRequestError("工作人员名录条目须有身份标识（sub）和登录名")
    if not jurisdiction.strip():
        # A staff person without a jurisdiction would be held to none (issue 9, hole 2).
        raise BadRequestError("工作人员名录条目须写明所属地区（行政区划代码）")
    start = _iso_date(valid_from, "生效日期")
    end = _iso_date(valid_to, "失效日期") if valid_to.strip() else None
    if end is not None and end < start:
        raise BadRequestError("失效日期不能早于生效日期")
    return StaffEntry(
        user_id=user_id.strip(),
        login=login.strip().lower(),
        name=name.strip(),
        roles=frozenset(known[r] for r in wanted),
        jurisdiction=jurisdiction.strip(),
        center=center.strip(),
        department=department.strip(),
        window=window.strip(),
        valid_from=start,
        valid_to=end,
    )


def _iso_date(text: str, label: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise BadRequestError(f"{label}应为 YYYY-MM-DD 格式的日期（收到：{text!r}）") from None


class StaffDirectory(Protocol):
    """What the service layer asks on every request: the directory entry of this person, if any."""

    def entry_for(self, user_id: str) -> StaffEntry | None:
        """The person's entry (valid or not: the caller checks the dates), or None."""


class StaffRoster(StaffDirectory, Protocol):
    """The administrator's side of the directory (devtools/ops.py `staff`)."""

    def put(self, entry: StaffEntry) -> None:
        """Add or replace the person's entry; BadRequestError if the login belongs to another person."""

    def by_login(self, login: str) -> StaffEntry | None:
        """The entry of the person who signs in with this login, if any."""

    def entries(self) -> list[StaffEntry]:
        """Every entry, by jurisdiction and login."""


@dataclass
class CachedStaffDirectory:
    """Remembers answers (absences too) for `ttl_seconds` per container, so a request costs no read.

    The price is the revocation delay: an ended or changed entry takes effect in each running
    container within `ttl_seconds` at most."""

    inner: StaffDirectory
    ttl_seconds: float = 60.0
    now: Callable[[], float] = time.monotonic
    _answers: dict[str, tuple[float, StaffEntry | None]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    max_entries: int = 10_000  # a container never holds more than this many people's answers

    def entry_for(self, user_id: str) -> StaffEntry | None:
        at = self.now()
        with self._lock:
            cached = self._answers.get(user_id)
            if cached is not None and at - cached[0] < self.ttl_seconds:
                return cached[1]
        entry = self.inner.entry_for(user_id)
        with self._lock:
            if len(self._answers) >= self.max_entries:
                self._answers.clear()
            self._answers[user_id] = (at, entry)
        return entry
