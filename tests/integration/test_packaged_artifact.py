"""The artifact `make package` built (when it has been built): content, font, bytecode, pinned boto3, no dev files."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILT = sorted(p for p in (ROOT / "build").glob("*/deployment.zip"))


@pytest.mark.skipif(
    not BUILT, reason="make package has not been run (build/<profile>/deployment.zip)"
)
@pytest.mark.parametrize("artifact", BUILT, ids=lambda p: p.parent.name)
def test_the_artifact_holds_content_font_and_bytecode_and_nothing_of_development(
    artifact: Path,
) -> None:
    with zipfile.ZipFile(artifact) as zipped:
        names = set(zipped.namelist())
    for folder in ("forms/", "catalog/", "templates/pages/", "templates/static/"):
        assert any(n.startswith(f"chalicelib/_bundled/{folder}") for n in names), folder
    assert any(n.startswith("chalicelib/_bundled/fonts/") and n.endswith(".ttf") for n in names)
    assert any(re.fullmatch(r"__pycache__/app\.cpython-\d+\.pyc", n) for n in names)
    assert any(n.startswith("chalicelib/domain/__pycache__/") for n in names)
    assert "boto3-1.44.8.dist-info/METADATA" in names  # pinned, not the runtime's
    forbidden = [n for n in names if n.split("/")[0] in {"tests", "devtools", ".local", "build"}]
    with zipfile.ZipFile(artifact) as zipped:
        # Public CA bundles (certifi, botocore, pyHanko's trust lists) are fine; a private key is not.
        forbidden += [
            n for n in names if n.endswith((".pem", ".key")) and b"PRIVATE KEY" in zipped.read(n)
        ]
    assert not forbidden, forbidden[:5]
    sam = json.loads((artifact.parent / "sam.json").read_text(encoding="utf-8"))
    assert "PublicBaseUrl" in sam["Parameters"]
    assert "DefaultRole" not in json.dumps(sam)
