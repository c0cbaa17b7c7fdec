"""Human-readable case numbers and query codes: KS + receiving county code + date + daily serial + check."""

from __future__ import annotations

import re
from datetime import date

_ALPHABET = "0123456789X"
_PATTERN = re.compile(r"^KS(\d{6})-(\d{8})-(\d{6})([0-9X])$")


def _check_char(body: str) -> str:
    """ISO 7064 MOD 11-2 over the digits, the same scheme as the resident ID number."""
    digits = [int(c) for c in body if c.isdigit()]
    total = 0
    for d in digits:
        total = (total + d) * 2 % 11
    return _ALPHABET[(12 - total) % 11]


def format_case_number(county_code: str, day: date, serial: int) -> str:
    if not re.fullmatch(r"\d{6}", county_code):
        raise ValueError(f"行政区划代码应为6位数字：{county_code!r}")
    if not 0 < serial < 1_000_000:
        raise ValueError("当日流水号超出范围")
    body = f"KS{county_code}-{day:%Y%m%d}-{serial:06d}"
    return body + _check_char(body)


def is_valid_case_number(number: str) -> bool:
    match = _PATTERN.match(number)
    return bool(match) and _check_char(number[:-1]) == number[-1]


def county_of(number: str) -> str:
    match = _PATTERN.match(number)
    if not match:
        raise ValueError(f"办件编号格式不正确：{number!r}")
    return match.group(1)
