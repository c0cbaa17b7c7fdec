"""Web pages served beside the API (plain HTML, Chinese)."""

from __future__ import annotations

from typing import Any

from chalice.app import Response

from chalicelib import bootstrap
from chalicelib.config import load_settings
from chalicelib.domain.errors import ForbiddenActionError, NotFoundError
from chalicelib.services import document_issuing, tracking
from chalicelib.services.rate_limits import RateLimitedError

from . import page_forms
from .http import client_ip
from .security_headers import NO_STORE, with_security_headers


def page_response(html: str, *, cache: str = NO_STORE, status: int = 200) -> Response:
    """An HTML page with the security headers; personal pages (the default) are never stored."""
    return Response(
        body=html,
        status_code=status,
        headers=with_security_headers({"Content-Type": "text/html; charset=utf-8"}, cache=cache),
    )


def verify(code: str) -> Response:
    from chalicelib.documents.page_templates import render_verify  # lazy: Jinja2 only for pages

    result = document_issuing.check(bootstrap.documents(), code[:40])
    html = render_verify(load_settings().content_root / "templates", code[:40], result)
    return page_response(html)


TRACK_COOKIE = "tb_track_csrf"
TRACK_LIMITS = (40, 12, 64)  # lengths of a case number, a 查询密码 and a tracking token
EXPIRED_FORM = "页面已过期，请刷新页面后重新查询"


def track(request: Any) -> Response:
    """The progress page: GET shows the form; POST (the form, or the SMS link's script) looks up a case.

    The 查询密码 and the link's token travel only in the POST body, never in a URL."""
    from chalicelib.documents.page_templates import render_track

    number, result, error, status = "", None, "", 200
    if request.method == "POST":
        fields = page_forms.form_fields(request)
        if fields is None or not page_forms.token_matches(request, fields, TRACK_COOKIE):
            error, status = EXPIRED_FORM, 403
        else:
            number, code, token = (
                fields.get(name, "")[:limit]
                for name, limit in zip(("number", "code", "token"), TRACK_LIMITS, strict=True)
            )
            try:
                result = _look_up(request, number, code, token)
            except (NotFoundError, ForbiddenActionError, RateLimitedError) as refused:
                error = refused.message
    settings = load_settings()
    csrf = page_forms.new_token()
    html = render_track(settings.content_root / "templates", number, result, error, csrf)
    cookie = page_forms.token_cookie(
        TRACK_COOKIE, csrf, "/track", settings.public_base_url.startswith("https://")
    )
    return Response(
        body=html,
        status_code=status,
        headers={
            "Content-Type": "text/html; charset=utf-8",
            "Cache-Control": "no-store",
            "Set-Cookie": cookie,
        },
    )


def _look_up(request: Any, number: str, code: str, token: str) -> dict[str, Any] | None:
    if token:
        return tracking.track_by_link(bootstrap.tracking(), client_ip(request), number, token)
    if number and code:
        return tracking.track(bootstrap.tracking(), client_ip(request), number, code)
    raise NotFoundError("请填写办件编号和查询密码")


def track_script() -> Response:
    """The progress page's only script: it posts the SMS link's fragment (#n=…&t=…) with the form."""
    script = (load_settings().content_root / "templates" / "pages" / "track.js").read_text("utf-8")
    return Response(
        body=script,
        status_code=200,
        headers={
            "Content-Type": "text/javascript; charset=utf-8",
            "Cache-Control": "public, max-age=300",
        },
    )
