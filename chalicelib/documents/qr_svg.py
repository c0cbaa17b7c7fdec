"""QR codes as small SVGs for pages (a counter screen shows the rating link): one path, no Pillow."""

from __future__ import annotations

import base64

import qrcode
from qrcode.constants import ERROR_CORRECT_M


def qr_svg(data: str, *, border: int = 2) -> str:
    """Black modules on white, one unit per module; the page scales it with width/height."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=border, mask_pattern=2)
    code.add_data(data)
    code.make(fit=True)
    matrix = code.get_matrix()  # includes the quiet zone
    size = len(matrix)
    cells = "".join(
        f"M{x} {y}h1v1h-1z" for y, row in enumerate(matrix) for x, dark in enumerate(row) if dark
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        f'shape-rendering="crispEdges"><rect width="{size}" height="{size}" fill="#fff"/>'
        f'<path d="{cells}" fill="#000"/></svg>'
    )


def qr_data_uri(data: str) -> str:
    """The SVG as a data: URI for an <img> (the pages' CSP allows data: images, not inline markup)."""
    svg = qr_svg(data).encode()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode()
