"""Opaque list cursors and page sizes: every list reads one page, never the whole history."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterable

from .errors import BadRequestError

DEFAULT_PAGE = 20
MAX_PAGE = 100
BAD_CURSOR = "翻页参数无效，请从第一页重新打开列表"
BAD_LIMIT = f"每页条数须为1至{MAX_PAGE}之间的整数"


def page_size(value: object, default: int = DEFAULT_PAGE) -> int:
    """The `limit` a person asked for, checked (absent: the default)."""
    if value is None or value == "":
        return default
    try:
        size = int(str(value))
    except ValueError:
        raise BadRequestError(BAD_LIMIT) from None
    if not 1 <= size <= MAX_PAGE:
        raise BadRequestError(BAD_LIMIT)
    return size


def encode_cursor(key: dict[str, str] | None) -> str | None:
    """A store's resume position (string attributes only) as base64url text; None at the end."""
    if not key:
        return None
    raw = json.dumps(key, separators=(",", ":"), sort_keys=True, ensure_ascii=False)
    return base64.urlsafe_b64encode(raw.encode("utf-8")).decode("ascii").rstrip("=")


def decode_cursor(
    cursor: str | None, names: Iterable[str], fixed: dict[str, str] | None = None
) -> dict[str, str] | None:
    """The resume position, or BadRequestError (a 400) for anything not made by `encode_cursor` for
    this very list: exactly these attribute names, string values, the fixed ones (the partition) equal."""
    if not cursor:
        return None
    text = str(cursor)
    if len(text) > 2048:
        raise BadRequestError(BAD_CURSOR)
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        key = json.loads(raw.decode("utf-8"))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise BadRequestError(BAD_CURSOR) from None
    if not isinstance(key, dict) or set(key) != set(names):
        raise BadRequestError(BAD_CURSOR)
    if not all(isinstance(v, str) and v and len(v) <= 512 for v in key.values()):
        raise BadRequestError(BAD_CURSOR)
    for name, value in (fixed or {}).items():
        if key.get(name) != value:
            raise BadRequestError(BAD_CURSOR)
    return key
