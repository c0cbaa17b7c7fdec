"""What a text answer may contain: NFC-normalised, trimmed, and free of characters nobody can see.

Bidi overrides (U+202E), zero-width spaces (U+200B) and other format or control characters pass
every eye at the counter and then either disguise a name (a reversed surname) or stop the PDF of
a legal notice; they are refused at intake, where the person typing can still fix them.
"""

from __future__ import annotations

import unicodedata

# Named here so the rule reads as the issue states it; every one of them is also category Cf.
BIDI_CONTROLS = frozenset(
    [chr(c) for c in range(0x202A, 0x202F)] + [chr(c) for c in range(0x2066, 0x206A)]
) | {"\u200e", "\u200f", "\u061c"}
ZERO_WIDTH = frozenset({"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"})
# Cc control, Cf format (bidi, zero-width, soft hyphen, tags), Cs lone surrogate (breaks every later
# encode), Co private use and Cn unassigned (no font draws them), Zl/Zp line and paragraph separators.
_REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
_MULTILINE_ALLOWED = frozenset({"\n", "\t"})


def normalise_text(raw: str, *, multiline: bool) -> str:
    """NFC (one spelling of 'é' or a composed Hangul), CR/CRLF folded to LF in multi-line text, trimmed."""
    text = unicodedata.normalize("NFC", raw)
    if multiline:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.strip()


def first_invisible(text: str, *, multiline: bool) -> tuple[int, str] | None:
    """(1-based position, character) of the first character a text answer may not hold, or None."""
    for index, ch in enumerate(text, 1):
        if multiline and ch in _MULTILINE_ALLOWED:
            continue
        if ch in BIDI_CONTROLS or ch in ZERO_WIDTH:
            return index, ch
        if unicodedata.category(ch) in _REFUSED_CATEGORIES:
            return index, ch
    return None
