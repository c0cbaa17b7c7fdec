"""Handling-time figures (nearest-rank 90th percentile, average, within the limits) and the SVG time chart."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

import pytest

from chalicelib.documents.time_chart import time_chart_svg
from chalicelib.services.handling_times import Sample, average, item_times, percentile
from chalicelib.services.supervision_stats import by_month
from tests.support.builders import world

SVG = "{http://www.w3.org/2000/svg}"


def test_the_90th_percentile_is_a_value_that_occurred_by_nearest_rank() -> None:
    assert percentile([float(d) for d in range(1, 11)], 0.9) == 9
    assert percentile([5.0, 1.0, 3.0], 0.9) == 5
    assert percentile([4.0], 0.9) == 4
    assert percentile([float(d) for d in range(1, 21)], 0.5) == 10
    assert percentile([], 0.9) is None


def test_a_percentile_outside_zero_to_one_is_refused() -> None:
    with pytest.raises(ValueError):
        percentile([1.0], 0)


def test_the_average_has_one_decimal_and_none_for_nothing() -> None:
    assert average([1.0, 2.0, 2.0]) == 1.7
    assert average([]) is None


def test_item_times_group_by_item_count_within_limits_and_carry_the_catalog_limits() -> None:
    content = world().queries.content
    limits = content.catalog.get("RS-002").time_limits
    samples = [
        Sample("RS-002", "失业登记", days, days <= 3, days <= 8)
        for days in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10)
    ]
    (row,) = item_times(samples, content)
    assert (row.item_code, row.decided, row.average_days, row.p90_days) == ("RS-002", 10, 5.5, 9)
    assert (row.within_promised, row.within_legal) == (3, 8)
    assert row.legal_days == limits.legal_days
    assert row.promised_days == (0 if limits.instant else limits.promised_days)


def test_cases_per_month_cover_the_last_months_oldest_first_with_empty_months() -> None:
    rows = [
        {"created_at": "2026-12-01T09:00:00+08:00"},
        {"created_at": "2026-12-20T09:00:00+08:00"},
        {"created_at": "2026-10-03T09:00:00+08:00"},
        {"created_at": "2025-01-03T09:00:00+08:00"},  # older than the window: left out
    ]
    months = by_month(rows, date(2026, 12, 25), months=4)
    assert months == [("2026-09", 0), ("2026-10", 1), ("2026-11", 0), ("2026-12", 2)]
    assert by_month([], date(2026, 1, 5), months=2) == [("2025-12", 0), ("2026-01", 0)]


def test_the_time_chart_is_valid_svg_with_title_desc_labels_and_escaped_text() -> None:
    hostile = "<b>&"
    html = time_chart_svg("每月收件", [("2026-11", 2), (hostile, 5), ("2027-01", 0)], chart_id="m")
    root = ET.fromstring(html)
    svg = root.find(f"{SVG}svg")
    assert svg is not None and svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "m-title m-desc"
    title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert title is not None and title.text == "每月收件"
    assert desc is not None and desc.text == "2026-11：2件，<b>&：5件，2027-01：0件"
    assert len(svg.findall(f"{SVG}rect")) == 3
    labels = [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "time-chart__label"]
    assert labels == ["2026-11", hostile, "2027-01"]
    heights = [int(r.get("height") or -1) for r in svg.iter(f"{SVG}rect")]
    assert heights[1] == max(heights) and heights[2] == 0
    assert [td.text for td in root.iter("td")] == ["2", "5", "0"]


def test_the_time_chart_of_nothing_says_so() -> None:
    svg = ET.fromstring(time_chart_svg("空", [], chart_id="e")).find(f"{SVG}svg")
    assert svg is not None
    desc = svg.find(f"{SVG}desc")
    assert desc is not None and desc.text == "没有数据"


def test_cases_per_partner_count_the_other_side_and_local_cases_as_local() -> None:
    from chalicelib.services.supervision_stats import by_partner

    pl, hm, wx = (
        {"code": "640221", "name": "平罗县"},
        {"code": "371621", "name": "惠民县"},
        {"code": "140823", "name": "闻喜县"},
    )
    rows = [
        {"home": pl, "receiving": hm},
        {"home": hm, "receiving": pl},
        {"home": wx, "receiving": pl},
        {"home": pl, "receiving": pl},
    ]
    counts = [(c.key, c.label, c.count) for c in by_partner(rows, "640221")]
    assert counts == [("371621", "惠民县", 2), ("", "本地区", 1), ("140823", "闻喜县", 1)]
