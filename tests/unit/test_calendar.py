"""The working-day calendar (行政许可法第八十二条): official holidays, 调休 make-up days, overrides."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import chinese_calendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from chalicelib.content.calendar_files import calendar_warning, load_calendar
from chalicelib.domain.calendar import (
    LIBRARY_YEARS,
    CalendarRangeError,
    WorkingCalendar,
    coverage_warning,
    parse_calendar,
)
from chalicelib.domain.catalog_errors import CatalogDataError
from chalicelib.domain.errors import DomainError

CAL = WorkingCalendar()
REPO_ROOT = Path(__file__).resolve().parents[2]


def days(first: date, last: date) -> list[date]:
    return [first + timedelta(n) for n in range((last - first).days + 1)]


# From the State Council notices as recorded in chinese_calendar 1.11.0 (checked against it).
GOLDEN_WEEKS = {
    2024: days(date(2024, 10, 1), date(2024, 10, 7)),
    2025: days(date(2025, 10, 1), date(2025, 10, 8)),
    2026: days(date(2026, 10, 1), date(2026, 10, 7)),
}
SPRING_FESTIVALS = {
    2024: days(date(2024, 2, 10), date(2024, 2, 17)),
    2025: days(date(2025, 1, 28), date(2025, 2, 4)),
    2026: days(date(2026, 2, 15), date(2026, 2, 23)),
}
MAKE_UP_WORKDAYS = [
    date(2024, 2, 4),
    date(2024, 2, 18),
    date(2024, 9, 29),
    date(2024, 10, 12),
    date(2025, 1, 26),
    date(2025, 2, 8),
    date(2025, 9, 28),
    date(2025, 10, 11),
    date(2026, 2, 14),
    date(2026, 2, 28),
    date(2026, 9, 20),
    date(2026, 10, 10),
]


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_national_day_golden_week_is_not_worked(year: int) -> None:
    for day in GOLDEN_WEEKS[year]:
        assert not CAL.is_workday(day), day
        assert chinese_calendar.is_holiday(day)
    assert chinese_calendar.get_holiday_detail(date(year, 10, 1)) == (True, "National Day")


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_spring_festival_holiday_is_not_worked(year: int) -> None:
    for day in SPRING_FESTIVALS[year]:
        assert not CAL.is_workday(day), day
    first = SPRING_FESTIVALS[year][0]
    assert chinese_calendar.get_holiday_detail(first) == (True, "Spring Festival")


@pytest.mark.parametrize("day", MAKE_UP_WORKDAYS, ids=str)
def test_tiaoxiu_weekend_make_up_days_are_workdays(day: date) -> None:
    assert day.weekday() >= 5, "a make-up workday falls on a Saturday or Sunday"
    assert CAL.is_workday(day)
    assert chinese_calendar.is_in_lieu(day) is False  # worked, not a day off in lieu


def test_2025_10_01_is_a_holiday_and_sunday_2025_09_28_is_a_make_up_workday() -> None:
    assert not CAL.is_workday(date(2025, 10, 1))
    assert date(2025, 9, 28).weekday() == 6
    assert CAL.is_workday(date(2025, 9, 28))


def test_ordinary_weekends_are_off_and_weekdays_are_on() -> None:
    assert CAL.is_workday(date(2026, 11, 26))  # a Thursday
    assert not CAL.is_workday(date(2026, 11, 28))  # a Saturday
    assert not CAL.is_workday(date(2026, 11, 29))  # a Sunday


def test_add_working_days_period_starts_the_day_after() -> None:
    assert CAL.add_working_days(date(2026, 11, 23), 1) == date(2026, 11, 24)
    assert CAL.add_working_days(date(2026, 11, 27), 1) == date(2026, 11, 30)  # Fri → Mon
    assert CAL.add_working_days(date(2026, 11, 28), 1) == date(2026, 11, 30)  # Sat → Mon


def test_add_zero_working_days_is_the_start_itself_even_on_a_holiday() -> None:
    assert CAL.add_working_days(date(2025, 10, 1), 0) == date(2025, 10, 1)


def test_add_negative_working_days_is_rejected() -> None:
    with pytest.raises(ValueError):
        CAL.add_working_days(date(2026, 11, 23), -1)


def test_add_working_days_across_the_2025_golden_week() -> None:
    # Fri 26 Sep: Sun 28 (make-up), Mon 29, Tue 30 Sep, then nothing until Thu 9 Oct.
    assert CAL.add_working_days(date(2025, 9, 26), 1) == date(2025, 9, 28)
    assert CAL.add_working_days(date(2025, 9, 26), 3) == date(2025, 9, 30)
    assert CAL.add_working_days(date(2025, 9, 26), 4) == date(2025, 10, 9)
    assert CAL.add_working_days(date(2025, 9, 30), 3) == date(2025, 10, 11)  # Sat make-up day


def test_twenty_working_days_across_the_2026_golden_week() -> None:
    # 9-29, 9-30, 10-8, 10-9, 10-10 (Sat make-up), then three full weeks.
    assert CAL.add_working_days(date(2026, 9, 28), 20) == date(2026, 10, 30)


def test_working_days_between_counts_the_half_open_interval() -> None:
    assert CAL.working_days_between(date(2025, 9, 30), date(2025, 10, 10)) == 2
    assert CAL.working_days_between(date(2026, 11, 23), date(2026, 11, 23)) == 0
    assert CAL.working_days_between(date(2026, 11, 27), date(2026, 11, 23)) == 0
    assert CAL.working_days_between(date(2026, 11, 20), date(2026, 11, 27)) == 5


def test_next_workday_is_the_day_itself_or_the_first_after() -> None:
    assert CAL.next_workday(date(2026, 11, 26)) == date(2026, 11, 26)
    assert CAL.next_workday(date(2026, 11, 28)) == date(2026, 11, 30)
    assert CAL.next_workday(date(2025, 10, 1)) == date(2025, 10, 9)


def test_overrides_beat_the_library() -> None:
    cal = WorkingCalendar(
        extra_holidays=frozenset({date(2025, 10, 9)}),
        extra_workdays=frozenset({date(2025, 10, 1)}),
    )
    assert not cal.is_workday(date(2025, 10, 9))
    assert cal.is_workday(date(2025, 10, 1))
    assert cal.add_working_days(date(2025, 9, 30), 2) == date(2025, 10, 10)


def test_a_day_cannot_be_both_an_extra_holiday_and_an_extra_workday() -> None:
    with pytest.raises(ValueError):
        WorkingCalendar(
            extra_holidays=frozenset({date(2026, 10, 9)}),
            extra_workdays=frozenset({date(2026, 10, 9)}),
        )


def test_a_date_entered_for_a_year_without_a_registered_notice_is_rejected() -> None:
    with pytest.raises(ValueError, match="2027-01-01"):
        WorkingCalendar(extra_holidays=frozenset({date(2027, 1, 1)}))


# --- which years are covered -------------------------------------------------------------

# What the sources knew on 2026-12-01: chinese-calendar 1.11.0 (newest release) carries the
# notices for 2004–2026; the ``holidays`` package (0.109) carries the same notices and only
# estimates 2027 from the statutory days, without 调休. So 2027 has to be entered by the county.


def test_the_bundled_notices_run_from_2004_to_2026() -> None:
    assert min(LIBRARY_YEARS) == 2004
    assert max(LIBRARY_YEARS) == 2026, (
        "chinese-calendar now knows a newer year: add explicit 元旦/春节/调休 tests for it"
    )
    assert CAL.covered_years() == LIBRARY_YEARS


def test_元旦_2026_is_three_days_off_and_sunday_4_january_is_worked() -> None:
    for day in days(date(2026, 1, 1), date(2026, 1, 3)):
        assert not CAL.is_workday(day), day
    assert date(2026, 1, 4).weekday() == 6
    assert CAL.is_workday(date(2026, 1, 4))
    assert CAL.add_working_days(date(2025, 12, 31), 1) == date(2026, 1, 4)


def test_元旦_2027_deadline_is_refused_until_the_2027_notice_is_entered() -> None:
    # A decision due in January 2027 is being computed in December 2026: refuse, do not guess.
    with pytest.raises(CalendarRangeError) as caught:
        CAL.add_working_days(date(2026, 12, 28), 10)
    assert caught.value.year == 2027
    assert str(caught.value).startswith(
        "2027年的法定节假日安排尚未录入，无法计算法定期限，请管理员在 catalog/calendar.json 中"
        "录入国务院办公厅通知"
    )


@pytest.mark.parametrize("day", [date(2027, 1, 4), date(2028, 1, 3), date(2003, 6, 2)], ids=str)
def test_a_year_no_source_covers_is_refused_with_a_chinese_message(day: date) -> None:
    with pytest.raises(CalendarRangeError) as caught:
        CAL.is_workday(day)
    assert caught.value.year == day.year
    assert f"{day.year}年的法定节假日安排尚未录入，无法计算法定期限" in str(caught.value)


def test_an_uncovered_year_is_a_domain_error_so_staff_see_the_message_not_a_crash() -> None:
    with pytest.raises(DomainError) as caught:
        CAL.add_working_days(date(2026, 12, 31), 1)
    assert caught.value.kind == "conflict"
    assert caught.value.code == "calendar_not_covered"
    assert "2027年" in caught.value.message


@given(
    start=st.dates(min_value=date(2027, 1, 1), max_value=date(2100, 12, 31)),
    n=st.integers(min_value=0, max_value=60),
)
def test_there_is_no_monday_to_friday_fallback_for_any_uncovered_date(start: date, n: int) -> None:
    with pytest.raises(CalendarRangeError):
        CAL.is_workday(start)
    with pytest.raises(CalendarRangeError):
        CAL.add_working_days(start - timedelta(days=1), n + 1)


# --- a year the county entered from the State Council's notice ------------------------------

# An example of entering 2027: the statutory days are fixed by 《全国年节及纪念日放假办法》
# (元旦 1月1日; 春节 农历除夕至正月初三 = 2027-02-05…02-08). The bridge days and the 调休
# Saturday below are made up for the test; the real ones come from the 2027 notice.
EXAMPLE_2027 = WorkingCalendar(
    extra_holidays=frozenset(
        {date(2027, 1, 1), *days(date(2027, 2, 5), date(2027, 2, 8)), date(2027, 2, 9)}
    ),
    extra_workdays=frozenset({date(2027, 2, 20)}),
    notice_years=frozenset({2027}),
)


def test_元旦_2027_once_entered_is_not_a_working_day() -> None:
    assert not EXAMPLE_2027.is_workday(date(2027, 1, 1))  # a Friday
    assert EXAMPLE_2027.add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 4)
    assert EXAMPLE_2027.covered_years() == LIBRARY_YEARS | {2027}


def test_春节_2027_once_entered_is_skipped_by_a_deadline() -> None:
    # Thu 4 Feb: 除夕 Fri 5, weekend, 初三 Mon 8, entered bridge day Tue 9, so Wed 10 Feb.
    for day in days(date(2027, 2, 5), date(2027, 2, 9)):
        assert not EXAMPLE_2027.is_workday(day), day
    assert EXAMPLE_2027.add_working_days(date(2027, 2, 4), 1) == date(2027, 2, 10)


def test_an_entered_tiaoxiu_saturday_counts_and_other_weekends_of_that_year_do_not() -> None:
    assert EXAMPLE_2027.is_workday(date(2027, 2, 20))  # the entered make-up Saturday
    assert not EXAMPLE_2027.is_workday(date(2027, 2, 21))
    assert EXAMPLE_2027.is_workday(date(2027, 3, 1))  # an ordinary Monday


def test_entering_2027_does_not_cover_2028() -> None:
    with pytest.raises(CalendarRangeError, match="2028年"):
        EXAMPLE_2027.is_workday(date(2028, 1, 3))


def test_missing_years_and_the_run_warning_name_next_year_when_it_is_not_entered() -> None:
    today = date(2026, 12, 1)
    assert CAL.missing_years(today) == (2027,)
    warning = coverage_warning(CAL, today)
    assert warning is not None
    assert "2027年的法定节假日安排" in warning
    assert "catalog/calendar.json" in warning
    assert EXAMPLE_2027.missing_years(today) == ()
    assert coverage_warning(EXAMPLE_2027, today) is None
    assert EXAMPLE_2027.missing_years(date(2027, 3, 1)) == (2028,)


# --- catalog/calendar.json ---------------------------------------------------------------


NOTICE_2027 = "国务院办公厅关于2027年部分节假日安排的通知（示例）"


def test_parse_calendar_reads_the_notice_years_and_dates_and_ignores_comments() -> None:
    cal = parse_calendar(
        {
            "_comment": "2027 年节假日安排",
            "notice_years": {"2027": NOTICE_2027},
            "extra_holidays": ["2027-01-01", "2026-10-09"],
            "extra_workdays": ["2027-02-20"],
        },
        source="catalog/calendar.json",
    )
    assert cal.extra_holidays == frozenset({date(2027, 1, 1), date(2026, 10, 9)})
    assert cal.extra_workdays == frozenset({date(2027, 2, 20)})
    assert cal.notice_years == frozenset({2027})
    assert parse_calendar({}, source="x") == WorkingCalendar()


@pytest.mark.parametrize(
    ("data", "path", "words"),
    [
        ({"extra_holidays": ["2026-01-01", "2026/01/02"]}, "extra_holidays[1]", "YYYY-MM-DD"),
        ({"extra_workdays": [20260101]}, "extra_workdays[0]", "YYYY-MM-DD"),
        ({"extra_holidays": ["2026-02-30"]}, "extra_holidays[0]", "不存在"),
        ({"extra_holidays": ["2026-01-01", "2026-01-01"]}, "extra_holidays[1]", "重复"),
        (
            {"extra_holidays": ["2026-10-09"], "extra_workdays": ["2026-10-09"]},
            "extra_workdays[0]",
            "节假日",
        ),
        ({"extra_holiday": []}, "extra_holiday", "未知字段"),
        ({"extra_holidays": "2026-01-01"}, "extra_holidays", "数组"),
        ({"extra_holidays": ["2027-01-01"]}, "extra_holidays[0]", "notice_years"),
        ({"allow_weekend_fallback": True}, "allow_weekend_fallback", "不再按周一至周五"),
        ({"allow_weekend_fallback": False}, "allow_weekend_fallback", "已取消"),
        ({"notice_years": ["2027"]}, "notice_years", "JSON 对象"),
        ({"notice_years": {"27": NOTICE_2027}}, "notice_years.27", "四位数字"),
        ({"notice_years": {"2027": ""}}, "notice_years.2027", "通知名称"),
        ({"notice_years": {"2026": NOTICE_2027}}, "notice_years.2026", "已内置"),
        (
            {"notice_years": {"2027": NOTICE_2027}, "extra_workdays": ["2027-02-20"]},
            "notice_years.2027",
            "没有该年的放假日期",
        ),
    ],
)
def test_parse_calendar_errors_name_the_path(
    data: dict[str, object], path: str, words: str
) -> None:
    with pytest.raises(CatalogDataError) as caught:
        parse_calendar(data, source="catalog/calendar.json")
    assert caught.value.source == "catalog/calendar.json"
    assert caught.value.path == path
    assert words in caught.value.reason


def test_the_shipped_calendar_file_loads() -> None:
    cal = load_calendar(REPO_ROOT)
    assert isinstance(cal, WorkingCalendar)
    data = json.loads((REPO_ROOT / "catalog" / "calendar.json").read_text(encoding="utf-8"))
    assert data["_comment"]


def write_calendar(root: Path, data: dict[str, object]) -> None:
    (root / "catalog").mkdir()
    (root / "catalog" / "calendar.json").write_text(json.dumps(data), encoding="utf-8")


def test_the_county_file_wins_over_the_library(tmp_path: Path) -> None:
    write_calendar(tmp_path, {"extra_holidays": ["2026-11-27"], "extra_workdays": ["2026-10-01"]})
    cal = load_calendar(tmp_path)
    assert chinese_calendar.is_workday(date(2026, 11, 27))
    assert not cal.is_workday(date(2026, 11, 27))
    assert chinese_calendar.is_holiday(date(2026, 10, 1))
    assert cal.is_workday(date(2026, 10, 1))


def test_the_county_file_covers_a_year_once_its_notice_is_entered(tmp_path: Path) -> None:
    write_calendar(
        tmp_path,
        {
            "notice_years": {"2027": NOTICE_2027},
            "extra_holidays": ["2027-01-01"],
            "extra_workdays": [],
        },
    )
    assert calendar_warning(tmp_path, date(2026, 12, 1)) is None
    assert load_calendar(tmp_path).add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 4)
    warning = calendar_warning(tmp_path, date(2027, 12, 1))
    assert warning is not None and "2028年" in warning


def test_load_calendar_names_the_file_when_it_is_not_an_object(tmp_path: Path) -> None:
    (tmp_path / "catalog").mkdir()
    (tmp_path / "catalog" / "calendar.json").write_text("[]", encoding="utf-8")
    with pytest.raises(CatalogDataError, match="catalog/calendar.json"):
        load_calendar(tmp_path)


def test_every_day_the_library_covers_is_a_workday_exactly_when_chinese_calendar_says_so() -> None:
    calendar = WorkingCalendar()
    day, last = date(min(LIBRARY_YEARS), 1, 1), date(max(LIBRARY_YEARS), 12, 31)
    while day <= last:
        assert calendar.is_workday(day) is chinese_calendar.is_workday(day), day
        day += timedelta(days=1)
