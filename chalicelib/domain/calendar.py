"""The working-day calendar: which days count toward a 行政许可 time limit.

《行政许可法》第八十二条：本法规定的行政机关实施行政许可的期限以工作日计算，不含法定节假日。
So a period counts 工作日 only: official holidays are skipped and the 调休 make-up Saturdays and
Sundays named in the State Council's yearly notice (国务院办公厅关于部分节假日安排的通知) count.

The yearly notices come from ``chinese_calendar``, which knows a fixed range of years (2004–2026
for version 1.11.0). A county officer can add or correct days in ``catalog/calendar.json`` when
the library lags behind the notice. For a year the library does not know:

- if ``extra_holidays``/``extra_workdays`` contain any date of that year, the officer is taken to
  have entered that year's notice: the year is counted Monday–Friday plus those overrides;
- else, with ``allow_weekend_fallback=True``, the year is counted Monday–Friday only (every
  official holiday of that year would then be missed — a stopgap, not a calendar);
- else :class:`CalendarRangeError` is raised, so that no deadline is silently wrong.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import chinese_calendar

from .catalog_errors import CatalogDataError, Fields

_ONE_DAY = timedelta(days=1)
_ISO_DATE = r"\d{4}-\d{2}-\d{2}"


class CalendarRangeError(ValueError):
    """A date in a year for which neither the library nor the overrides know the holidays."""

    def __init__(self, year: int) -> None:
        super().__init__(
            f"工作日历缺少 {year} 年的节假日安排：请在 catalog/calendar.json 中按国务院办公厅"
            f"当年节假日安排通知补录 {year} 年的法定节假日（extra_holidays）和调休上班日"
            "（extra_workdays），或升级 chinese-calendar 库"
        )
        self.year = year


@dataclass(frozen=True)
class WorkingCalendar:
    """Official working days: overrides first, then the State Council notices in chinese_calendar.

    ``allow_weekend_fallback``: for a year nobody knows, count Monday–Friday instead of raising
    :class:`CalendarRangeError`. Off by default: a wrong deadline is worse than a loud one.
    """

    extra_holidays: frozenset[date] = frozenset()
    extra_workdays: frozenset[date] = frozenset()
    allow_weekend_fallback: bool = False

    def __post_init__(self) -> None:
        both = self.extra_holidays & self.extra_workdays
        if both:
            days = "、".join(d.isoformat() for d in sorted(both))
            raise ValueError(f"同一日期不能既是节假日又是调休上班日：{days}")

    def covered_years(self) -> frozenset[int]:
        """Years for which the overrides stand in for a notice the library does not have."""
        return frozenset(d.year for d in self.extra_holidays | self.extra_workdays)

    def is_workday(self, day: date) -> bool:
        if day in self.extra_holidays:
            return False
        if day in self.extra_workdays:
            return True
        try:
            return bool(chinese_calendar.is_workday(day))
        except NotImplementedError:
            # chinese_calendar raises NotImplementedError for a year it has no notice for.
            if day.year in self.covered_years() or self.allow_weekend_fallback:
                return day.weekday() < 5
            raise CalendarRangeError(day.year) from None

    def add_working_days(self, start: date, days: int) -> date:
        """The day on which a period of ``days`` working days ends.

        The period starts the day after ``start`` (the day of receipt or acceptance is not
        counted), so ``days=0`` is ``start`` itself and any positive period ends on a workday.
        """
        if days < 0:
            raise ValueError(f"工作日数不能为负数：{days}")
        day = start
        remaining = days
        while remaining > 0:
            day += _ONE_DAY
            if self.is_workday(day):
                remaining -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]; 0 when ``end`` is not after ``start``."""
        count = 0
        day = start + _ONE_DAY
        while day <= end:
            if self.is_workday(day):
                count += 1
            day += _ONE_DAY
        return count

    def next_workday(self, day: date) -> date:
        """``day`` itself if it is a workday, else the first workday after it."""
        while not self.is_workday(day):
            day += _ONE_DAY
        return day


_CALENDAR_FIELDS = frozenset({"extra_holidays", "extra_workdays", "allow_weekend_fallback"})


def parse_calendar(data: Mapping[str, Any], source: str) -> WorkingCalendar:
    """Build the calendar from ``catalog/calendar.json``; every error names the JSON path.

    Shape: ``{"extra_holidays": ["2027-01-01", ...], "extra_workdays": [...],
    "allow_weekend_fallback": false}`` (the flag is optional; "_comment" and other "_" keys are
    notes and ignored).
    """
    fields = Fields(data, source, "", _CALENDAR_FIELDS)
    holidays = _dates(fields, "extra_holidays")
    workdays = _dates(fields, "extra_workdays")
    for path, day in workdays.items():
        if day in holidays.values():
            raise CatalogDataError(
                source,
                path,
                f"{day.isoformat()} 已列为节假日（extra_holidays），不能同时是调休上班日",
            )
    return WorkingCalendar(
        extra_holidays=frozenset(holidays.values()),
        extra_workdays=frozenset(workdays.values()),
        allow_weekend_fallback=fields.flag("allow_weekend_fallback", default=False),
    )


def _dates(fields: Fields, key: str) -> dict[str, date]:
    """The dates under ``key`` keyed by their JSON path; rejects bad formats and repeats."""
    found: dict[str, date] = {}
    for path, element in fields.array(key):
        if not isinstance(element, str) or re.fullmatch(_ISO_DATE, element) is None:
            raise CatalogDataError(fields.source, path, f"应为 YYYY-MM-DD 格式的日期：{element!r}")
        try:
            day = date.fromisoformat(element)
        except ValueError:
            raise CatalogDataError(fields.source, path, f"日期不存在：{element}") from None
        if day in found.values():
            raise CatalogDataError(fields.source, path, f"重复的日期：{element}")
        found[path] = day
    return found
