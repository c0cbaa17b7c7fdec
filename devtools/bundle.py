"""Copy forms/, catalog/, templates/ and the prepared CJK font into chalicelib/_bundled so `chalice package`
ships them (it packages only app.py, chalicelib/ and vendor/)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "chalicelib" / "_bundled"
CONTENT = ("forms", "catalog", "templates")


def bundle(target: Path = TARGET, *, with_font: bool = True) -> list[Path]:
    if target.exists():
        shutil.rmtree(target)
    copied = []
    for name in CONTENT:
        shutil.copytree(
            ROOT / name, target / name, ignore=shutil.ignore_patterns("*.md", "__pycache__")
        )
        copied.append(target / name)
    if with_font:
        # The PDF documents need the prepared CJK font inside the artifact (Lambda has no fonts).
        from devtools.fonts import ensure_font

        font = ensure_font()
        (target / "fonts").mkdir()
        copied.append(Path(shutil.copy2(font, target / "fonts" / font.name)))
    return copied


if __name__ == "__main__":
    for path in bundle():
        print(f"bundled {path.relative_to(ROOT)}")
    sys.exit(0)
