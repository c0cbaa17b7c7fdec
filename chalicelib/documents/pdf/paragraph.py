"""Plain-text platypus paragraphs that parse and break each distinct text once, wrap once per width."""

from __future__ import annotations

from functools import lru_cache
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

# Template labels and notes repeat on every document; the case's own values mostly do not, so the
# bound only has to hold the templates' texts (a few hundred) with room for the values around them.
_KEPT_TEXTS = 4096


@lru_cache(maxsize=_KEPT_TEXTS)
def _parsed(markup: str, style: ParagraphStyle) -> tuple[str, tuple[Any, ...]]:
    """(cleaned text, fragments) as reportlab's mini-markup parser makes them for `markup`."""
    # The parser (an HTMLParser per paragraph) was ~10 % of a receipt: its output depends only on
    # the markup and the style, and nothing changes the fragments after parsing.
    parsed = Paragraph(markup, style)
    return parsed.text, tuple(parsed.frags)


def _fragments(markup: str, style: ParagraphStyle) -> list[Any]:
    # Fresh fragment objects for every paragraph, as the parser would give: a paragraph of its own
    # must never share mutable state with another document's.
    return [fragment.clone() for fragment in _parsed(markup, style)[1]]


@lru_cache(maxsize=_KEPT_TEXTS)
def _broken(markup: str, style: ParagraphStyle, widths: tuple[float, ...]) -> Any:
    """reportlab's CJK line breaking of `markup` at `widths`: measured glyph by glyph in Python,
    ~1.5 ms for the receipt's 200-character notes, and the same on every receipt."""
    paragraph = Paragraph(_parsed(markup, style)[0], style, frags=_fragments(markup, style))
    return Paragraph.breakLinesCJK(paragraph, list(widths))


def _copy_lines(lines: Any) -> Any:
    """A copy of broken lines that shares nothing mutable: splitting a paragraph over two frames
    appends spaces to the words of its lines."""
    if lines.kind == 0:  # one style: (extra space, [text]) per line
        return lines.clone(lines=[(space, list(words)) for space, words in lines.lines])
    copied = [line.clone(words=[word.clone() for word in line.words]) for line in lines.lines]
    return lines.clone(lines=copied)


class PlainParagraph(Paragraph):  # type: ignore[misc]
    """A Paragraph that remembers its last wrap (a table wraps every cell twice at the same width,
    once to size its rows and once to draw them) and takes its line breaks from _broken."""

    _wrapped_width: float | None = None
    # Set only on paragraphs made by plain_paragraph; the halves split() makes break for themselves.
    _markup: str | None = None

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        # The height never depends on the available height: only the width decides the lines.
        # split() drops blPara when it pushes the paragraph on to the next frame: then wrap anew.
        if available_width == self._wrapped_width and hasattr(self, "blPara"):
            return self.width, self.height
        size: tuple[float, float] = super().wrap(available_width, available_height)
        if hasattr(self, "blPara"):  # too narrow to wrap at all leaves no lines to reuse
            self._wrapped_width = available_width
        return size

    def breakLinesCJK(self, widths: Any) -> Any:  # noqa: N802 (reportlab's name)
        if self._markup is None or self.bulletText or getattr(self, "_splitpara", 0):
            return super().breakLinesCJK(widths)
        self.height = 0
        return _copy_lines(_broken(self._markup, self.style, tuple(widths)))


def plain_paragraph(text: str, style: ParagraphStyle) -> PlainParagraph:
    """`text` as plain text (escaped for platypus' mini-markup), its line breaks kept."""
    markup = escape(text).replace("\n", "<br/>")
    paragraph = PlainParagraph(_parsed(markup, style)[0], style, frags=_fragments(markup, style))
    paragraph._markup = markup
    return paragraph
