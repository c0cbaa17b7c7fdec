"""Prepare the PDF font once at build time: Noto Sans CJK SC, layout tables dropped, TrueType outlines."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from chalicelib.documents.pdf.fontpath import REPO_FONT

DEFAULT_TARGET = REPO_FONT
SOURCE_CANDIDATES = (
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc"),
)
SC_FACE_NAME = "Noto Sans CJK SC"
# Vertical metrics and OpenType layout are useless to reportlab (it does no shaping) and
# cost ~6 MB; VORG/vhea/vmtx only matter for vertical writing.
DROPPED_TABLES = ("GSUB", "GPOS", "GDEF", "BASE", "JSTF", "VORG", "vhea", "vmtx", "DSIG")


class FontPreparationError(RuntimeError):
    """The source font is missing and could not be installed, or conversion failed."""


def find_source() -> Path | None:
    for candidate in SOURCE_CANDIDATES:
        if candidate.is_file():
            return candidate
    return None


def install_source_with_apt() -> Path:
    """apt-get install fonts-noto-cjk, non-interactively (Debian/Ubuntu only)."""
    if shutil.which("apt-get") is None:
        raise FontPreparationError(
            "找不到 Noto Sans CJK 字体，且本机没有 apt-get：请安装 fonts-noto-cjk"
        )
    prefix = [] if os.geteuid() == 0 else ["sudo"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (
        ["apt-get", "update", "-qq"],
        ["apt-get", "install", "-y", "-qq", "fonts-noto-cjk"],
    ):
        subprocess.run(prefix + command, check=True, env=env, stdout=subprocess.DEVNULL)
    source = find_source()
    if source is None:
        raise FontPreparationError("已安装 fonts-noto-cjk，但仍找不到 NotoSansCJK-Regular.ttc")
    return source


def convert(source: Path, target: Path) -> None:
    """Take the SC face out of the collection, subset to its cmap without layout, convert CFF to glyf."""
    from fontTools import subset
    from fontTools.ttLib import TTCollection, TTFont

    collection = TTCollection(str(source), lazy=True)
    index = next(
        (i for i, f in enumerate(collection.fonts) if f["name"].getDebugName(1) == SC_FACE_NAME),
        None,
    )
    if index is None:
        raise FontPreparationError(f"{source} 中没有 {SC_FACE_NAME} 字体")
    font = TTFont(str(source), fontNumber=index)
    codepoints = set(font.getBestCmap())
    options = subset.Options()
    options.layout_features = []
    options.drop_tables = sorted(set(options.drop_tables) | set(DROPPED_TABLES))
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.glyph_names = False
    options.hinting = False
    subsetter = subset.Subsetter(options)
    # Keeping every mapped code point keeps the rare characters (e.g. U+20676) while dropping
    # the JP/KR glyphs only reachable through GSUB.
    subsetter.populate(unicodes=codepoints)
    subsetter.subset(font)
    _cff_to_glyf(font)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    font.save(str(partial))
    partial.replace(target)


def _cff_to_glyf(font: object) -> None:
    """Quadratic outlines: reportlab refuses PostScript (CFF) outlines."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont, newTable

    assert isinstance(font, TTFont)
    glyph_order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in glyph_order:
        pen = TTGlyphPen(glyph_set)
        # max_err in font units (1000/em): invisible at document sizes, keeps the file small.
        glyph_set[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = glyphs
    del font["CFF "]
    font["head"].glyphDataFormat = 0
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for field in [
        "maxZones",
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ]:
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    font["post"].formatType = 3.0  # no glyph names: 44k names would add ~0.5 MB
    font.sfntVersion = "\x00\x01\x00\x00"


def ensure_font(target: Path = DEFAULT_TARGET, *, allow_apt: bool = True) -> Path:
    """Return the prepared font, building it if absent (idempotent; apt only when the source is missing)."""
    if target.is_file() and target.stat().st_size > 0:
        return target
    source = find_source()
    if source is None:
        if not allow_apt:
            raise FontPreparationError("找不到 NotoSansCJK-Regular.ttc：请安装 fonts-noto-cjk")
        source = install_source_with_apt()
    convert(source, target)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--target", type=Path, default=DEFAULT_TARGET)
    parser.add_argument("--no-apt", action="store_true", help="never call apt-get")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    already = args.target.is_file()
    path = ensure_font(args.target, allow_apt=not args.no_apt)
    took = time.perf_counter() - started
    state = "present" if already else f"built in {took:.1f} s"
    print(f"font: {path} ({path.stat().st_size / 1e6:.1f} MB, {state})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
