"""The supervisor's figures, the SVG bar chart and the CSV export, as pure functions."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

from chalicelib.documents.bar_chart import bar_chart_svg
from chalicelib.documents.case_list_csv import case_list_csv
from chalicelib.services.supervision_stats import case_stats

SVG = "{http://www.w3.org/2000/svg}"


def row(n: int, mode: str, status: str, urgency: str = "", **extra: str) -> dict[str, object]:
    return {
        "case_id": f"c{n}",
        "case_number": f"N{n}",
        "item_code": "RS-002",
        "item_name": "失业登记",
        "mode": mode,
        "mode_label": mode.upper(),
        "status": status,
        "status_label": status.upper(),
        "urgency": urgency,
        "urgency_label": urgency,
        "due_date": f"2026-12-0{n}",
        "home": {"name": "平罗县"},
        "receiving": {"name": "五寨县"},
        **extra,
    }


def test_counts_by_mode_status_item_and_urgent_worst_first() -> None:
    rows = [
        row(1, "online", "submitted", "warning"),
        row(2, "proxy", "submitted", "overdue"),
        row(3, "online", "accepted", "on_time"),
    ]
    stats = case_stats(rows)
    assert stats.total == 3
    assert [(c.key, c.count) for c in stats.by_mode] == [("online", 2), ("proxy", 1)]
    assert [(c.label, c.count) for c in stats.by_status] == [("SUBMITTED", 2), ("ACCEPTED", 1)]
    assert [(c.label, c.count) for c in stats.by_item] == [("失业登记", 3)]
    assert [r["case_id"] for r in stats.urgent] == ["c2", "c1"]


def test_the_chart_is_well_formed_with_one_bar_each_and_hostile_labels_escaped() -> None:
    hostile = '<script>alert("x")</script>&'
    html = bar_chart_svg("按状态", [(hostile, 3), ("已受理", 1), ("零", 0)], chart_id="c")
    root = ET.fromstring(html)
    svg = root.find(f"{SVG}svg")
    assert svg is not None and svg.get("role") == "img"
    assert svg.find(f"{SVG}title") is not None
    assert len(svg.findall(f"{SVG}rect")) == 3
    assert "<script>" not in html and hostile in "".join(root.itertext())
    cells = [td.text for td in root.iter("td")]
    assert cells == ["3", "1", "0"]


def test_the_chart_of_nothing_is_still_well_formed() -> None:
    root = ET.fromstring(bar_chart_svg("空", [], chart_id="e"))
    assert root.find(f"{SVG}svg") is not None


def test_the_csv_has_a_bom_and_neutralises_formulae() -> None:
    body = case_list_csv(
        [row(1, "online", "submitted", applicant_name='=HYPERLINK("http://x","y")')]
    )
    assert body.startswith("\ufeff".encode())
    lines = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert lines[0][0] == "办件编号" and len(lines) == 2
    assert lines[1][4] == '\'=HYPERLINK("http://x","y")'


def test_the_xlsx_case_list_neutralises_formulae_and_keeps_due_dates_as_dates() -> None:
    import datetime as dt

    from openpyxl import load_workbook

    from chalicelib.documents.case_list_xlsx import case_list_xlsx

    body = case_list_xlsx(
        [row(1, "online", "submitted", applicant_name="=1+1", **{"item_name": "@SUM(A1)"})]
    )
    sheet = load_workbook(io.BytesIO(body))["办件清单"]
    assert [c.value for c in sheet[1]][0] == "办件编号" and sheet.freeze_panes == "A2"
    assert sheet.cell(2, 5).value == "'=1+1" and sheet.cell(2, 5).data_type == "s"
    assert sheet.cell(2, 2).value == "'@SUM(A1)"
    assert sheet.cell(2, 8).value == dt.datetime(2026, 12, 1)
    assert sheet.cell(2, 8).number_format == "yyyy-mm-dd"
    assert sheet.column_dimensions["B"].width >= 8
