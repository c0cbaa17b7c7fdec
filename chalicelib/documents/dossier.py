"""Merge a case's cover, application pages and normalised materials into one bookmarked PDF (pypdf)."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class DossierPart:
    """One bookmarked section: a title for the outline and the PDF bytes to append."""

    title: str
    pdf: bytes


def _image_key(image: Any) -> tuple[bytes, bytes]:
    mask = image.get("/SMask")
    mask_data = mask.get_object()._data if mask is not None else b""
    return hashlib.sha256(image._data).digest(), hashlib.sha256(mask_data).digest()


def _share_identical_images(writer: Any) -> None:
    """Point every page at one copy of each identical image (pixels and soft mask alike).

    pypdf's compress_identical_objects misses images whose soft masks are separate but equal
    objects, which is exactly how reportlab writes the seal on every notice.
    """
    from pypdf.generic import NameObject

    first: dict[tuple[bytes, bytes], Any] = {}
    for page in writer.pages:
        resources = page.get("/Resources")
        xobjects = resources.get_object().get("/XObject") if resources is not None else None
        if xobjects is None:
            continue
        xobjects = xobjects.get_object()
        for name, ref in list(xobjects.items()):
            image = ref.get_object()
            if image.get("/Subtype") != "/Image" or not hasattr(ref, "idnum"):
                continue
            shared = first.setdefault(_image_key(image), ref)
            if shared is not ref:
                xobjects[NameObject(name)] = shared


def build_dossier(
    cover: bytes, parts: Sequence[DossierPart], *, title: str = "", author: str = ""
) -> bytes:
    """Cover first, then each part under its own bookmark; identical objects (seals, fonts) shared once."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(cover)), outline_item="卷宗封面", import_outline=False)
    for part in parts:
        # import_outline=False: a scanner's own bookmarks would scatter the dossier's outline.
        writer.append(
            PdfReader(io.BytesIO(part.pdf)), outline_item=part.title, import_outline=False
        )
    _share_identical_images(writer)
    # Fonts and the seal image repeat in every notice: dedupe roughly halves their weight.
    writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
    writer.add_metadata({"/Title": title, "/Author": author, "/Creator": "通办 Tongban"})
    writer.page_mode = "/UseOutlines"
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def rotate_pages(pdf: bytes, degrees: int) -> bytes:
    """Every page turned `degrees` clockwise (the page's /Rotate: pixels and text are untouched)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        # On from the scanner's own /Rotate, kept within one turn (viewers differ on 360).
        page.rotation = (page.rotation + degrees) % 360
        writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
