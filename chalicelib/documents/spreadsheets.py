"""XLSX workbooks for the supervision exports: neutralised cells, a frozen header, fitted widths, real dates."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from chalicelib.domain.spreadsheet_safety import neutralise_cell

MIN_WIDTH, MAX_WIDTH = 8, 50
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"


@dataclass(frozen=True)
class Sheet:
    title: str
    header: Sequence[str]
    rows: Sequence[Sequence[object]]


def as_date(value: object) -> object:
    """An ISO date ("2026-12-01") becomes a date and an ISO time a naive local datetime, so a
    spreadsheet sorts and filters them as dates; anything else is left as it is."""
    if not isinstance(value, str) or len(value) < 10:
        return value
    try:
        if len(value) == 10:
            return date.fromisoformat(value)
        return datetime.fromisoformat(value).replace(tzinfo=None)
    except ValueError:
        return value


def _width(value: object) -> int:
    # CJK characters take about two columns of a Latin character in Excel's width unit.
    text = value.strftime("%Y-%m-%d %H:%M") if isinstance(value, datetime) else str(value)
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text) + 2


def _fill(ws: object, sheet: Sheet) -> None:
    from openpyxl.worksheet.worksheet import Worksheet

    assert isinstance(ws, Worksheet)
    ws.title = sheet.title[:31]
    ws.append([neutralise_cell(h) for h in sheet.header])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    widths = [_width(h) for h in sheet.header]
    for row in sheet.rows:
        values = [neutralise_cell(v) for v in row]
        ws.append(values)
        for i, v in enumerate(values[: len(widths)]):
            widths[i] = max(widths[i], _width(v))
    for cells in ws.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever openpyxl guessed
            elif isinstance(cell.value, datetime):
                cell.number_format = DATETIME_FORMAT
            elif isinstance(cell.value, date):
                cell.number_format = DATE_FORMAT
    ws.freeze_panes = "A2"
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = max(MIN_WIDTH, min(MAX_WIDTH, w))


def workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
    book = Workbook()
    first = True
    for sheet in sheets:
        ws = book.active if first else book.create_sheet()
        first = False
        _fill(ws, sheet)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
