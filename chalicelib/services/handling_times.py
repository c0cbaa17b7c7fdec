"""Handling time per item for supervision: average and 90th-percentile working days, against the limits."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from chalicelib.domain.cases import Case

from .case_clocks import clock_or_none
from .ports import Content
from .queries import QueryPorts


def percentile(values: Sequence[float], q: float) -> float | None:
    """Nearest-rank percentile (the smallest value with at least q of the values at or below it),
    so the figure is a handling time that really occurred; None for no values."""
    if not values:
        return None
    if not 0 < q <= 1:
        raise ValueError("q must be in (0, 1]")
    ordered = sorted(values)
    return ordered[max(math.ceil(q * len(ordered)), 1) - 1]


def average(values: Sequence[float]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


@dataclass(frozen=True)
class Sample:
    """One decided case: working days from receipt to decision, and whether within each limit."""

    item_code: str
    item_name: str
    days: int
    within_promised: bool | None
    within_legal: bool | None


@dataclass(frozen=True)
class ItemTimes:
    item_code: str
    item_name: str
    promised_days: int
    legal_days: int | None
    decided: int
    average_days: float | None
    p90_days: float | None
    within_promised: int
    within_legal: int

    @property
    def legal_label(self) -> str:
        return "无法定时限" if self.legal_days is None else f"{self.legal_days}"


def item_times(samples: Sequence[Sample], content: Content) -> list[ItemTimes]:
    """Pure over the samples: one row per item, the slowest (by 90th percentile) first."""
    groups: dict[str, list[Sample]] = defaultdict(list)
    for s in samples:
        groups[s.item_code].append(s)
    rows = []
    for code, group in groups.items():
        limits = content.catalog.get(code).time_limits
        days = [float(s.days) for s in group]
        rows.append(
            ItemTimes(
                item_code=code,
                item_name=group[0].item_name,
                promised_days=0 if limits.instant else limits.promised_days,
                legal_days=limits.legal_days,
                decided=len(group),
                average_days=average(days),
                p90_days=percentile(days, 0.9),
                within_promised=sum(1 for s in group if s.within_promised),
                within_legal=sum(1 for s in group if s.within_legal),
            )
        )
    return sorted(rows, key=lambda r: (-(r.p90_days or 0), r.item_code))


def sample_of(content: Content, case: Case, today: date) -> Sample | None:
    """The case as a sample once decided (批准/不予批准); None before, or when the calendar has a gap."""
    clock = clock_or_none(content, case, today)
    if clock is None or clock.received_on is None or clock.decided_on is None:
        return None
    decided = clock.decided_on
    return Sample(
        item_code=case.item_code,
        item_name=case.item_name,
        days=content.calendar.working_days_between(clock.received_on, decided),
        within_promised=None if clock.promised_due is None else decided <= clock.promised_due,
        within_legal=None if clock.legal_due is None else decided <= clock.legal_due,
    )


def handling_times(ports: QueryPorts, cases: Sequence[Case]) -> list[ItemTimes]:
    today = ports.clock.today()
    samples = [s for s in (sample_of(ports.content, c, today) for c in cases) if s is not None]
    return item_times(samples, ports.content)
