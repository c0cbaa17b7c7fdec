"""Registers the CJK font with reportlab once per process, fixes non-BMP ToUnicode, checks drawability."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache, lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics, ttfonts

from .fontpath import font_path

FONT_NAME = "NotoSansSC"
# Line breaks and tabs are layout, not glyphs; everything else must be in the font's cmap.
_LAYOUT_CHARACTERS = frozenset("\n\r\t")


class UndrawableCharacterError(ValueError):
    """Text holds characters the document font has no glyph for; raised before any rendering."""

    def __init__(self, characters: Iterable[str], where: str = "") -> None:
        self.characters = list(dict.fromkeys(characters))
        shown = "、".join(f"“{c}”(U+{ord(c):04X})" for c in self.characters)
        place = f"{where}中的" if where else ""
        super().__init__(f"{place}字符 {shown} 无法用文书字体显示，请核对或改用规范汉字后重新出具")
        self.where = where


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's makeToUnicodeCMap, but characters beyond U+FFFF are written as UTF-16BE pairs.

    reportlab 5.1 writes `<%04X>`, so U+20676 becomes the invalid `<20676>` and extractors lose the
    character; the PDF spec wants the destination as UTF-16BE (`<D841DE76>`).
    """
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        f"<< /Registry ({fontname})",
        f"/Ordering ({fontname})",
        "/Supplement 0",
        ">> def",
        f"/CMapName /{fontname} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange",
        f"{len(subset)} beginbfchar",
    ]
    lines += [
        f"<{i:02X}> <{chr(cp).encode('utf-16-be').hex().upper()}>" for i, cp in enumerate(subset)
    ]
    lines += ["endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines)


_ORIGINAL_CMAP: Callable[[str, list[int]], str] = ttfonts.makeToUnicodeCMap


def patch_to_unicode() -> None:
    """Install the non-BMP fix; idempotent (ttfonts looks the function up as a module global)."""
    ttfonts.makeToUnicodeCMap = _to_unicode_cmap


def unpatched_to_unicode(fontname: str, subset: list[int]) -> str:
    """reportlab's original ToUnicode writer, kept for the regression test."""
    return _ORIGINAL_CMAP(fontname, subset)


@cache
def register_font(path: Path | None = None) -> str:
    """Register the prepared Noto Sans CJK SC (glyf) TTF under FONT_NAME; ~70 ms, once per process."""
    patch_to_unicode()
    font = ttfonts.TTFont(FONT_NAME, str(path or font_path()))
    # Each document's subset copied the font's tables from the file image again, the glyph table
    # (megabytes for CJK) among them: ~2 ms a receipt. The tables never change: copied once.
    font.face.get_table = lru_cache(maxsize=None)(font.face.get_table)
    pdfmetrics.registerFont(font)
    return FONT_NAME


@cache
def _drawable_codepoints() -> frozenset[int]:
    register_font()
    font = pdfmetrics.getFont(FONT_NAME)
    # glyph 0 is .notdef: a code point mapped there would print as an empty box.
    return frozenset(cp for cp, glyph in font.face.charToGlyph.items() if glyph)


def check_drawable(text: str) -> list[str]:
    """Characters of `text` the document font cannot draw, in order of first appearance (empty = fine)."""
    drawable = _drawable_codepoints()
    missing = (c for c in text if c not in _LAYOUT_CHARACTERS and ord(c) not in drawable)
    return list(dict.fromkeys(missing))
