"""The pages' stylesheets, served from templates/static/ by name (a fixed list: no path reaches the disk)."""

from __future__ import annotations

from functools import cache

from chalice.app import Response

from chalicelib.config import load_settings

from .pages import page_response
from .security_headers import PUBLIC_CACHE, with_security_headers

STYLESHEETS = frozenset({"home.css", "track.css", "verify.css", "form.css"})


@cache
def _read(root: str, name: str) -> str:
    from pathlib import Path

    return (Path(root) / "templates" / "static" / name).read_text(encoding="utf-8")


def stylesheet(name: str) -> Response:
    if name not in STYLESHEETS:
        return page_response("<!doctype html><title>未找到</title><p>未找到该文件</p>", status=404)
    return Response(
        body=_read(str(load_settings().content_root), name),
        status_code=200,
        headers=with_security_headers(
            {"Content-Type": "text/css; charset=utf-8"}, cache=PUBLIC_CACHE
        ),
    )
