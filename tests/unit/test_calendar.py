"""The working-day calendar (行政许可法第八十二条): official holidays, 调休 make-up days, overrides."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import chinese_calendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from chalicelib.content.calendar_files import load_calendar
from chalicelib.domain.calendar import CalendarRangeError, WorkingCalendar, parse_calendar
from chalicelib.domain.catalog_errors import CatalogDataError

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
            extra_holidays=frozenset({date(2027, 1, 1)}),
            extra_workdays=frozenset({date(2027, 1, 1)}),
        )


@pytest.mark.parametrize("day", [date(2027, 1, 4), date(2003, 6, 2)], ids=str)
def test_a_year_outside_the_library_raises_a_chinese_message_naming_the_year(day: date) -> None:
    with pytest.raises(CalendarRangeError) as caught:
        CAL.is_workday(day)
    assert str(day.year) in str(caught.value)
    assert "节假日" in str(caught.value)
    assert caught.value.year == day.year


def test_a_deadline_running_into_an_unknown_year_raises() -> None:
    with pytest.raises(CalendarRangeError, match="2027"):
        CAL.add_working_days(date(2026, 12, 28), 10)


def test_overrides_for_an_unknown_year_cover_that_year_monday_to_friday() -> None:
    cal = WorkingCalendar(extra_holidays=frozenset({date(2027, 1, 1)}))
    assert not cal.is_workday(date(2027, 1, 1))  # Friday, entered as 元旦
    assert not cal.is_workday(date(2027, 1, 2))  # Saturday
    assert cal.is_workday(date(2027, 1, 4))  # Monday
    assert cal.add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 4)
    with pytest.raises(CalendarRangeError, match="2028"):
        cal.is_workday(date(2028, 1, 3))


def test_weekend_fallback_counts_monday_to_friday_only_when_asked() -> None:
    cal = WorkingCalendar(allow_weekend_fallback=True)
    assert cal.is_workday(date(2027, 1, 1))  # a Friday: the holiday is not known
    assert not cal.is_workday(date(2027, 1, 2))
    assert cal.is_workday(date(2026, 10, 10))  # known years still follow the notices
    assert not cal.is_workday(date(2026, 10, 1))


@given(
    start=st.dates(min_value=date(2004, 1, 1), max_value=date(2026, 9, 30)),
    n=st.integers(min_value=1, max_value=60),
)
def test_add_working_days_lands_on_a_workday_n_working_days_later(start: date, n: int) -> None:
    end = CAL.add_working_days(start, n)
    assert CAL.is_workday(end)
    assert CAL.working_days_between(start, end) == n
    assert CAL.working_days_between(start, end - timedelta(days=1)) == n - 1


@given(
    start=st.dates(min_value=date(2027, 1, 1), max_value=date(2040, 12, 31)),
    n=st.integers(min_value=1, max_value=60),
)
def test_weekend_fallback_also_lands_on_a_weekday_n_days_later(start: date, n: int) -> None:
    cal = WorkingCalendar(allow_weekend_fallback=True)
    end = cal.add_working_days(start, n)
    assert end.weekday() < 5
    assert cal.working_days_between(start, end) == n


# --- catalog/calendar.json ---------------------------------------------------------------


def test_parse_calendar_reads_dates_and_ignores_comments() -> None:
    cal = parse_calendar(
        {
            "_comment": "2027 年节假日安排",
            "extra_holidays": ["2027-01-01"],
            "extra_workdays": ["2027-02-06"],
            "allow_weekend_fallback": True,
        },
        source="catalog/calendar.json",
    )
    assert cal.extra_holidays == frozenset({date(2027, 1, 1)})
    assert cal.extra_workdays == frozenset({date(2027, 2, 6)})
    assert cal.allow_weekend_fallback is True
    assert parse_calendar({}, source="x") == WorkingCalendar()


@pytest.mark.parametrize(
    ("data", "path", "words"),
    [
        ({"extra_holidays": ["2027-01-01", "2027/01/02"]}, "extra_holidays[1]", "YYYY-MM-DD"),
        ({"extra_workdays": [20270101]}, "extra_workdays[0]", "YYYY-MM-DD"),
        ({"extra_holidays": ["2027-02-30"]}, "extra_holidays[0]", "不存在"),
        ({"extra_holidays": ["2027-01-01", "2027-01-01"]}, "extra_holidays[1]", "重复"),
        (
            {"extra_holidays": ["2027-01-01"], "extra_workdays": ["2027-01-01"]},
            "extra_workdays[0]",
            "节假日",
        ),
        ({"extra_holiday": []}, "extra_holiday", "未知字段"),
        ({"extra_holidays": "2027-01-01"}, "extra_holidays", "数组"),
        ({"allow_weekend_fallback": "yes"}, "allow_weekend_fallback", "true 或 false"),
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


def test_load_calendar_reads_overrides_from_the_content_root(tmp_path: Path) -> None:
    (tmp_path / "catalog").mkdir()
    (tmp_path / "catalog" / "calendar.json").write_text(
        json.dumps({"extra_holidays": ["2026-11-27"], "extra_workdays": []}), encoding="utf-8"
    )
    assert not load_calendar(tmp_path).is_workday(date(2026, 11, 27))


def test_load_calendar_names_the_file_when_it_is_not_an_object(tmp_path: Path) -> None:
    (tmp_path / "catalog").mkdir()
    (tmp_path / "catalog" / "calendar.json").write_text("[]", encoding="utf-8")
    with pytest.raises(CatalogDataError, match="catalog/calendar.json"):
        load_calendar(tmp_path)
