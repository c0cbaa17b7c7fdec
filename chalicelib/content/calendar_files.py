"""Reads catalog/calendar.json: the county's entries in the official working-day calendar."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from chalicelib.content.catalog_files import _read_json
from chalicelib.domain.calendar import WorkingCalendar, coverage_warning, parse_calendar
from chalicelib.domain.catalog_errors import CatalogDataError

CALENDAR_FILE = "calendar.json"


def load_calendar(content_root: Path) -> WorkingCalendar:
    """The working calendar with the officer's entries; errors name the file and JSON path."""
    source, data = _read_json(content_root, CALENDAR_FILE)
    if not isinstance(data, dict):
        raise CatalogDataError(source, "(root)", "文件顶层应为 JSON 对象")
    return parse_calendar(data, source=source)


def calendar_warning(content_root: Path, today: date) -> str | None:
    """What a starting system must tell its operator when this year or next is not covered."""
    return coverage_warning(load_calendar(content_root), today)
