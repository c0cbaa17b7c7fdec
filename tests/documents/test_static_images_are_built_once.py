"""The seal's image object is built once per process and every notice still carries the same seal:
the same pixels, the same soft mask (its transparency), in every document rendered after the first."""

from __future__ import annotations

import io
from typing import Any

from pypdf import PdfReader

from chalicelib.documents.pdf import static_image
from devtools.bench_documents import receipt


def _images(pdf: bytes) -> dict[tuple[int, int], tuple[bytes, bytes | None]]:
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    found = {}
    resources: Any = page["/Resources"]
    for ref in resources["/XObject"].values():
        image = ref.get_object()
        mask = image.get("/SMask")
        found[(int(image["/Width"]), int(image["/Height"]))] = (
            image.get_data(),
            mask.get_object().get_data() if mask is not None else None,
        )
    return found


def test_the_second_notice_reuses_the_seal_built_for_the_first_and_carries_it_whole() -> None:
    static_image._prepared.cache_clear()
    first = _images(receipt())
    built = static_image._prepared.cache_info()
    second = _images(receipt())
    assert static_image._prepared.cache_info().hits == built.hits + 1
    assert first == second
    seals = [images for images in first.values() if images[1] is not None]
    assert len(seals) == 1, "exactly one image (the seal) has a soft mask"
