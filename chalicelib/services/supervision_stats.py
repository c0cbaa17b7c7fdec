"""The supervisor's figures over the case rows they may see: counts by mode, status and item, and urgent cases."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from chalicelib.domain.deadlines import Urgency

# Shown in the urgent list, worst first.
URGENT = (Urgency.OVERDUE.value, Urgency.WARNING.value)


@dataclass(frozen=True)
class Count:
    key: str
    label: str
    count: int


@dataclass(frozen=True)
class Stats:
    """What /supervision shows; one place so the keyed queries of the performance work can replace it."""

    total: int
    by_mode: list[Count] = field(default_factory=list)
    by_status: list[Count] = field(default_factory=list)
    by_item: list[Count] = field(default_factory=list)
    urgent: list[dict[str, Any]] = field(default_factory=list)


def _counts(rows: list[dict[str, Any]], key: str, label: str) -> list[Count]:
    """Largest first, then by key, so the charts and tables are stable."""
    tally = Counter(str(r.get(key) or "") for r in rows)
    labels = {str(r.get(key) or ""): str(r.get(label) or r.get(key) or "") for r in rows}
    return [
        Count(k, labels[k], n) for k, n in sorted(tally.items(), key=lambda kv: (-kv[1], kv[0]))
    ]


def case_stats(rows: list[dict[str, Any]]) -> Stats:
    """Pure: the inbox rows (``queries.case_summary`` dicts) of one jurisdiction, counted."""
    urgent = [r for r in rows if r.get("urgency") in URGENT]
    urgent.sort(key=lambda r: (URGENT.index(r["urgency"]), str(r.get("due_date") or "")))
    return Stats(
        total=len(rows),
        by_mode=_counts(rows, "mode", "mode_label"),
        by_status=_counts(rows, "status", "status_label"),
        by_item=_counts(rows, "item_code", "item_name"),
        urgent=urgent,
    )


def _month_before(month: tuple[int, int]) -> tuple[int, int]:
    year, m = month
    return (year - 1, 12) if m == 1 else (year, m - 1)


def by_month(rows: list[dict[str, Any]], today: date, months: int = 12) -> list[tuple[str, int]]:
    """Cases received per calendar month (by ``created_at``), the last `months` months oldest first,
    empty months included so the chart's spacing is time; older cases are left out."""
    wanted = [(today.year, today.month)]
    while len(wanted) < months:
        wanted.append(_month_before(wanted[-1]))
    tally = Counter(str(r.get("created_at") or "")[:7] for r in rows)
    return [(f"{y}-{m:02d}", tally.get(f"{y}-{m:02d}", 0)) for y, m in reversed(wanted)]


def by_partner(rows: list[dict[str, Any]], own: str) -> list[Count]:
    """Cases per partner jurisdiction (the other side of each 跨省通办 case); a case with both sides
    here counts under 本地区. Largest first, like the other counts."""
    tally: Counter[str] = Counter()
    labels: dict[str, str] = {}
    for r in rows:
        home, receiving = r.get("home") or {}, r.get("receiving") or {}
        other = receiving if home.get("code") == own else home
        code = str(other.get("code") or "")
        key = "" if code == own else code
        tally[key] += 1
        labels[key] = "本地区" if not key else str(other.get("name") or code)
    return [
        Count(k, labels[k], n) for k, n in sorted(tally.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
