"""The counter screen's QR code: an SVG a phone reads back as the exact rating link."""

from __future__ import annotations

import base64
import re

import zxingcpp
from PIL import Image

from chalicelib.documents.qr_svg import qr_data_uri, qr_svg

LINK = "http://localhost:8000/rate/8913aff3c1c745468c5ecac88bfc7c02/q1Wk8xZr0PdLmN4sTuV7yB2c"


def raster(svg: str, scale: int = 8) -> Image.Image:
    """Paint the SVG's unit squares (M x y h1v1h-1z) as a scanner would see them."""
    size = int(re.search(r'viewBox="0 0 (\d+) \d+"', svg).group(1))  # type: ignore[union-attr]
    image = Image.new("L", (size * scale, size * scale), 255)
    for x, y in re.findall(r"M(\d+) (\d+)h1v1h-1z", svg):
        left, top = int(x) * scale, int(y) * scale
        image.paste(0, (left, top, left + scale, top + scale))
    return image


def test_the_svg_decodes_to_the_link() -> None:
    found = zxingcpp.read_barcodes(raster(qr_svg(LINK)))
    assert [f.text for f in found] == [LINK]


def test_the_data_uri_carries_the_same_svg_for_an_img_tag() -> None:
    uri = qr_data_uri(LINK)
    assert uri.startswith("data:image/svg+xml;base64,")
    assert base64.b64decode(uri.split(",", 1)[1]).decode() == qr_svg(LINK)
