"""China's date is the one every deadline, birth-date check and export uses, whatever the server's zone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from chalicelib.domain.clock_state import china_day, china_today


def test_after_sixteen_hundred_utc_it_is_already_the_next_day_in_china() -> None:
    assert str(china_day(datetime(2026, 12, 1, 16, 9, tzinfo=UTC))) == "2026-12-02"
    assert str(china_day(datetime(2026, 12, 1, 15, 59, tzinfo=UTC))) == "2026-12-01"


def test_today_is_chinas_today_not_the_servers() -> None:
    before = datetime.now(timezone(timedelta(hours=8))).date()
    today = china_today()
    after = datetime.now(timezone(timedelta(hours=8))).date()
    assert before <= today <= after
