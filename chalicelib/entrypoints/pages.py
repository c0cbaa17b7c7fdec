"""Web pages served beside the API (plain HTML, Chinese)."""

from __future__ import annotations

from typing import Any

from chalice.app import Response

from chalicelib import bootstrap
from chalicelib.config import load_settings
from chalicelib.domain.errors import ForbiddenActionError, NotFoundError
from chalicelib.services import document_issuing, tracking

from .security_headers import NO_STORE, PUBLIC_CACHE, with_security_headers


def page_response(html: str, *, cache: str = NO_STORE, status: int = 200) -> Response:
    """An HTML page with the security headers; personal pages (the default) are never stored."""
    return Response(
        body=html,
        status_code=status,
        headers=with_security_headers({"Content-Type": "text/html; charset=utf-8"}, cache=cache),
    )


def home() -> Response:
    from chalicelib.documents.page_templates import render_home  # lazy: Jinja2 only for pages

    content = bootstrap.content_ports()
    html = render_home(
        load_settings().content_root / "templates",
        content.catalog.all(),
        content.jurisdictions.all(),
    )
    return page_response(html, cache=PUBLIC_CACHE)  # the catalog: the same for everyone


def verify(code: str) -> Response:
    from chalicelib.documents.page_templates import render_verify  # lazy: Jinja2 only for pages

    result = document_issuing.check(bootstrap.documents(), code[:40])
    html = render_verify(load_settings().content_root / "templates", code[:40], result)
    return page_response(html)


def track(request: Any) -> Response:
    from chalicelib.documents.page_templates import render_track

    params = request.query_params or {}
    number, code = str(params.get("number", ""))[:40], str(params.get("code", ""))[:12]
    result, error = None, ""
    if number or code:
        try:
            result = tracking.track(bootstrap.tracking(), number, code)
        except (NotFoundError, ForbiddenActionError) as refused:
            error = refused.message
    html = render_track(load_settings().content_root / "templates", number, result, error)
    return Response(
        body=html, status_code=200, headers={"Content-Type": "text/html; charset=utf-8"}
    )
