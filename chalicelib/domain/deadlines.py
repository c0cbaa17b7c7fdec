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
- 已受理待补办 (补正 after acceptance): the promised (承诺) clock stops from REQUEST_REVIEW_SUPPLEMENT to
  SUPPLY_FOR_REVIEW, as platforms stop their SLA clock during 补正. The legal clock of 第四十二条 does
  not: 第四十五条 lists the only periods not counted, and a 补办 is not among them.
- 第八十二条：期限以工作日计算，不含法定节假日。 Every count here goes through
  :class:`~chalicelib.domain.calendar.WorkingCalendar`.

Dates are China Standard Time calendar days: an aware timestamp is converted to UTC+8 first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any, Protocol

from .calendar import CalendarRangeError, WorkingCalendar
from .cases import CaseEvent
from .clock_state import ENDED_STATUSES, ClockState, advance, china_day
from .statuses import Action, CaseStatus

EXTENSION_WORKING_DAYS = 10  # 第四十二条: 经本行政机关负责人批准，可以延长十日
ACCEPTANCE_WORKING_DAYS = (
    5  # 第三十二条: 五日内一次告知补正，逾期不告知的自收到申请材料之日起即为受理
)
DELIVERY_WORKING_DAYS = 10  # 第四十四条: 自作出决定之日起十日内颁发、送达
SUPPLEMENT_WORKING_DAYS = 20  # the county's 补正 period; past it the case ends (补正超时终止)

PAUSED_STATUSES = frozenset({CaseStatus.SUSPENDED, CaseStatus.SUPPLEMENT_REQUESTED})
WAITING_FOR_ACCEPTANCE = frozenset({CaseStatus.SUBMITTED, CaseStatus.PRE_REVIEW})


@dataclass(frozen=True)
class ClockEvent:
    """The part of a case event the clock needs."""

    at: datetime
    action: str
    to_status: str
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def day(self) -> date:
        """The calendar day in China on which the event happened."""
        return china_day(self.at)


def clock_events(events: Sequence[CaseEvent]) -> list[ClockEvent]:
    """The audit trail in order (by ``seq``) as clock events."""
    return [
        ClockEvent(
            at=datetime.fromisoformat(e.at),
            action=e.action,
            to_status=e.to_status,
            details=dict(e.details),
        )
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
class ClockRules:
    """Which law's clocks apply to an item: 行政许可 items get 第三十二/四十二/四十四条, others only their limits."""

    licensing: bool = True
    extension_days: int = EXTENSION_WORKING_DAYS


@dataclass(frozen=True)
class CaseClock:
    """Where a case stands against its time limits on a given day (all dates are calendar days).

    ``received_on``: first submission, or the 补正 that completed the set (第三十二条).
    ``accepted_on``: the day of the recorded acceptance; the day of receipt once the five working
    days of 第三十二条 have passed without an answer (``deemed_accepted``) — from that moment, not
    from the sweep that records it (``acceptance_recorded`` tells whether it is recorded yet).
    ``promised_due`` / ``legal_due``: ``accepted_on`` + limit + 特别程序 working days (第四十五条);
    an approved extension (第四十二条) moves the legal date only. ``due``: the earlier of the two.
    ``delivery_due``: decision day + 10 working days (第四十四条) until the result is delivered.
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
    acceptance_recorded: bool = False
    decided_on: date | None = None
    delivery_due: date | None = None
    extended: bool = False
    supplement_due: date | None = None
    licensing: bool = True
    # 已受理待补办 working days: they move ``promised_due`` only (第四十二条's clock runs on).
    resupply_working_days: int = 0
    # Why a date above is missing: its year's holidays are not entered (shown to staff as it is).
    calendar_gap: str = ""

    @property
    def decided(self) -> bool:
        return self.decided_on is not None

    @property
    def deadline(self) -> date | None:
        """The date the next step is due by: acceptance, then decision, then delivery."""
        if self.stopped:
            return None
        if self.decided:
            return self.delivery_due
        return self.due if self.accepted_on is not None else self.acceptance_due

    @property
    def deadline_kind(self) -> str:
        if self.stopped:
            return ""
        if self.decided:
            return "delivery" if self.delivery_due else ""
        return "decision" if self.accepted_on is not None else "acceptance"


def _date(stamp: str) -> date | None:
    return date.fromisoformat(stamp) if stamp else None


def state_of(events: Sequence[ClockEvent]) -> tuple[ClockState, CaseStatus | None]:
    """Fold the audit trail into the clock state a case carries (for old cases and tests)."""
    state, status = ClockState(), None
    for event in events:
        try:
            action, status = Action(event.action), CaseStatus(event.to_status)
        except ValueError:
            continue  # an action or status this version does not know leaves the clock as it was
        state = advance(state, event.day, action, status, event.details)
    return state, status


def compute_clock(
    events: Sequence[ClockEvent],
    limits: TimeLimitsLike,
    calendar: WorkingCalendar,
    today: date,
    rules: ClockRules | None = None,
) -> CaseClock:
    """Replay a case's events against its item's limits (see :func:`clock_of`)."""
    state, status = state_of(events)
    return clock_of(state, status, limits, calendar, today, rules)


def clock_of(
    state: ClockState,
    status: CaseStatus | None,
    limits: TimeLimitsLike,
    calendar: WorkingCalendar,
    today: date,
    rules: ClockRules | None = None,
) -> CaseClock:
    """The clock of a case in `status` with this clock state, on `today`.

    - 受理期限（第三十二条）：收到申请材料（或补正后的全部材料）之次日起 5 个工作日。
    - 办理期限（第四十二条）：受理之次日起，承诺时限/法定时限个工作日；即办件 due on the day of acceptance.
    - 特别程序（第四十五条）：SUSPEND→RESUME working days are added to both due dates.
    - 送达期限（第四十四条）：作出决定之次日起 10 个工作日。
    """
    law = rules or ClockRules()
    gaps: list[str] = []

    def add(start: date | None, days: int) -> date | None:
        # A date in a year whose holidays are not known is left out, never guessed (第八十二条).
        if start is None:
            return None
        try:
            return calendar.add_working_days(start, days)
        except CalendarRangeError as error:
            gaps.append(str(error))
            return None

    received_on = _date(state.received_on)
    acceptance_due = add(received_on, ACCEPTANCE_WORKING_DAYS)
    recorded = _date(state.accept_recorded_on)
    accepted_on = recorded
    deemed = False
    if law.licensing and received_on is not None and acceptance_due is not None:
        late = recorded is not None and recorded > acceptance_due
        unanswered = (
            recorded is None and status in WAITING_FOR_ACCEPTANCE and today > acceptance_due
        )
        if late or unanswered:
            accepted_on, deemed = received_on, True

    paused_days = sum(
        calendar.working_days_between(date.fromisoformat(s.since), _date(s.until) or today)
        for s in state.suspensions
    )
    # 承诺时限 only: 第四十五条 does not exclude a 补办 from the legal period of 第四十二条.
    resupply_days = sum(
        calendar.working_days_between(date.fromisoformat(s.since), _date(s.until) or today)
        for s in state.resupply_pauses
    )
    promised_due = legal_due = None
    extension = law.extension_days if (state.extended and law.licensing) else 0
    if accepted_on is not None:
        promised = 0 if limits.instant else limits.promised_days
        promised_due = add(accepted_on, promised + paused_days + resupply_days)
        if limits.legal_days is not None:
            legal_due = add(accepted_on, limits.legal_days + paused_days + extension)
    known = [d for d in (promised_due, legal_due) if d is not None]
    decided_on = _date(state.decided_on)
    ended = status in ENDED_STATUSES
    delivery_due = None
    if decided_on is not None and law.licensing and not ended:
        delivery_due = add(decided_on, DELIVERY_WORKING_DAYS)
    requested = _date(state.supplement_requested_on)
    return CaseClock(
        received_on=received_on,
        accepted_on=accepted_on,
        deemed_accepted=deemed,
        paused_working_days=paused_days,
        promised_due=promised_due,
        legal_due=legal_due,
        due=min(known) if known else None,
        stopped=ended or (decided_on is not None and delivery_due is None),
        paused=not ended and status in PAUSED_STATUSES,
        acceptance_due=acceptance_due,
        acceptance_recorded=recorded is not None,
        decided_on=decided_on,
        delivery_due=delivery_due,
        extended=state.extended,
        supplement_due=(
            add(requested, SUPPLEMENT_WORKING_DAYS)
            if status is CaseStatus.SUPPLEMENT_REQUESTED
            else None
        ),
        licensing=law.licensing,
        resupply_working_days=resupply_days,
        calendar_gap=gaps[0] if gaps else "",
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
    deadline = clock.deadline
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
    """True when the law already counts the case as accepted (第三十二条) but no acceptance is recorded:
    the sweep then records one, dated by :func:`clock_of` as of ``received_on``."""
    return clock.deemed_accepted and not clock.acceptance_recorded and not clock.stopped
