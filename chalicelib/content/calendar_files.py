"""Reads catalog/calendar.json: the county's corrections to the official working-day calendar."""

from __future__ import annotations

from pathlib import Path

from chalicelib.content.catalog_files import _read_json
from chalicelib.domain.calendar import WorkingCalendar, parse_calendar
from chalicelib.domain.catalog_errors import CatalogDataError

CALENDAR_FILE = "calendar.json"


def load_calendar(content_root: Path) -> WorkingCalendar:
    """The working calendar with the officer's overrides; errors name the file and JSON path."""
    source, data = _read_json(content_root, CALENDAR_FILE)
    if not isinstance(data, dict):
        raise CatalogDataError(source, "(root)", "文件顶层应为 JSON 对象")
    return parse_calendar(data, source=source)
