"""Templates keep to the CSP (no inline script, style or handler) and SMS never carry an ID number (issue 9).

Before this change every page and form template had an inline <style> block: the CSP test failed then."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HTML = sorted(
    [*(ROOT / "templates" / "pages").rglob("*.j2"), *(ROOT / "templates" / "forms").glob("*.j2")]
)
SMS = sorted((ROOT / "templates" / "notices" / "sms").glob("*.j2"))


@pytest.mark.parametrize("path", HTML, ids=lambda p: p.name)
def test_html_templates_have_no_inline_script_style_or_event_handler(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert "<style" not in text and not re.search(r"\sstyle\s*=", text)
    assert not re.search(r"<script(?![^>]*\bsrc=)", text)
    assert not re.search(r"\son[a-z]+\s*=", text)
    assert "javascript:" not in text.lower()


@pytest.mark.parametrize("path", SMS, ids=lambda p: p.name)
def test_sms_templates_never_print_an_id_number_or_the_phone(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert "id_number" not in text and "applicant_phone" not in text and "answers" not in text


def test_the_assets_the_pages_link_exist_and_are_served_by_name() -> None:
    from chalicelib.entrypoints.static_files import _NAME, TYPES

    linked = {
        name
        for path in HTML
        for name in re.findall(
            r'(?:href|src)="(?:\{\{ site.base \}\})?/static/([^"]+)"',
            path.read_text(encoding="utf-8"),
        )
    }
    assert linked
    for name in linked:
        assert _NAME.match(name) and Path(name).suffix in TYPES, name
        assert (ROOT / "templates" / "static" / name).is_file(), name
