"""The case clock: when a case was received and accepted, when it is due, and how urgent it is.

Legal basis (《中华人民共和国行政许可法》):

- 第三十二条：申请材料不齐全或者不符合法定形式的，应当当场或者在五日内一次告知申请人需要补正的
  全部内容，逾期不告知的，自收到申请材料之日起即为受理。 Hence ``acceptance_due`` (receipt + 5
  working days) and the deemed acceptance as of the day of receipt. After 补正 the five days run
  again from receipt of the completed set.
- 第四十二条：除可以当场作出行政许可决定的外，行政机关应当自受理行政许可申请之日起二十日内作出
  行政许可决定；二十日内不能作出决定的，经本行政机关负责人批准，可以延长十日。 The catalog holds the
  legal and the (shorter) promised limit per item; both run from acceptance.
- 第四十五条：行政机关作出行政许可决定，依法需要听证、招标、拍卖、检验、检测、检疫、鉴定和专家评审的，
  所需时间不计算在本节规定的期限内。 Time between SUSPEND and RESUME (特别程序) extends the due dates.
- 第八十二条：期限以工作日计算，不含法定节假日。 Every count here goes through
  :class:`~chalicelib.domain.calendar.WorkingCalendar`.

Dates are China Standard Time calendar days: an aware timestamp is converted to UTC+8 first.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from enum import StrEnum
from typing import Protocol

from .calendar import WorkingCalendar
from .cases import CaseEvent
from .statuses import Action, CaseStatus

CHINA_TZ = timezone(timedelta(hours=8), "Asia/Shanghai")

# 第三十二条：五日内一次告知补正，逾期不告知的自收到申请材料之日起即为受理。
EXTENSION_WORKING_DAYS = 10  # 第四十二条: 经本行政机关负责人批准，可以延长十日
ACCEPTANCE_WORKING_DAYS = 5

# Statuses after which the clock no longer runs: a decision is made or the case has ended.
STOPPED_STATUSES = frozenset(
    {
        CaseStatus.APPROVED,
        CaseStatus.DENIED,
        CaseStatus.COMPLETED,
        CaseStatus.DELIVERED,
        CaseStatus.REFUSED,
        CaseStatus.WITHDRAWN,
        CaseStatus.VOIDED,
        CaseStatus.SUPPLEMENT_EXPIRED,
    }
)
PAUSED_STATUSES = frozenset({CaseStatus.SUSPENDED, CaseStatus.SUPPLEMENT_REQUESTED})


@dataclass(frozen=True)
class ClockEvent:
    """The part of a case event the clock needs."""

    at: datetime
    action: str
    to_status: str

    @property
    def day(self) -> date:
        """The calendar day in China on which the event happened."""
        if self.at.tzinfo is None:
            return self.at.date()
        return self.at.astimezone(CHINA_TZ).date()


def clock_events(events: Sequence[CaseEvent]) -> list[ClockEvent]:
    """The audit trail in order (by ``seq``) as clock events."""
    return [
        ClockEvent(at=datetime.fromisoformat(e.at), action=e.action, to_status=e.to_status)
        for e in sorted(events, key=lambda e: e.seq)
    ]


class TimeLimitsLike(Protocol):
    """What the clock reads from a catalog item's time limits (working days).

    Read-only members, so that frozen dataclasses such as ``catalog_items.TimeLimits`` match.
    """

    @property
    def legal_days(self) -> int | None: ...

    @property
    def promised_days(self) -> int: ...

    @property
    def instant(self) -> bool: ...


@dataclass(frozen=True)
class CaseClock:
    """Where a case stands against its time limits on a given day (all dates are calendar days).

    ``received_on``: first submission, or the last 补正 that completed the set (第三十二条: the five
    days restart from receipt of the complete set).
    ``accepted_on``: the day of the recorded acceptance, or ``received_on`` when the acceptance
    was recorded after ``acceptance_due`` (deemed accepted, 第三十二条). ``None`` until an
    acceptance is recorded; :func:`must_deem_accepted` tells the sweep when to record one.
    ``paused_working_days``: 特别程序 time after acceptance (第四十五条), up to today if still running.
    ``promised_due`` / ``legal_due``: ``accepted_on`` + limit + paused working days (第四十二条).
    ``due``: the earlier of the two known dates.
    """

    received_on: date | None
    accepted_on: date | None
    deemed_accepted: bool
    paused_working_days: int
    promised_due: date | None
    legal_due: date | None
    due: date | None
    stopped: bool
    paused: bool
    acceptance_due: date | None


class _Replay:
    """Walks the events once, collecting the dates the clock is built from."""

    def __init__(self, calendar: WorkingCalendar) -> None:
        self.calendar = calendar
        self.received_on: date | None = None
        self.accept_recorded_on: date | None = None
        self.suspended_since: date | None = None
        self.paused_days = 0
        self.extended_days = 0
        self.status: CaseStatus | None = None

    def feed(self, event: ClockEvent) -> None:
        day = event.day
        action = event.action
        first_submit = action == Action.SUBMIT and self.received_on is None
        # 补正 completes the set: the five days of 第三十二条 run again from this receipt.
        completed_set = action == Action.SUPPLEMENT and self.accept_recorded_on is None
        if first_submit or completed_set:
            self.received_on = day
        elif action == Action.ACCEPT and self.accept_recorded_on is None:
            self.accept_recorded_on = day
        elif action == Action.SUSPEND and self.suspended_since is None:
            self.suspended_since = day
        elif action == Action.RESUME:
            self.close_suspension(day)
        elif action == Action.EXTEND:
            self.extended_days = EXTENSION_WORKING_DAYS  # once: a second extension adds nothing
        # A status this version does not know leaves the clock as it was.
        with contextlib.suppress(ValueError):
            self.status = CaseStatus(event.to_status)
        if self.status in STOPPED_STATUSES:
            self.close_suspension(day)

    def close_suspension(self, day: date) -> None:
        if self.suspended_since is not None:
            self.paused_days += self.calendar.working_days_between(self.suspended_since, day)
            self.suspended_since = None


def compute_clock(
    events: Sequence[ClockEvent],
    limits: TimeLimitsLike,
    calendar: WorkingCalendar,
    today: date,
) -> CaseClock:
    """Replay a case's events against its item's limits.

    - 受理期限（第三十二条）：收到申请材料（或补正后的全部材料）之次日起 5 个工作日。
      An acceptance recorded later than that counts as of the day of receipt (deemed acceptance).
    - 办理期限（第四十二条）：受理之次日起，承诺时限/法定时限个工作日；即办件 due on the day of acceptance.
    - 特别程序（第四十五条）：SUSPEND→RESUME working days are added to both due dates.
    """
    replay = _Replay(calendar)
    for event in events:
        replay.feed(event)
    replay.close_suspension(today)  # a 特别程序 still running counts up to today

    received_on = replay.received_on
    acceptance_due = (
        calendar.add_working_days(received_on, ACCEPTANCE_WORKING_DAYS)
        if received_on is not None
        else None
    )
    accepted_on = replay.accept_recorded_on
    deemed = (
        accepted_on is not None
        and received_on is not None
        and acceptance_due is not None
        and accepted_on > acceptance_due
    )
    if deemed:
        accepted_on = received_on

    promised_due = legal_due = None
    if accepted_on is not None:
        promised = 0 if limits.instant else limits.promised_days
        extra = replay.paused_days + replay.extended_days
        promised_due = calendar.add_working_days(accepted_on, promised + extra)
        if limits.legal_days is not None:
            legal_due = calendar.add_working_days(accepted_on, limits.legal_days + extra)
    known = [d for d in (promised_due, legal_due) if d is not None]
    stopped = replay.status in STOPPED_STATUSES
    return CaseClock(
        received_on=received_on,
        accepted_on=accepted_on,
        deemed_accepted=deemed,
        paused_working_days=replay.paused_days,
        promised_due=promised_due,
        legal_due=legal_due,
        due=min(known) if known else None,
        stopped=stopped,
        paused=not stopped and replay.status in PAUSED_STATUSES,
        acceptance_due=acceptance_due,
    )


class Urgency(StrEnum):
    """How a case stands against its deadline, for work lists and the supervisor's sweep."""

    ON_TIME = "on_time"
    WARNING = "warning"
    OVERDUE = "overdue"
    STOPPED = "stopped"
    PAUSED = "paused"

    @property
    def label_zh(self) -> str:
        return URGENCY_LABELS[self]


URGENCY_LABELS: dict[Urgency, str] = {
    Urgency.ON_TIME: "正常",
    Urgency.WARNING: "即将超期",
    Urgency.OVERDUE: "已超期",
    Urgency.STOPPED: "已停止计时",
    Urgency.PAUSED: "暂停计时",
}


def _deadline(clock: CaseClock) -> date | None:
    """The date the next step is due by: the decision once accepted, else the acceptance."""
    return clock.due if clock.accepted_on is not None else clock.acceptance_due


def remaining_working_days(calendar: WorkingCalendar, today: date, deadline: date) -> int:
    """Working days left until ``deadline`` (0 on the day itself); negative once it has passed.

    A passed deadline is at least one day late, even over a weekend: the Saturday after a
    Friday deadline is -1, as is the Monday after it.
    """
    if today <= deadline:
        return calendar.working_days_between(today, deadline)
    return -max(1, calendar.working_days_between(deadline, today))


def urgency(
    clock: CaseClock, calendar: WorkingCalendar, today: date, warn_within: int = 2
) -> tuple[Urgency, int]:
    """(urgency, remaining working days) against the decision deadline, or before acceptance
    against ``acceptance_due``.

    - stopped → (STOPPED, 0);
    - waiting for 补正 → (PAUSED, 0): nothing counts until the complete set arrives, then the
      five days start again;
    - 特别程序 → (PAUSED, n): n is the frozen number of days left, since ``due`` moves with the
      pause;
    - no deadline yet (not submitted) → (ON_TIME, 0);
    - otherwise OVERDUE when negative, WARNING when at most ``warn_within`` days are left
      (including the due day itself, 0), else ON_TIME.
    """
    if clock.stopped:
        return Urgency.STOPPED, 0
    deadline = _deadline(clock)
    if clock.paused:
        if clock.accepted_on is None or deadline is None:
            return Urgency.PAUSED, 0
        return Urgency.PAUSED, remaining_working_days(calendar, today, deadline)
    if deadline is None:
        return Urgency.ON_TIME, 0
    remaining = remaining_working_days(calendar, today, deadline)
    if remaining < 0:
        return Urgency.OVERDUE, remaining
    if remaining <= warn_within:
        return Urgency.WARNING, remaining
    return Urgency.ON_TIME, remaining


def must_deem_accepted(clock: CaseClock, today: date) -> bool:
    """True when the five working days of 第三十二条 have passed with the case still waiting for
    acceptance (no acceptance recorded, not waiting for 补正, not refused or otherwise ended).

    The sweep then records an acceptance; :func:`compute_clock` dates it as of ``received_on``
    (逾期不告知的，自收到申请材料之日起即为受理).
    """
    return (
        clock.acceptance_due is not None
        and clock.accepted_on is None
        and not clock.stopped
        and not clock.paused
        and today > clock.acceptance_due
    )
