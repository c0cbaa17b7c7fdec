"""The dossier: cover, application and every normalised material in one bookmarked, deduplicated PDF."""

from __future__ import annotations

import io
from typing import Any

from PIL import Image, ImageDraw
from pypdf import PdfReader

from chalicelib.documents.dossier import DossierPart, build_dossier
from chalicelib.documents.pdf.seal import SEAL_PIXELS
from chalicelib.documents.scans import normalise

from .conftest import Issue


def scanned_page(colour: str = "white") -> bytes:
    image = Image.new("RGB", (1240, 1754), colour)
    ImageDraw.Draw(image).rectangle((100, 100, 1100, 300), fill="black")
    out = io.BytesIO()
    image.save(out, "PNG")
    return normalise(out.getvalue(), "材料.png").pdf


def test_the_dossier_has_the_cover_first_then_one_bookmark_per_part(issue: Issue) -> None:
    cover = issue("dossier_cover", signed=False).pdf
    application = issue("receipt", signed=False).pdf
    parts = [
        DossierPart("申请表", application),
        DossierPart("居民身份证", scanned_page()),
        DossierPart("户口簿", scanned_page("#eeeeee")),
    ]
    dossier = build_dossier(
        cover, parts, title="KS640221-20250303-000123 卷宗", author="平罗县审批服务管理局"
    )
    reader = PdfReader(io.BytesIO(dossier))
    outline: list[Any] = list(reader.outline)
    assert [item.title for item in outline] == ["卷宗封面", "申请表", "居民身份证", "户口簿"]
    assert [reader.get_destination_page_number(item) for item in outline] == [0, 1, 2, 3]
    assert len(reader.pages) == 4
    assert "跨省通办办件卷宗" in reader.pages[0].extract_text()
    assert reader.metadata is not None and reader.metadata.title == "KS640221-20250303-000123 卷宗"


def test_the_seal_repeated_on_every_notice_is_stored_once(issue: Issue) -> None:
    notices = [
        issue("receipt", mode, signed=False).pdf
        for mode in ("proxy", "joint_local", "joint_remote")
    ]
    cover = issue("dossier_cover", signed=False).pdf
    dossier = build_dossier(cover, [DossierPart(f"回执{i}", pdf) for i, pdf in enumerate(notices)])
    reader = PdfReader(io.BytesIO(dossier))
    seals = set()
    for page in reader.pages:
        resources: Any = page["/Resources"]
        for ref in resources["/XObject"].values():
            if ref.get_object().get("/Width") == SEAL_PIXELS:
                seals.add(ref.idnum)
    # One seal for the three notices, one for the cover (its seal has no caption line).
    assert len(reader.pages) == 4 and len(seals) == 2
    assert len(dossier) < len(cover) + sum(len(n) for n in notices)
