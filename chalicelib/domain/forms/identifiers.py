"""Chinese identifiers: resident ID (GB 11643), USCC (GB 32100), mobile, plate, division, bank account."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from stdnum import luhn
from stdnum.cn import ric, uscc


class Reject(Exception):
    """An answer failed a check; `code` picks the message, `sub` extends the path (".detail")."""

    def __init__(self, code: str, sub: str = "", **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.sub = sub
        self.params = params


# GB/T 2260 province-level codes (11 北京 … 82 澳门).
_PROVINCE_NUMBERS = (11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43)
PROVINCES = frozenset(
    str(n)
    for n in (*_PROVINCE_NUMBERS, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82)
)
_ID_RE = re.compile(r"\d{17}[\dX]", re.ASCII)
_MOBILE_RE = re.compile(r"1[3-9]\d{9}", re.ASCII)
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_RE = re.compile(rf"[1-9ANY][{_USCC_ALPHABET}]\d{{6}}[{_USCC_ALPHABET}]{{10}}", re.ASCII)
_PLATE_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_PLATE_CHAR = "A-HJ-NP-Z0-9"  # I and O are never used on plates.
_PLATE_RE = re.compile(
    rf"[{_PLATE_PROVINCES}][A-Z]"
    rf"(?:[{_PLATE_CHAR}]{{4}}[{_PLATE_CHAR}挂学警]"  # ordinary 7-character plates
    rf"|[DF][{_PLATE_CHAR}]\d{{4}}"  # small new-energy vehicles, 8 characters
    rf"|\d{{5}}[DF])",  # large new-energy vehicles, 8 characters
    re.ASCII,
)
_DIVISION_RE = re.compile(r"\d{6}(?:000000)?", re.ASCII)


def id_number(value: str, today: date) -> str:
    """Check an 18-character resident ID; returns it with an upper-case X."""
    number = value.upper()
    if len(number) == 15 and number.isdigit():
        raise Reject("id_number_legacy")
    if not _ID_RE.fullmatch(number):
        raise Reject("id_number_format")
    if number[:2] not in PROVINCES:
        raise Reject("id_number_region")
    born = birth_date(number)
    if born is None or born > today or born.year < 1800:
        raise Reject("id_number_birth_date")
    if ric.calc_check_digit(number) != number[-1]:
        raise Reject("id_number_checksum")
    return number


def birth_date(number: str) -> date | None:
    """The birth date encoded in a syntactically valid 18-character ID, or None if impossible."""
    try:
        return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def gender(number: str) -> str:
    """男 for an odd sequence digit, 女 for an even one (GB 11643 §5.3)."""
    return "男" if int(number[16]) % 2 else "女"


def age(number: str, today: date) -> int | None:
    born = birth_date(number)
    if born is None:
        return None
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def mobile(value: str) -> str:
    number = value.removeprefix("+86").removeprefix("0086")
    if not _MOBILE_RE.fullmatch(number):
        raise Reject("invalid_mobile")
    return number


def uscc_code(value: str) -> str:
    code = value.upper()
    if not _USCC_RE.fullmatch(code):
        raise Reject("invalid_uscc")
    if uscc.calc_check_digit(code) != code[-1]:
        raise Reject("uscc_checksum")
    return code


def plate(value: str) -> str:
    number = value.upper().replace("·", "").replace("•", "")
    if not _PLATE_RE.fullmatch(number):
        raise Reject("invalid_plate")
    return number


def division(value: str, level: str) -> dict[str, Any]:
    """A GB/T 2260 code (6 digits, or 12 ending in 000000) split into its levels."""
    if not _DIVISION_RE.fullmatch(value):
        raise Reject("invalid_division")
    code = value[:6]
    if code[:2] not in PROVINCES:
        raise Reject("division_unknown_province")
    has_city = code[2:4] != "00"
    has_county = code[4:6] != "00"
    if has_county and not has_city:
        raise Reject("invalid_division")
    if level == "county" and not has_county:
        raise Reject("division_too_coarse")
    if level == "city" and not has_city:
        raise Reject("division_city_required")
    return {
        "code": code,
        "province": code[:2] + "0000",
        "city": code[:4] + "00" if has_city else None,
        "county": code if has_county else None,
    }


def bank_account(value: str, check_luhn: bool) -> str:
    if not (value.isascii() and value.isdigit() and 12 <= len(value) <= 19):
        raise Reject("invalid_bank_account")
    # Bank cards (16–19 digits) carry a Luhn digit; older passbook accounts often do not.
    if check_luhn and len(value) >= 16 and not luhn.is_valid(value):
        raise Reject("bank_account_checksum")
    return value
