"""Turns a resolved layout into an A4 PDF with reportlab platypus (CJK wrapping, QR code, seal)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from chalicelib.documents.layouts import Block, ResolvedLayout

from .fonts import register_font
from .paragraph import plain_paragraph
from .static_image import draw_static_image

# Binary streams instead of ASCII85: 10 % smaller files and no pure-Python encoding loop.
rl_config.useA85 = 0

MARGIN = 18 * mm
GRID = colors.HexColor("#555555")
LABEL_FILL = colors.HexColor("#F2F2F2")


@dataclass(frozen=True)
class Artwork:
    """The images one document carries: its QR code and its department seal (PNG bytes)."""

    qr_png: bytes | None
    seal_png: bytes | None
    verification_code: str = ""


@cache
def _styles() -> dict[str, ParagraphStyle]:
    font = register_font()
    base = ParagraphStyle("body", fontName=font, fontSize=10.5, leading=17, wordWrap="CJK")
    return {
        "title": ParagraphStyle(
            "title", base, fontSize=19, leading=28, alignment=TA_CENTER, spaceAfter=2 * mm
        ),
        "subtitle": ParagraphStyle(
            "subtitle", base, fontSize=9.5, alignment=TA_RIGHT, spaceAfter=3 * mm
        ),
        "caption": ParagraphStyle(
            "caption", base, fontSize=10.5, spaceBefore=2 * mm, spaceAfter=1 * mm
        ),
        "body": ParagraphStyle("body2", base, firstLineIndent=21, spaceBefore=1 * mm),
        "plain": ParagraphStyle("plain", base, spaceBefore=1 * mm),
        "note": ParagraphStyle(
            "note",
            base,
            fontSize=9,
            leading=14,
            spaceBefore=1.5 * mm,
            textColor=colors.HexColor("#333333"),
        ),
        "cell": ParagraphStyle("cell", base, fontSize=9.5, leading=12.5),
        "head": ParagraphStyle("head", base, fontSize=9.5, leading=12.5, alignment=TA_CENTER),
        "sign": ParagraphStyle("sign", base, alignment=TA_LEFT, leading=22),
        "small": ParagraphStyle("small", base, fontSize=8, leading=11, alignment=TA_CENTER),
    }


def _para(text: str, style: str) -> Paragraph:
    # Layout text is plain text: escaped for platypus' mini-markup, line breaks kept.
    return plain_paragraph(text, _styles()[style])


def _grid(
    table: Table,
    *,
    label_column: bool = False,
    header_row: bool = False,
    extra: Sequence[tuple[Any, ...]] = (),
) -> Table:
    commands: list[tuple[Any, ...]] = [
        *extra,
        # Empty string cells would otherwise pull in an unembedded Helvetica.
        ("FONTNAME", (0, 0), (-1, -1), register_font()),
        ("GRID", (0, 0), (-1, -1), 0.6, GRID),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if label_column:
        commands.append(("BACKGROUND", (0, 0), (0, -1), LABEL_FILL))
    if header_row:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), LABEL_FILL))
    table.setStyle(TableStyle(commands))
    return table


class SealBlock(Flowable):  # type: ignore[misc]
    """QR code and verification code on the left; unit name and date on the right under the seal."""

    def __init__(self, unit: str, date: str, art: Artwork) -> None:
        super().__init__()
        self.unit, self.date, self.art = unit, date, art
        self.height = 36 * mm

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return self.width, self.height

    def draw(self) -> None:
        canvas: Canvas = self.canv
        font = register_font()
        if self.art.qr_png:
            size = 26 * mm
            canvas.drawImage(ImageReader(io.BytesIO(self.art.qr_png)), 0, 8 * mm, size, size)
            canvas.setFont(font, 7.5)
            canvas.drawCentredString(size / 2, 5 * mm, "扫码核验真伪")
            canvas.drawCentredString(size / 2, 1.5 * mm, f"核验码 {self.art.verification_code}")
        right = self.width - 8 * mm
        canvas.setFont(font, 11)
        canvas.drawRightString(right, 20 * mm, self.unit)
        canvas.drawRightString(right, 13 * mm, self.date)
        if self.art.seal_png:
            # The seal overlaps unit name and date, as a stamp does ("骑字盖章").
            diameter = 40 * mm
            centre_x = right - canvas.stringWidth(self.unit, font, 11) / 2
            # The same seal on every notice of the unit: its image object is built once.
            draw_static_image(
                canvas,
                self.art.seal_png,
                centre_x - diameter / 2,
                17 * mm - diameter / 2,
                diameter,
                diameter,
            )


def _fields(block: Block, width: float) -> Table:
    """Label/value pairs, two per row; wide rows (and a pair left without a partner) span the width."""
    label = 26 * mm
    value = width / 2 - label
    lines: list[list[Any]] = []
    pending: list[Any] = []
    for name, text, wide in block.rows:
        cells = [_para(name, "cell"), _para(text, "cell")]
        if wide or block.style == "single":
            if pending:
                lines.append(pending)
            lines.append(cells)
            pending = []
        elif pending:
            lines.append(pending + cells)
            pending = []
        else:
            pending = cells
    if pending:
        lines.append(pending)
    style: list[tuple[Any, ...]] = []
    for i, line in enumerate(lines):
        if len(line) == 2:
            style.append(("SPAN", (1, i), (3, i)))
        else:
            style.append(("BACKGROUND", (2, i), (2, i), LABEL_FILL))
    rows = [line + ["", ""] if len(line) == 2 else line for line in lines]
    return _grid(
        Table(rows, colWidths=[label, value, label, value]), label_column=True, extra=style
    )


def _flowables(block: Block, width: float, art: Artwork) -> list[Flowable]:
    if block.type == "title":
        return [_para(block.text, "title")]
    if block.type == "subtitle":
        return [_para(block.text, "subtitle")]
    if block.type == "spacer":
        return [Spacer(1, block.height * mm)]
    if block.type == "paragraph":
        return [_para(block.text, block.style if block.style in _styles() else "body")]
    out: list[Flowable] = [_para(block.caption, "caption")] if block.caption else []
    if block.type == "fields":
        out.append(_fields(block, width))
    elif block.type == "table":
        total = sum(block.widths)
        widths = [width * w / total for w in block.widths]
        header = [_para(h, "head") for h in block.headers]
        body = [[_para(cell, "cell") for cell in row] for row in block.rows]
        table = Table([header, *body], colWidths=widths, repeatRows=1)
        out.append(_grid(table, header_row=True))
    elif block.type == "signatures":
        for row in block.rows:
            cells = [[_para(cell, "sign") for cell in row]]
            table = Table(cells, colWidths=[width / len(row)] * len(row))
            table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), register_font())]))
            out.append(table)
    elif block.type == "seal":
        unit, date = block.rows[0]
        out += [Spacer(1, 3 * mm), SealBlock(unit, date, art)]
    return out


def _footer(text: str) -> Any:
    def draw(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(register_font(), 7.5)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.drawCentredString(A4[0] / 2, 10 * mm, f"{text}    第 {doc.page} 页")
        canvas.restoreState()

    return draw


def render_pdf(layout: ResolvedLayout, art: Artwork, *, author: str = "") -> bytes:
    """Build the PDF; the font is embedded as subsets with a (non-BMP-safe) ToUnicode map."""
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=16 * mm,
        bottomMargin=18 * mm,
        title=layout.title,
        author=author,
        subject=layout.kind,
        creator="通办 Tongban",
        # Otherwise every page names Helvetica, an unembedded font the document never uses.
        initialFontName=register_font(),
    )
    story: list[Flowable] = []
    for block in layout.blocks:
        story += _flowables(block, doc.width, art)
    footer = _footer(layout.footer)
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return out.getvalue()
