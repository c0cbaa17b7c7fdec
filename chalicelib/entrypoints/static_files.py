"""Vendored front-end assets (templates/static/): served by the app itself, never from a CDN."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from chalice.app import Response

from chalicelib.config import load_settings

from .security_headers import PUBLIC_CACHE, with_security_headers

TYPES = {
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
    ".html": "text/html; charset=utf-8",
}
_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")


@cache
def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def static_file(name: str) -> Response:
    """An asset by plain name (no paths); unknown names are a 404, never a directory listing."""
    suffix = Path(name).suffix
    path = load_settings().content_root / "templates" / "static" / name
    if not _NAME.match(name) or suffix not in TYPES or not path.is_file():
        return Response(
            body="未找到", status_code=404, headers={"Content-Type": "text/plain; charset=utf-8"}
        )
    return Response(
        body=_read(path),
        status_code=200,
        headers=with_security_headers({"Content-Type": TYPES[suffix]}, cache=PUBLIC_CACHE),
    )
