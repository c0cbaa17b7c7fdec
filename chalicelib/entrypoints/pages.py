"""Web pages served beside the API (plain HTML, Chinese)."""

from __future__ import annotations

from chalice.app import Response

from chalicelib import bootstrap
from chalicelib.config import load_settings


def home() -> Response:
    from chalicelib.documents.pages import render_home  # lazy: Jinja2 only for pages

    deps = bootstrap.deps()
    html = render_home(
        load_settings().content_root / "templates", deps.catalog.all(), deps.jurisdictions.all()
    )
    return Response(
        body=html, status_code=200, headers={"Content-Type": "text/html; charset=utf-8"}
    )


def verify(code: str) -> Response:
    from chalicelib.documents.pages import render_verify  # lazy: Jinja2 only for pages
    from chalicelib.services import documents

    result = documents.verify(bootstrap.deps(), code[:40])
    html = render_verify(load_settings().content_root / "templates", code[:40], result)
    return Response(
        body=html, status_code=200, headers={"Content-Type": "text/html; charset=utf-8"}
    )
