"""A static image (the seal) made into a PDF image object once per process, not once per document.

reportlab's drawImage decodes the PNG, hashes its pixels and deflates them (with the alpha channel
as a soft mask) on every document: for the 40 mm seal that was about 3 ms of a 25 ms receipt, the
same bytes each time. Here the image object and its soft mask are built once per PNG and each
document gets fresh copies of them, registered as drawImage registers its own (reportlab 5.1's
canvas internals, pinned in requirements.txt); the page draws them exactly as drawImage does.
"""

from __future__ import annotations

import io
from functools import lru_cache
from typing import Any

from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas, _digester

State = dict[str, Any]


@lru_cache(maxsize=32)
def _prepared(png: bytes) -> tuple[str, State, State | None]:
    """(name, image object state, soft-mask state): what drawImage(..., mask="auto") would build."""
    reader = ImageReader(io.BytesIO(png))
    pixels = reader.getRGBData()  # also splits off the alpha channel (_dataA)
    alpha = reader._dataA
    name = _digester(pixels + (alpha.getRGBData() if alpha else b"auto"))
    image = pdfdoc.PDFImageXObject(name, reader, mask="auto")
    image.name = name
    smask = image.__dict__.pop("_smask", None)
    return name, dict(image.__dict__), None if smask is None else dict(smask.__dict__)


def _fresh(state: State) -> Any:
    made = pdfdoc.PDFImageXObject.__new__(pdfdoc.PDFImageXObject)
    made.__dict__.update(state)  # the stream bytes are shared: immutable
    return made


def draw_static_image(
    canvas: Canvas, png: bytes, x: float, y: float, width: float, height: float
) -> None:
    """Draw `png` (kept transparent) in the box, as canvas.drawImage(..., mask="auto") does."""
    name, image_state, mask_state = _prepared(png)
    document = canvas._doc
    registered = document.getXObjectName(name)
    if document.idToObject.get(registered) is None:
        image = _fresh(image_state)
        canvas._setXObjects(image)
        document.Reference(image, registered)
        document.addForm(name, image)
        if mask_state is not None:
            mask = _fresh(mask_state)
            canvas._setXObjects(mask)
            image.smask = document.Reference(mask, document.getXObjectName(mask.name))
    canvas._currentPageHasImages = 1
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(width, height)
    canvas._code.append(f"/{registered} Do")
    canvas.restoreState()
    canvas._formsinuse.append(name)
