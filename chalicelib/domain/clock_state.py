"""The dates a case's clock is built from, carried on the case and advanced by each step (no event reads)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone
from typing import Any

from .statuses import Action, CaseStatus

CHINA_TZ = timezone(timedelta(hours=8), "Asia/Shanghai")


def china_day(at: datetime) -> date:
    """The calendar day in China of a timestamp (a naive one is taken as China time)."""
    if at.tzinfo is None:
        return at.date()
    return at.astimezone(CHINA_TZ).date()


def china_today() -> date:
    """Today in China: from 16:00 UTC the servers' own date is still yesterday there."""
    return datetime.now(CHINA_TZ).date()


# Statuses after which the decision clock no longer runs (第四十四条's delivery clock may still run).
DECIDED_STATUSES = frozenset({CaseStatus.APPROVED, CaseStatus.DENIED, CaseStatus.COMPLETED})
ENDED_STATUSES = frozenset(
    {
        CaseStatus.DELIVERED,
        CaseStatus.REFUSED,
        CaseStatus.WITHDRAWN,
        CaseStatus.VOIDED,
        CaseStatus.SUPPLEMENT_EXPIRED,
    }
)


@dataclass(frozen=True)
class Suspension:
    """One 特别程序 (第四十五条): from the SUSPEND day to the RESUME day ("" while it runs)."""

    since: str
    until: str = ""
    procedure: str = ""
    expected_days: int = 0


@dataclass(frozen=True)
class ClockState:
    """ISO dates ("" when not yet) of the steps that move the clock; `apply` feeds every step through `advance`."""

    received_on: str = ""
    accept_recorded_on: str = ""
    supplement_requested_on: str = ""
    decided_on: str = ""
    delivered_on: str = ""
    extended: bool = False
    suspensions: tuple[Suspension, ...] = ()
    # 已受理待补办: REQUEST_REVIEW_SUPPLEMENT → SUPPLY_FOR_REVIEW; they stop the promised clock only.
    resupply_pauses: tuple[Suspension, ...] = ()

    @property
    def suspended(self) -> bool:
        return bool(self.suspensions) and not self.suspensions[-1].until

    @property
    def awaiting_resupply(self) -> bool:
        return bool(self.resupply_pauses) and not self.resupply_pauses[-1].until

    def to_dict(self) -> dict[str, Any]:
        data = dict(self.__dict__)
        data["suspensions"] = [s.__dict__ for s in self.suspensions]
        data["resupply_pauses"] = [s.__dict__ for s in self.resupply_pauses]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> ClockState:
        if not data:
            return cls()
        fields = dict(data)
        fields["suspensions"] = tuple(Suspension(**s) for s in fields.get("suspensions", []))
        fields["resupply_pauses"] = tuple(
            Suspension(**s) for s in fields.get("resupply_pauses", [])
        )
        return cls(**fields)


def advance(
    state: ClockState,
    day: date,
    action: Action,
    to_status: CaseStatus,
    details: dict[str, Any] | None = None,
) -> ClockState:
    """The clock after one step taken on `day` (a China calendar day)."""
    stamp = day.isoformat()
    info = details or {}
    state = _advance_resupply(state, stamp, action)
    if action is Action.SUBMIT and not state.received_on:
        state = replace(state, received_on=stamp)
    elif action is Action.SUPPLEMENT and not state.accept_recorded_on:
        # 第三十二条: after 补正 the five days run again from receipt of the complete set.
        state = replace(state, received_on=stamp, supplement_requested_on="")
    elif action is Action.REQUEST_SUPPLEMENT:
        state = replace(state, supplement_requested_on=stamp)
    elif action is Action.ACCEPT and not state.accept_recorded_on:
        state = replace(state, accept_recorded_on=stamp)
    elif action is Action.SUSPEND and not state.suspended:
        pause = Suspension(
            since=stamp,
            procedure=str(info.get("procedure", "")),
            expected_days=_int(info.get("expected_days")),
        )
        state = replace(state, suspensions=(*state.suspensions, pause))
    elif action is Action.RESUME:
        state = _close_suspension(state, stamp)
    elif action is Action.EXTEND:
        state = replace(state, extended=True)

    elif action in (Action.APPROVE, Action.DENY) and not state.decided_on:
        state = replace(state, decided_on=stamp)
    elif action is Action.DELIVER:
        state = replace(state, delivered_on=stamp)
    if to_status in DECIDED_STATUSES or to_status in ENDED_STATUSES:
        state = _close_resupply(_close_suspension(state, stamp), stamp)
    return state


def _advance_resupply(state: ClockState, stamp: str, action: Action) -> ClockState:
    """Platforms stop the promised (承诺) clock while 已受理待补办; the legal clock of 第四十二条 runs on
    (第四十五条 names the only periods the law leaves out, and a 补办 is not one of them)."""
    if action is Action.REQUEST_REVIEW_SUPPLEMENT and not state.awaiting_resupply:
        pause = Suspension(since=stamp, procedure="review_supplement")
        return replace(state, resupply_pauses=(*state.resupply_pauses, pause))
    if action is Action.SUPPLY_FOR_REVIEW:
        return _close_resupply(state, stamp)
    return state


def _close_resupply(state: ClockState, stamp: str) -> ClockState:
    if not state.awaiting_resupply:
        return state
    last = replace(state.resupply_pauses[-1], until=stamp)
    return replace(state, resupply_pauses=(*state.resupply_pauses[:-1], last))


def _close_suspension(state: ClockState, stamp: str) -> ClockState:
    if not state.suspended:
        return state
    last = replace(state.suspensions[-1], until=stamp)
    return replace(state, suspensions=(*state.suspensions[:-1], last))


def _int(value: object) -> int:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return 0
