"""The security headers every response carries, pages and JSON alike, set in this one place.

CSP: everything from this origin only, no inline script or style (the pages' styles are stylesheets under
/static/), no plugins, no <base> tricks, forms post only here, and no framing (clickjacking)."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from chalice.app import Response

from chalicelib.config import LOCAL_STAGES, stage

log = logging.getLogger(__name__)
INTERNAL_ERROR = "系统内部错误，请稍后重试；您的数据未丢失"


def content_security_policy(
    connect: tuple[str, ...] = (), img: tuple[str, ...] = (), frame: tuple[str, ...] = ()
) -> str:
    """The policy; `connect`/`img` add origins a page talks to itself (the upload page: the storage
    bucket's presigned POSTs and thumbnails), `frame` the origins it may show in a frame (the counter's
    print view: the documents bucket's presigned PDF), nowhere else."""
    return "; ".join(
        (
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            " ".join(("img-src 'self' data:", *img)),
            *([" ".join(("connect-src 'self'", *connect))] if connect else []),
            *([" ".join(("frame-src 'self'", *frame))] if frame else []),
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        )
    )


CONTENT_SECURITY_POLICY = content_security_policy()
# Personal pages and every signed-in answer: never kept by a browser, a shared PC or a proxy.
NO_STORE = "no-store"
# The catalog page and the stylesheets: the same for everyone, fine to keep for a while.
PUBLIC_CACHE = "public, max-age=300"
HSTS = "max-age=31536000; includeSubDomains"

BASE: dict[str, str] = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def security_headers(*, cache: str = NO_STORE) -> dict[str, str]:
    """The headers for one response; HSTS only where the site is served over HTTPS (a deployed stage)."""
    headers = {**BASE, "Cache-Control": cache}
    if stage() not in LOCAL_STAGES:
        headers["Strict-Transport-Security"] = HSTS
    return headers


def with_security_headers(
    headers: dict[str, str | list[str]] | None, *, cache: str = NO_STORE
) -> dict[str, str | list[str]]:
    """`headers` plus the security headers (a header already set by the caller wins)."""
    return {**security_headers(cache=cache), **(headers or {})}


def secure_http(request: Any, get_response: Callable[[Any], Response]) -> Response:
    """Chalice `http` middleware: every response of every route gets the headers (those a view set win),
    and a failure nobody caught answers the Chinese 500 — never Chalice's English one, never a trace."""
    try:
        response = get_response(request)
    except Exception:
        log.exception("unhandled error")
        response = _internal_error()
    if response.status_code >= 500 and not _ours(response):
        response = _internal_error()
    for name, value in security_headers().items():
        if not any(name.lower() == key.lower() for key in response.headers):
            response.headers[name] = value
    return response


def _ours(response: Response) -> bool:
    """Our JSON errors say `error` and `message`, our error pages are marked; anything else at 5xx
    came from the framework."""
    body = response.body
    if response.headers.get("X-Tongban-Page") == "error":
        return True
    if isinstance(body, str | bytes):
        try:
            body = json.loads(body)
        except ValueError:
            return False
    return isinstance(body, dict) and {"error", "message"} <= set(body)


def _internal_error() -> Response:
    return Response(
        body=json.dumps({"error": "internal_error", "message": INTERNAL_ERROR}, ensure_ascii=False),
        status_code=500,
        headers={"Content-Type": "application/json; charset=utf-8"},
    )
