"""Plain-text platypus paragraphs that parse each distinct text once and wrap once per width."""

from __future__ import annotations

from functools import lru_cache
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

# Template labels and notes repeat on every document; the case's own values mostly do not, so the
# bound only has to hold the templates' texts (a few hundred) with room for the values around them.
_PARSED_TEXTS = 4096


@lru_cache(maxsize=_PARSED_TEXTS)
def _parsed(markup: str, style: ParagraphStyle) -> tuple[str, tuple[Any, ...]]:
    """(cleaned text, fragments) as reportlab's mini-markup parser makes them for `markup`."""
    # The parser (an HTMLParser per paragraph) was ~10 % of a receipt: its output depends only on
    # the markup and the style, and nothing changes the fragments after parsing.
    parsed = Paragraph(markup, style)
    return parsed.text, tuple(parsed.frags)


class PlainParagraph(Paragraph):  # type: ignore[misc]
    """A Paragraph that remembers its last wrap: a table wraps every cell twice at the same width,
    once to size its rows and once to draw them, and the line breaking is the same both times."""

    _wrapped_width: float | None = None

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        # The height never depends on the available height: only the width decides the lines.
        # split() drops blPara when it pushes the paragraph on to the next frame: then wrap anew.
        if available_width == self._wrapped_width and hasattr(self, "blPara"):
            return self.width, self.height
        size: tuple[float, float] = super().wrap(available_width, available_height)
        if hasattr(self, "blPara"):  # too narrow to wrap at all leaves no lines to reuse
            self._wrapped_width = available_width
        return size


def plain_paragraph(text: str, style: ParagraphStyle) -> PlainParagraph:
    """`text` as plain text (escaped for platypus' mini-markup), its line breaks kept."""
    markup = escape(text).replace("\n", "<br/>")
    cleaned, fragments = _parsed(markup, style)
    # Fresh fragment objects for every paragraph, as the parser would give: line breaking clones
    # them, but a paragraph of its own must never share mutable state with another document's.
    paragraph = PlainParagraph(cleaned, style, frags=[f.clone() for f in fragments])
    return paragraph
