"""Turning a normalised material for the dossier: every page gains the quarter turn (the page's /Rotate),
its size and content untouched, and turning on from an already turned page adds up."""

from __future__ import annotations

import io

from pypdf import PdfReader, PdfWriter

from chalicelib.documents.scanner import PdfScanner


def a4_pages(count: int, rotation: int = 0) -> bytes:
    writer = PdfWriter()
    for _ in range(count):
        page = writer.add_blank_page(595, 842)
        if rotation:
            page.rotate(rotation)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_every_page_is_turned_and_keeps_its_a4_size() -> None:
    turned = PdfReader(io.BytesIO(PdfScanner().rotated(a4_pages(2), 270)))
    assert [p.rotation for p in turned.pages] == [270, 270]
    assert [(round(p.mediabox.width), round(p.mediabox.height)) for p in turned.pages] == [
        (595, 842),
        (595, 842),
    ]


def test_a_page_already_turned_by_its_scanner_turns_on_from_there() -> None:
    turned = PdfReader(io.BytesIO(PdfScanner().rotated(a4_pages(1, rotation=90), 270)))
    assert turned.pages[0].rotation == 0
