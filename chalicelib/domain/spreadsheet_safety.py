"""Spreadsheet cells that cannot run as formulae (CSV/XLSX injection): for the supervision exports."""

from __future__ import annotations

# A cell a spreadsheet program reads as a formula (or as DDE) starts with one of these.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: object) -> object:
    """A text cell that would start a formula gets a leading apostrophe, shown by no spreadsheet and
    making the rest plain text; numbers and other values stay as they are (a negative number is data)."""
    if not isinstance(value, str):
        return value
    if value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralise_row(values: list[object]) -> list[object]:
    return [neutralise_cell(v) for v in values]
