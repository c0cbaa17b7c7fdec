"""The working-day calendar: which days count toward a 行政许可 time limit.

《行政许可法》第八十二条：本法规定的行政机关实施行政许可的期限以工作日计算，不含法定节假日。
So a period counts 工作日 only: official holidays are skipped and the 调休 make-up Saturdays and
Sundays named in the State Council's yearly notice (国务院办公厅关于部分节假日安排的通知) count.

Where the days come from, first match wins:

1. ``catalog/calendar.json`` (the county's entries): ``extra_holidays`` / ``extra_workdays``
   correct any day of a covered year;
2. ``chinese_calendar`` for the years whose notices it carries (2004–2026 in 1.11.0, the newest
   release as of December 2026; the ``holidays`` package's China calendar carries the same
   notices and only *estimates* later years, without 调休, so it adds nothing we may rely on);
3. a year the county declared under ``notice_years``: its entered dates plus Monday–Friday.

Any other year is not covered and :class:`CalendarRangeError` is raised: there is no
Monday–Friday fallback, because a deadline computed wrong is worse than none.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property
from typing import Any

from chinese_calendar.constants import holidays as _library_holidays
from chinese_calendar.constants import workdays as _library_workdays

from .catalog_errors import CatalogDataError, Fields
from .errors import DomainError

_ONE_DAY = timedelta(days=1)
_ISO_DATE = r"\d{4}-\d{2}-\d{2}"

# The years whose State Council notice the installed chinese_calendar carries.
LIBRARY_YEARS: frozenset[int] = frozenset(day.year for day in _library_holidays)


class CalendarRangeError(DomainError, ValueError):
    """A date in a year whose holiday notice no source carries: no legal deadline can be computed.

    A DomainError so that a step needing such a date answers staff with this message (409)
    instead of failing; still a ValueError for callers that treat it as bad input.
    """

    code = "calendar_not_covered"
    kind = "conflict"

    def __init__(self, year: int) -> None:
        super().__init__(
            f"{year}年的法定节假日安排尚未录入，无法计算法定期限，请管理员在 catalog/calendar.json 中"
            f"录入国务院办公厅通知（在 notice_years 中登记 {year} 年通知，在 extra_holidays 中录入"
            "全部放假日期，在 extra_workdays 中录入调休上班的周六、周日）"
        )
        self.year = year


@dataclass(frozen=True)
class WorkingCalendar:
    """Official working days: the county's entries first, then the State Council notices.

    ``notice_years``: years the library does not know whose whole notice the county entered in
    ``extra_holidays`` / ``extra_workdays``. A date in any other unknown year is refused.
    """

    extra_holidays: frozenset[date] = frozenset()
    extra_workdays: frozenset[date] = frozenset()
    notice_years: frozenset[int] = frozenset()

    def __post_init__(self) -> None:
        both = self.extra_holidays & self.extra_workdays
        if both:
            days = "、".join(d.isoformat() for d in sorted(both))
            raise ValueError(f"同一日期不能既是节假日又是调休上班日：{days}")
        uncovered = sorted(
            d.isoformat()
            for d in self.extra_holidays | self.extra_workdays
            if d.year not in self.covered_years()
        )
        if uncovered:
            raise ValueError(f"这些日期所在年份未登记节假日安排通知：{'、'.join(uncovered)}")

    def covered_years(self) -> frozenset[int]:
        """The years for which a legal deadline can be computed (library or county notice)."""
        return self._covered

    @cached_property
    def _covered(self) -> frozenset[int]:
        return LIBRARY_YEARS | self.notice_years

    def missing_years(self, today: date) -> tuple[int, ...]:
        """This year and next year, those not covered: deadlines running into them are refused."""
        return tuple(y for y in (today.year, today.year + 1) if y not in self.covered_years())

    def is_workday(self, day: date) -> bool:
        if day.year not in self.covered_years():
            raise CalendarRangeError(day.year)
        if day in self.extra_holidays:
            return False
        if day in self.extra_workdays:
            return True
        if day.year in LIBRARY_YEARS:
            # chinese_calendar.is_workday's own rule, read from its tables directly: the function
            # first takes the min and max of every holiday it knows, on each call.
            return day in _library_workdays or (day.weekday() < 5 and day not in _library_holidays)
        # A year the county entered: its notice's days are the extras above, the rest is Mon–Fri.
        return day.weekday() < 5

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


def coverage_warning(calendar: WorkingCalendar, today: date) -> str | None:
    """The line ``make run`` prints when this year or next is not covered, else None."""
    missing = calendar.missing_years(today)
    if not missing:
        return None
    years = "、".join(f"{y}年" for y in missing)
    return (
        f"警告：工作日历尚未录入 {years}的法定节假日安排，期限跨入该年的案件将无法计算法定期限。"
        "请管理员按国务院办公厅节假日安排通知在 catalog/calendar.json 中录入"
        "（notice_years、extra_holidays、extra_workdays）。"
    )


_CALENDAR_FIELDS = frozenset(
    {"notice_years", "extra_holidays", "extra_workdays", "allow_weekend_fallback"}
)


def parse_calendar(data: Mapping[str, Any], source: str) -> WorkingCalendar:
    """Build the calendar from ``catalog/calendar.json``; every error names the JSON path.

    Shape: ``{"notice_years": {"2027": "国务院办公厅关于2027年部分节假日安排的通知"},
    "extra_holidays": ["2027-01-01", ...], "extra_workdays": [...]}`` ("_comment" and other
    "_" keys are notes and ignored).
    """
    fields = Fields(data, source, "", _CALENDAR_FIELDS)
    if fields.has("allow_weekend_fallback"):
        raise fields.error(
            "allow_weekend_fallback",
            "已取消：没有节假日安排的年份不再按周一至周五计算（期限算错比不算更糟）。请删除此字段，"
            "并在 notice_years 中登记该年通知、录入其全部放假日期和调休上班日",
        )
    notice_years = _notice_years(fields)
    covered = LIBRARY_YEARS | notice_years
    holidays = _dates(fields, "extra_holidays", covered)
    workdays = _dates(fields, "extra_workdays", covered)
    for path, day in workdays.items():
        if day in holidays.values():
            raise CatalogDataError(
                source,
                path,
                f"{day.isoformat()} 已列为节假日（extra_holidays），不能同时是调休上班日",
            )
    for year in sorted(notice_years):
        if not any(day.year == year for day in holidays.values()):
            raise fields.error(
                f"notice_years.{year}",
                f"登记了 {year} 年的通知，但 extra_holidays 中没有该年的放假日期：请一次录全",
            )
    return WorkingCalendar(
        extra_holidays=frozenset(holidays.values()),
        extra_workdays=frozenset(workdays.values()),
        notice_years=notice_years,
    )


def _notice_years(fields: Fields) -> frozenset[int]:
    """The years under ``notice_years`` (year → the notice's title); refuses built-in years."""
    if not fields.has("notice_years"):
        return frozenset()
    raw = fields.raw["notice_years"]
    if not isinstance(raw, Mapping):
        raise fields.error("notice_years", "应为 JSON 对象：年份 → 所依据的国务院办公厅通知")
    years: set[int] = set()
    for key, title in raw.items():
        path = f"notice_years.{key}"
        if not isinstance(key, str) or re.fullmatch(r"\d{4}", key) is None:
            raise CatalogDataError(fields.source, path, f"年份应为四位数字：{key!r}")
        if not isinstance(title, str) or not title.strip():
            raise CatalogDataError(fields.source, path, "应填写所依据的通知名称或文号")
        if int(key) in LIBRARY_YEARS:
            raise CatalogDataError(
                fields.source,
                path,
                f"{key} 年的通知已内置（chinese-calendar），更正个别日期请直接录入 "
                "extra_holidays / extra_workdays",
            )
        years.add(int(key))
    return frozenset(years)


def _dates(fields: Fields, key: str, covered: frozenset[int]) -> dict[str, date]:
    """The dates under ``key`` keyed by their JSON path; rejects bad formats, repeats, bare years."""
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
        if day.year not in covered:
            raise CatalogDataError(
                fields.source,
                path,
                f"{day.year} 年的节假日安排不在内置数据中：请先在 notice_years 中登记该年国务院办公厅"
                "通知，并一次录全当年全部放假日期和调休上班日",
            )
        found[path] = day
    return found
