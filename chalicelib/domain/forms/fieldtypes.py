"""Cleaning one answer per field type: type checks, normalisation and format rules."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from chalicelib.domain.forms import identifiers as ids
from chalicelib.domain.forms.identifiers import Reject
from chalicelib.domain.forms.model import Field
from chalicelib.domain.forms.text_rules import first_invisible, normalise_text

DEFAULT_MAX_LENGTH = {"text": 100, "textarea": 2000}
ADDRESS_DETAIL_MAX = 120
DEFAULT_MAX_FEN = 10**12  # 100 亿元: far above any fee or withdrawal, below float trouble.
# Identifier answers are short; refusing long input early keeps adversarial strings cheap.
_TOKEN_LIMIT = 64
_NUMBER_RE = re.compile(r"[+-]?\d{1,15}(?:\.\d{1,6})?", re.ASCII)
_MONEY_RE = re.compile(r"\d{1,13}(?:\.\d{1,2})?", re.ASCII)
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_SEPARATORS = re.compile(r"[\s\-]+")
_FORMAT_CODE = {
    "id_number": "id_number_format",
    "mobile": "invalid_mobile",
    "uscc": "invalid_uscc",
    "plate": "invalid_plate",
    "bank_account": "invalid_bank_account",
    "division": "invalid_division",
}


def _blank(raw: object) -> bool:
    if raw is None:
        return True
    if isinstance(raw, str):
        return not raw.strip()
    return isinstance(raw, list | Mapping) and not raw


def is_empty(raw: object) -> bool:
    """No answer: null, blank text, an empty list, or an object whose values are all blank.

    Only one level deep, so adversarially nested input costs nothing.
    """
    if isinstance(raw, Mapping):
        return all(_blank(v) for v in raw.values())
    return _blank(raw)


def has_control_chars(text: str, multiline: bool) -> bool:
    return first_invisible(text, multiline=multiline) is not None


def clean_text(f: Field, raw: object, limit: int | None = None) -> str:
    """NFC, trimmed, within the length, and nothing invisible (bidi, zero-width, control characters)."""
    if not isinstance(raw, str):
        raise Reject("type")
    multiline = f.type == "textarea"
    max_length = limit or f.max_length or DEFAULT_MAX_LENGTH.get(f.type, 100)
    if len(raw) > 4 * max_length + 64:
        raise Reject("too_long", max_length=max_length)  # bound the normalising work on huge input
    text = normalise_text(raw, multiline=multiline)
    if len(text) > max_length:
        raise Reject("too_long", max_length=max_length)
    found = first_invisible(text, multiline=multiline)
    if found is not None:
        position, ch = found
        raise Reject("control_chars", position=position, codepoint=f"U+{ord(ch):04X}")
    return text


def _token(f: Field, raw: object) -> str:
    """A short identifier: full-width characters folded (IME input), separators removed."""
    code = _FORMAT_CODE.get(f.type, "type")
    if not isinstance(raw, str) or len(raw) > _TOKEN_LIMIT:
        raise Reject(code)
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", raw))


def _number(f: Field, raw: object) -> int | float:
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        raise Reject("invalid_number")
    if isinstance(raw, str):
        text = unicodedata.normalize("NFKC", raw.strip()) if len(raw) <= _TOKEN_LIMIT else ""
        if not _NUMBER_RE.fullmatch(text):
            raise Reject("invalid_number")
        value: int | float = int(text) if "." not in text else float(text)
    elif isinstance(raw, float) and not math.isfinite(raw):
        raise Reject("invalid_number")
    else:
        value = raw
    if f.integer:
        if isinstance(value, float) and not value.is_integer():
            raise Reject("not_integer")
        value = int(value)
    if f.min_value is not None and value < f.min_value:
        raise Reject("too_small", min=f.min_value)
    if f.max_value is not None and value > f.max_value:
        raise Reject("too_large", max=f.max_value)
    return value


def yuan(fen: int | float) -> str:
    return f"{Decimal(int(fen)) / 100:.2f}元"


def _money(f: Field, raw: object) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        raise Reject("invalid_money")
    if isinstance(raw, int) and not -(10**15) < raw < 10**15:
        raise Reject("invalid_money")  # repr of a huge int is slow, or refused past 4300 digits
    # repr of a JSON float is its shortest round-trip text, so 12.3 stays "12.3".
    text = raw if isinstance(raw, str) else repr(raw)
    text = unicodedata.normalize("NFKC", text.strip()).replace(",", "") if len(text) <= 32 else ""
    if not _MONEY_RE.fullmatch(text):
        raise Reject("invalid_money")
    fen = int(Decimal(text) * 100)
    low = int(f.min_value) if f.min_value is not None else 0
    high = int(f.max_value) if f.max_value is not None else DEFAULT_MAX_FEN
    if fen < low:
        raise Reject("too_small", min=yuan(low))
    if fen > high:
        raise Reject("too_large", max=yuan(high))
    return fen


def resolve_date_bound(bound: str | None, today: date) -> date | None:
    if bound is None:
        return None
    return today if bound == "today" else date.fromisoformat(bound)


def _date(f: Field, raw: object, today: date) -> str:
    if not isinstance(raw, str) or not _DATE_RE.fullmatch(raw.strip()):
        raise Reject("invalid_date")
    try:
        value = date.fromisoformat(raw.strip())
    except ValueError:
        raise Reject("invalid_date") from None
    low = resolve_date_bound(f.min_date, today)
    high = resolve_date_bound(f.max_date, today)
    if low is not None and value < low:
        raise Reject("date_too_early", min=low.isoformat())
    if high is not None and value > high:
        raise Reject("date_too_late", max=high.isoformat())
    return value.isoformat()


def _choice(f: Field, raw: object) -> str:
    if not isinstance(raw, str) or raw not in {o.value for o in f.options}:
        raise Reject("invalid_option")
    return raw


def _choices(f: Field, raw: object) -> list[str]:
    picked = [raw] if isinstance(raw, str) else raw
    if not isinstance(picked, list) or len(picked) > len(f.options):
        raise Reject("invalid_option")
    values = {o.value for o in f.options}
    if not all(isinstance(v, str) and v in values for v in picked):
        raise Reject("invalid_option")
    return [o.value for o in f.options if o.value in picked]


def _division(f: Field, raw: object) -> dict[str, Any]:
    # A cleaned division ({"code": ...}) is accepted too, so saved drafts round-trip.
    if isinstance(raw, Mapping):
        if not set(raw) <= {"code", "province", "city", "county"}:
            raise Reject("invalid_division")
        raw = raw.get("code")
    return ids.division(_token(f, raw), f.level)


def clean_address(f: Field, raw: object) -> tuple[dict[str, Any] | None, list[Reject]]:
    """An address is {"division": code, "detail": text}; each part reports its own problem."""
    if not isinstance(raw, Mapping):
        return None, [Reject("type")]
    problems = [
        Reject("unknown_field", sub=f".{k}") for k in raw if k not in ("division", "detail")
    ]
    division: dict[str, Any] | None = None
    detail: str | None = None
    try:
        if is_empty(raw.get("division")):
            raise Reject("required")
        division = _division(f, raw.get("division"))
    except Reject as exc:
        exc.sub = ".division"
        problems.append(exc)
    try:
        if is_empty(raw.get("detail")):
            raise Reject("required")
        detail = clean_text(f, raw.get("detail"), limit=f.max_length or ADDRESS_DETAIL_MAX)
    except Reject as exc:
        exc.sub = ".detail"
        problems.append(exc)
    if problems or division is None or detail is None:
        return None, problems
    return {"division": division, "detail": detail}, []


_CLEANERS: dict[str, Callable[[Field, object, date], Any]] = {
    "text": lambda f, raw, _: clean_text(f, raw),
    "textarea": lambda f, raw, _: clean_text(f, raw),
    "number": lambda f, raw, _: _number(f, raw),
    "money": lambda f, raw, _: _money(f, raw),
    "date": _date,
    "select": lambda f, raw, _: _choice(f, raw),
    "radio": lambda f, raw, _: _choice(f, raw),
    "checkbox": lambda f, raw, _: _choices(f, raw),
    "id_number": lambda f, raw, today: ids.id_number(_token(f, raw), today),
    "mobile": lambda f, raw, _: ids.mobile(_token(f, raw)),
    "uscc": lambda f, raw, _: ids.uscc_code(_token(f, raw)),
    "plate": lambda f, raw, _: ids.plate(_token(f, raw)),
    "division": lambda f, raw, _: _division(f, raw),
    "bank_account": lambda f, raw, _: ids.bank_account(_token(f, raw), f.luhn),
}


def clean_value(f: Field, raw: object, today: date) -> tuple[Any, list[Reject]]:
    """Clean a non-empty answer of a plain field: (value, []) or (None, problems)."""
    if f.type == "address":
        return clean_address(f, raw)
    try:
        return _CLEANERS[f.type](f, raw, today), []
    except Reject as exc:
        return None, [exc]
