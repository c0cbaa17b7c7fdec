"""The scan pipeline refuses every kind of bad upload with a Chinese reason and normalises the rest to A4."""

from __future__ import annotations

import io
import struct
import zlib
from typing import Any

import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader, PdfWriter
from pypdf.actions import JavaScript
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from chalicelib.documents.scans import (
    A4_POINTS,
    ScanOptions,
    ScanRejectedError,
    heic_supported,
    normalise,
    sniff,
    thumbnail,
)


def encoded(image: Image.Image, fmt: str, **params: Any) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **params)
    return out.getvalue()


def page_document(width: int = 600, height: int = 800) -> Image.Image:
    """A white page with a black band across its top third: shows which way is up."""
    image = Image.new("RGB", (width, height), "white")
    ImageDraw.Draw(image).rectangle((0, 0, width, height // 3), fill="black")
    return image


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims a size: Pillow reads the header before any pixels (a decompression bomb)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    return (
        b"\x89PNG\r\n\x1a\n"
        + struct.pack(">I", len(ihdr))
        + chunk
        + struct.pack(">I", zlib.crc32(chunk))
        + struct.pack(">I", 0)
        + b"IEND"
        + struct.pack(">I", zlib.crc32(b"IEND"))
    )


def pdf_bytes(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def blank_pdf() -> PdfWriter:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    return writer


def rejected(data: bytes, name: str, **kwargs: Any) -> ScanRejectedError:
    with pytest.raises(ScanRejectedError) as caught:
        normalise(data, name, **kwargs)
    assert caught.value.message  # every refusal carries a readable Chinese message
    return caught.value


def test_a_zero_byte_file_is_refused() -> None:
    assert rejected(b"", "空.jpg").code == "empty"


def test_an_oversize_file_is_refused_before_decoding() -> None:
    error = rejected(
        b"\xff\xd8\xff" + bytes(2 * 1024 * 1024),
        "大.jpg",
        options=ScanOptions(max_bytes=1024 * 1024),
    )
    assert error.code == "too_large" and "1 MB" in error.message


@pytest.mark.parametrize(
    "name", ["../etc/passwd.png", "a/b.png", "C:\\x.png", ".hidden.png", "a\x00.png", ""]
)
def test_path_like_or_hidden_names_are_refused(name: str) -> None:
    assert rejected(encoded(page_document(), "PNG"), name).code == "bad_name"


def test_a_png_named_pdf_is_refused_as_lying_about_its_type() -> None:
    error = rejected(encoded(page_document(), "PNG"), "扫描件.pdf")
    assert error.code == "type_mismatch" and "PNG" in error.message


def test_a_declared_mime_type_that_contradicts_the_content_is_refused() -> None:
    error = rejected(encoded(page_document(), "JPEG"), "照片.jpg", declared_type="application/pdf")
    assert error.code == "type_mismatch"


def test_text_dressed_as_a_jpeg_is_refused_as_unsupported() -> None:
    assert rejected(b"hello, world", "note.jpg").code == "unsupported_type"


def test_a_truncated_jpeg_is_refused() -> None:
    data = encoded(page_document(1200, 1600), "JPEG", quality=90)
    assert rejected(data[: len(data) // 2], "半张.jpg").code == "truncated"


@pytest.mark.parametrize(("width", "height"), [(9000, 9000), (20000, 20000)])
def test_a_decompression_bomb_is_refused_from_its_header(width: int, height: int) -> None:
    # 81 MP only makes Pillow warn; 400 MP makes it raise: both must be refusals.
    assert rejected(png_header_only(width, height), "炸弹.png").code == "too_many_pixels"


def test_an_encrypted_pdf_is_refused() -> None:
    writer = blank_pdf()
    writer.encrypt("secret", algorithm="AES-128")
    assert rejected(pdf_bytes(writer), "加密.pdf").code == "pdf_encrypted"


def test_a_malformed_pdf_is_refused() -> None:
    assert rejected(b"%PDF-1.7\n1 0 obj << /Type /Catalog", "坏.pdf").code == "pdf_malformed"


def test_a_pdf_with_document_javascript_is_refused() -> None:
    writer = blank_pdf()
    writer.add_open_action(JavaScript("app.alert('hi');"))
    error = rejected(pdf_bytes(writer), "脚本.pdf")
    assert error.code == "pdf_active_content" and "JavaScript" in error.message


def test_a_pdf_whose_open_action_runs_javascript_is_refused() -> None:
    writer = blank_pdf()
    action = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("x()")}
    )
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    assert rejected(pdf_bytes(writer), "打开即执行.pdf").code == "pdf_active_content"


def test_a_pdf_with_a_hex_escaped_javascript_name_is_still_refused() -> None:
    writer = blank_pdf()
    writer.add_open_action(JavaScript("app.alert('hi');"))
    data = pdf_bytes(writer).replace(b"/JavaScript", b"/J#61vaScript")
    assert rejected(data, "伪装.pdf").code == "pdf_active_content"


def test_a_pdf_with_an_embedded_file_is_refused() -> None:
    writer = blank_pdf()
    writer.add_attachment("payload.exe", b"MZ...")
    assert rejected(pdf_bytes(writer), "附件.pdf").code == "pdf_embedded_files"


def test_sniffing_trusts_content_not_names() -> None:
    assert sniff(encoded(page_document(), "TIFF", compression="tiff_lzw")) == "tiff"
    assert sniff(pdf_bytes(blank_pdf())) == "pdf"
    assert sniff(b"GIF89a") is None


def only_image(pdf: bytes) -> tuple[Any, Image.Image]:
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    (image,) = page.images
    assert image.image is not None
    return page, image.image


def mean_gray(image: Image.Image, box: tuple[int, int, int, int]) -> int:
    value = image.crop(box).resize((1, 1)).getpixel((0, 0))
    assert isinstance(value, int)
    return value


def test_exif_orientation_is_honoured_and_the_page_is_a4() -> None:
    # Stored sideways (band on the left), tagged "rotate 90° clockwise to view" (orientation 6).
    stored = page_document(600, 800).rotate(90, expand=True)
    exif = Image.Exif()
    exif[0x0112] = 6
    result = normalise(encoded(stored, "JPEG", exif=exif), "手机照片.jpg")
    page, image = only_image(result.pdf)
    assert [round(float(v)) for v in page.mediabox[2:]] == [round(v) for v in A4_POINTS]
    assert image.height > image.width and image.mode == "L"
    top = mean_gray(image, (0, 0, image.width, image.height // 5))
    bottom = mean_gray(image, (0, image.height * 4 // 5, image.width, image.height))
    assert top < 60 < 200 < bottom


def test_a_large_photo_is_scaled_to_150_dpi_on_a4_in_grayscale() -> None:
    result = normalise(encoded(page_document(2400, 3200), "JPEG", quality=90), "大照片.jpg")
    _, image = only_image(result.pdf)
    assert image.mode == "L" and image.height <= 1754 and image.width <= 1240
    assert image.height >= 1300  # fitted to the page, not shrunk further by draft decoding


def test_colour_is_kept_when_asked() -> None:
    result = normalise(
        encoded(page_document(), "PNG"), "身份证.png", options=ScanOptions(colour=True)
    )
    assert only_image(result.pdf)[1].mode == "RGB"


def test_a_1_bit_g4_tiff_stays_1_bit_g4_and_multi_page_tiffs_keep_every_page() -> None:
    pages = [page_document().convert("1"), page_document(800, 600).convert("1")]
    data = encoded(pages[0], "TIFF", compression="group4", save_all=True, append_images=pages[1:])
    result = normalise(data, "传真.tif")
    reader = PdfReader(io.BytesIO(result.pdf))
    assert result.pages == len(reader.pages) == 2
    for page in reader.pages:
        resources: Any = page["/Resources"]
        xobject = next(iter(resources["/XObject"].values())).get_object()
        assert xobject["/BitsPerComponent"] == 1
        assert "/CCITTFaxDecode" in xobject["/Filter"]
    assert float(reader.pages[1].mediabox.width) > float(reader.pages[1].mediabox.height)


def test_a_small_scanner_pdf_passes_through_untouched() -> None:
    data = pdf_bytes(blank_pdf())
    result = normalise(data, "扫描仪.pdf")
    assert result.passed_through and result.pdf == data


def test_a_heavy_scanner_pdf_has_its_page_image_re_encoded() -> None:
    noisy = Image.effect_noise((1800, 2500), 60).convert("RGB")
    heavy = encoded(noisy, "PDF", resolution=300, quality=95)
    assert len(heavy) > 300 * 1024
    result = normalise(heavy, "扫描仪.pdf")
    _, image = only_image(result.pdf)
    assert not result.passed_through and len(result.pdf) < len(heavy)
    assert image.mode == "L" and image.width <= 1240


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_thumbnails_fit_in_320_pixels(fmt: str) -> None:
    small = thumbnail(encoded(page_document(2400, 3200), "JPEG"), "照片.jpg", fmt=fmt)
    assert small is not None
    image = Image.open(io.BytesIO(small))
    assert image.format == fmt and max(image.size) <= 320


def test_a_pdf_thumbnail_comes_from_its_first_page_image() -> None:
    pdf = normalise(encoded(page_document(), "PNG"), "材料.png").pdf
    small = thumbnail(pdf, "材料.pdf")
    assert small is not None and max(Image.open(io.BytesIO(small)).size) <= 320
    assert thumbnail(pdf_bytes(blank_pdf()), "空白.pdf") is None


@pytest.mark.skipif(not heic_supported(), reason="pillow-heif is not installed")
def test_an_iphone_heic_photo_is_normalised() -> None:
    data = encoded(page_document(), "HEIF", quality=50)
    assert sniff(data) == "heic"
    assert normalise(data, "IMG_0001.HEIC").pages == 1
