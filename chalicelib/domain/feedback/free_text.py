"""Free text people type into feedback (comments, notes, titles): trimmed, limited, no control characters."""

from __future__ import annotations

import unicodedata

from chalicelib.domain.errors import ValidationFailedError


def clean_text(value: object, label: str, max_chars: int, *, required: bool = False) -> str:
    """Trim and check a free text for people: length limit, no control characters (newlines allowed, CRLF → LF)."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationFailedError(f"{label}必须是文字")
    text = value.replace("\r\n", "\n").strip()
    if required and not text:
        raise ValidationFailedError(f"请填写{label}")
    if len(text) > max_chars:
        raise ValidationFailedError(f"{label}不能超过{max_chars}个字（当前{len(text)}个字）")
    for ch in text:
        category = unicodedata.category(ch)
        # Zero-width joiners build emoji people do type; other format characters hide or reorder text.
        if (category == "Cc" and ch != "\n") or (category == "Cf" and ch not in "\u200d"):
            raise ValidationFailedError(f"{label}含有不可见的控制字符，请删除后重新提交")
    return text
