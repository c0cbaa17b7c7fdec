"""Masking of personal identifiers for lists, logs and notices: 6402**********123X, 138****0001."""

from __future__ import annotations

import re
from typing import Any

# An 18-digit 公民身份号码 (17 digits and a digit or X), or an old 15-digit one, not inside a longer number.
ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")
# A mainland mobile number (11 digits starting 13–19), with an optional +86 prefix, not inside a longer number.
PHONE = re.compile(r"(?<!\d)((?:\+?86)?1[3-9]\d{9})(?!\d)")


def mask_id_number(value: str) -> str:
    """First 4 and last 4 kept, the rest starred: the region and check digit tell staff enough."""
    text = value.strip()
    if len(text) <= 8:
        return "*" * len(text)
    return text[:4] + "*" * (len(text) - 8) + text[-4:]


def mask_phone(value: str) -> str:
    """First 3 and last 4 kept (138****0001); a +86 prefix is kept as it is."""
    text = value.strip()
    prefix = ""
    for lead in ("+86", "86"):
        if text.startswith(lead) and len(text) == len(lead) + 11:
            prefix, text = lead, text[len(lead) :]
    if len(text) <= 7:
        return prefix + "*" * len(text)
    return prefix + text[:3] + "*" * (len(text) - 7) + text[-4:]


def mask_text(text: str) -> str:
    """Every ID number and mobile number inside free text, masked; everything else as it was."""
    masked = ID_NUMBER.sub(lambda m: mask_id_number(m.group(1)), text)
    return PHONE.sub(lambda m: mask_phone(m.group(1)), masked)


def mask_deep(value: Any) -> Any:
    """mask_text applied to every string of a JSON-like value (answers, notice records, details)."""
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, dict):
        return {k: mask_deep(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [mask_deep(v) for v in value]
    return value


def mask_secret(value: str) -> str:
    """A secret such as the 查询密码: only that one exists, never any of its digits."""
    return "******" if value else ""
