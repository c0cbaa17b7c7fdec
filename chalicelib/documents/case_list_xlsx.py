"""The supervisor's case list as XLSX: the CSV's columns, the due date as a date."""

from __future__ import annotations

from typing import Any

from .case_list_csv import HEADER, case_row
from .spreadsheets import Sheet, as_date, workbook_bytes

DUE = HEADER.index("办理期限")


def case_list_xlsx(rows: list[dict[str, Any]]) -> bytes:
    cells = []
    for r in rows:
        row = case_row(r)
        row[DUE] = as_date(row[DUE])
        cells.append(row)
    return workbook_bytes([Sheet("办件清单", HEADER, cells)])
