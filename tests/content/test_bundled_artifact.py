"""The deployable artifact carries forms, catalog and templates (Chalice packages only app.py, chalicelib/ and vendor/)."""

from __future__ import annotations

from pathlib import Path

from chalicelib.content.catalog_files import load_catalog, load_jurisdictions
from chalicelib.content.form_files import FormLibrary
from devtools.bundle import CONTENT, bundle


def test_bundled_content_loads_the_same_catalog_forms_and_templates(tmp_path: Path) -> None:
    target = tmp_path / "_bundled"
    bundle(target)
    assert sorted(p.name for p in target.iterdir()) == sorted([*CONTENT, "fonts"])
    assert (target / "fonts" / "NotoSansCJKsc-Regular-glyf.ttf").stat().st_size > 5_000_000
    root = Path(__file__).resolve().parents[2]
    assert len(load_catalog(target).all()) == len(load_catalog(root).all())
    assert load_jurisdictions(target).codes() == load_jurisdictions(root).codes()
    assert FormLibrary.load(target).ids() == FormLibrary.load(root).ids()
    assert (target / "templates" / "notices" / "sms" / "accepted.txt.j2").is_file()
