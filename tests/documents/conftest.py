"""Shared fixtures for the documents tests: the prepared font, a local key source, rendered notices."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from chalicelib.documents.contexts import sample_context
from chalicelib.documents.pdf.keys import LocalKeySource
from chalicelib.documents.sealed_pdf import IssuedDocument, render_document
from devtools.fonts import ensure_font

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
VERIFY_BASE = "https://tongban.example.gov.cn/verify/"


@pytest.fixture(scope="session", autouse=True)
def prepared_font() -> Path:
    """Build the font once if this machine has never done so (~25-45 s, then cached in .local/fonts)."""
    return ensure_font()


@pytest.fixture(scope="session")
def key_source(tmp_path_factory: pytest.TempPathFactory) -> LocalKeySource:
    return LocalKeySource(tmp_path_factory.mktemp("keys"))


Issue = Callable[..., IssuedDocument]


@pytest.fixture(scope="session")
def issue(key_source: LocalKeySource) -> Issue:
    """Render a document with sensible defaults; keyword arguments override them."""

    def run(
        kind: str,
        mode: str = "proxy",
        context: dict[str, Any] | None = None,
        *,
        signed: bool = True,
        code: str = "7KQ2-M9XD-4TPA",
        templates_dir: Path = TEMPLATES,
        keys: Any = None,
    ) -> IssuedDocument:
        ctx = context if context is not None else sample_context(kind, mode)
        return render_document(
            kind,
            ctx,
            templates_dir=templates_dir,
            seal_name=ctx["unit_name"],
            verify_url=VERIFY_BASE + code.replace("-", ""),
            verification_code=code,
            key_source=(keys or key_source) if signed else None,
        )

    return run
