"""The 好差评 report per responsible unit: ratings by level, 差评, rectified, overdue."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from chalicelib.domain.errors import ForbiddenActionError
from chalicelib.domain.feedback.evaluations import Level
from chalicelib.domain.feedback.rectifications import RectStatus
from chalicelib.domain.roles import Principal
from chalicelib.services.ports import Clock

from .access import may_see_unit
from .protocols import FeedbackRepository


@dataclass(frozen=True)
class ReportPorts:
    feedback: FeedbackRepository
    clock: Clock


@dataclass
class UnitReport:
    """One unit's 好差评 figures: ratings per level, 差评, fixes and overdue fixes."""

    jurisdiction: str
    department: str
    ratings: dict[int, int] = field(default_factory=lambda: {lvl.value: 0 for lvl in Level})
    bad: int = 0
    not_counted: int = 0
    rectifications: int = 0
    rectified: int = 0
    explained: int = 0
    overdue: int = 0
    still_open: int = 0

    @property
    def total(self) -> int:
        return sum(self.ratings.values())

    def as_dict(self) -> dict[str, Any]:
        total = self.total
        good = sum(n for lvl, n in self.ratings.items() if lvl >= Level.BASIC)
        return {
            "jurisdiction": self.jurisdiction,
            "department": self.department,
            "total": total,
            "ratings": {
                str(lvl): {"label": Level(lvl).label_zh, "count": n}
                for lvl, n in sorted(self.ratings.items())
            },
            "bad": self.bad,
            "not_counted": self.not_counted,
            "satisfaction_rate": round(good / total, 4) if total else None,
            "rectifications": self.rectifications,
            "rectified": self.rectified,
            "explained": self.explained,
            "overdue": self.overdue,
            "open": self.still_open,
        }


def _in_range(stamp: str, since: date | None, until: date | None) -> bool:
    day = date.fromisoformat(stamp[:10])
    return (since is None or day >= since) and (until is None or day <= until)


def rectification_report(
    ports: ReportPorts,
    principal: Principal,
    jurisdiction: str,
    since: date | None = None,
    until: date | None = None,
) -> list[UnitReport]:
    """Per unit of a jurisdiction: counted ratings per level, 差评, rectified, explained, overdue."""
    repo, today = ports.feedback, ports.clock.today()
    if not may_see_unit(principal, jurisdiction):
        raise ForbiddenActionError("只能查看本地区的好差评统计")
    units: dict[tuple[str, str], UnitReport] = {}

    def unit(j: str, d: str) -> UnitReport:
        return units.setdefault((j, d), UnitReport(jurisdiction=j, department=d))

    for ev in repo.evaluations_by_jurisdiction(jurisdiction, since, until):
        if not _in_range(ev.rated_at, since, until):
            continue
        report = unit(ev.rated_unit.jurisdiction, ev.rated_unit.department)
        if not ev.counted:
            report.not_counted += 1
            continue
        report.ratings[ev.level.value] += 1
        report.bad += int(ev.is_bad)
    for rect in repo.rectifications_by_jurisdiction(jurisdiction, since, until):
        if not _in_range(rect.opened_at, since, until):
            continue
        report = unit(rect.owner.jurisdiction, rect.owner.department)
        report.rectifications += 1
        report.rectified += int(rect.was_rectified)
        report.explained += int(any(s.to_status == RectStatus.EXPLAINED.value for s in rect.steps))
        report.overdue += int(rect.is_overdue(today))
        report.still_open += int(rect.is_open)
    return sorted(units.values(), key=lambda u: (u.jurisdiction, u.department))
