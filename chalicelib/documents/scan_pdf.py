"""Opening uploaded PDFs safely with pypdf: refuse encryption, damage, scripts, auto-actions and attachments."""

from __future__ import annotations

import io
import re
from typing import Any

from .scan_errors import ScanRejectedError

# Raw-byte scan as a second net for long, unambiguous names (short ones such as /JS would match
# by chance inside compressed image data). Names may hide letters as #xx escapes.
_RAW_ACTIVE = {"/JavaScript": "JavaScript", "/Launch": "启动外部程序", "/RichMedia": "富媒体"}
_ACTIVE_NAMES = {
    "/JavaScript": "JavaScript",
    "/JS": "JavaScript",
    "/Launch": "启动外部程序",
    "/SubmitForm": "表单提交",
    "/ImportData": "数据导入",
    "/RichMedia": "富媒体",
    "/XFA": "XFA 表单",
}
_EMBEDDED_NAMES = ("/EmbeddedFile", "/EmbeddedFiles", "/FileAttachment")


def _name_pattern(name: str) -> re.Pattern[bytes]:
    parts = [re.escape(c.encode()) + b"|#(?i:" + f"{ord(c):02x}".encode() + b")" for c in name[1:]]
    return re.compile(b"/(?:" + b")(?:".join(parts) + b")(?![A-Za-z0-9#])")


_ACTIVE_PATTERNS = [(_name_pattern(n), what) for n, what in _RAW_ACTIVE.items()]
_EMBEDDED_PATTERNS = [_name_pattern(n) for n in _EMBEDDED_NAMES]


def _walk(obj: Any, seen: set[int], depth: int = 0) -> Any:
    """Every dictionary reachable from obj (indirect objects visited once; depth bounded)."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    if depth > 60:
        return
    if isinstance(obj, IndirectObject):
        if obj.idnum in seen:
            return
        seen.add(obj.idnum)
        obj = obj.get_object()
    if isinstance(obj, DictionaryObject):
        yield obj
        for key, value in obj.items():
            if key != "/Parent":  # back-pointer to the page tree: already visited
                yield from _walk(value, seen, depth + 1)
    elif isinstance(obj, ArrayObject):
        for value in obj:
            yield from _walk(value, seen, depth + 1)


def _structural_threat(reader: Any) -> tuple[str, str] | None:
    """("active"|"embedded", what) for the first dangerous construct reachable from the trailer."""
    for node in _walk(reader.trailer.raw_get("/Root"), set()):
        subtype = node.get("/S")
        if subtype in _ACTIVE_NAMES:
            return "active", _ACTIVE_NAMES[subtype]
        if "/JS" in node or "/JavaScript" in node:
            return "active", "JavaScript"
        if "/AA" in node:
            return "active", "自动执行动作"
        if "/XFA" in node:
            return "active", "XFA 表单"
        if node.get("/Type") in ("/EmbeddedFile", "/Filespec") and "/EF" in node:
            return "embedded", ""
        if "/EmbeddedFiles" in node or node.get("/Subtype") == "/FileAttachment":
            return "embedded", ""
    return None


def _raw_threat(data: bytes) -> tuple[str, str] | None:
    for pattern, what in _ACTIVE_PATTERNS:
        if pattern.search(data):
            return "active", what
    if any(p.search(data) for p in _EMBEDDED_PATTERNS):
        return "embedded", ""
    return None


def open_pdf(data: bytes, name: str, *, max_pages: int) -> Any:
    """A pypdf reader for a PDF that passed every check, else ScanRejectedError."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise ScanRejectedError("pdf_encrypted", name)
        pages = len(reader.pages)
        threat = _raw_threat(data) or _structural_threat(reader)
    except ScanRejectedError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as error:
        raise ScanRejectedError("pdf_malformed", name) from error
    if threat is not None:
        kind, what = threat
        if kind == "embedded":
            raise ScanRejectedError("pdf_embedded_files", name)
        raise ScanRejectedError("pdf_active_content", name, what=what)
    if pages == 0:
        raise ScanRejectedError("pdf_malformed", name)
    if pages > max_pages:
        raise ScanRejectedError("too_many_pages", name, pages=pages, limit=max_pages)
    return reader


def largest_page_image(page: Any, max_pixels: int, name: str) -> Any | None:
    """The page's biggest image XObject as a Pillow image (dimensions checked before decoding)."""
    resources = page.get("/Resources")
    xobjects = resources.get_object().get("/XObject") if resources else None
    if not xobjects:
        return None
    best: tuple[int, str] | None = None
    for key, ref in xobjects.get_object().items():
        xobj = ref.get_object()
        if xobj.get("/Subtype") != "/Image":
            continue
        pixels = int(xobj.get("/Width", 0)) * int(xobj.get("/Height", 0))
        if pixels > max_pixels:
            raise ScanRejectedError(
                "too_many_pixels", name, pixels=pixels // 10_000, limit=max_pixels // 10_000
            )
        if best is None or pixels > best[0]:
            best = (pixels, key)
    if best is None:
        return None
    wanted = best[1].lstrip("/")
    for image in page.images:
        if image.name.split(".")[0] == wanted:
            return image.image
    return None
