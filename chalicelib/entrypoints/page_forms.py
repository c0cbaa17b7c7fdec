"""Form posts from our own pages: a double-submit CSRF token (cookie + hidden field) and bounded parsing.

The page sets a random token both in a SameSite=Strict, HttpOnly cookie and in the form; a post counts
only when the two agree. A page on another site can make a browser post the form, but it can neither
read the token nor make the browser send our SameSite=Strict cookie along.
"""

from __future__ import annotations

import hmac
import secrets
import urllib.parse
from typing import Any

MAX_FORM_BYTES = 4096


def new_token() -> str:
    return secrets.token_urlsafe(24)


def token_cookie(name: str, token: str, path: str, secure: bool) -> str:
    """The Set-Cookie value; `secure` when the site is served over HTTPS (local runs are plain HTTP)."""
    attributes = f"{name}={token}; Path={path}; HttpOnly; SameSite=Strict; Max-Age=3600"
    return attributes + ("; Secure" if secure else "")


def cookie_value(request: Any, name: str) -> str:
    headers = {str(k).lower(): str(v) for k, v in (request.headers or {}).items()}
    for part in headers.get("cookie", "").split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return ""


def form_fields(request: Any) -> dict[str, str] | None:
    """The url-encoded form of a post (first value of each field), or None if it is not a small form."""
    raw: bytes = request.raw_body or b""
    if len(raw) > MAX_FORM_BYTES:
        return None
    try:
        parsed = urllib.parse.parse_qs(
            raw.decode("utf-8"), keep_blank_values=True, strict_parsing=False, max_num_fields=10
        )
    except (UnicodeDecodeError, ValueError):
        return None
    return {key: values[0] for key, values in parsed.items()}


def token_matches(request: Any, fields: dict[str, str], cookie: str, field: str = "csrf") -> bool:
    sent, kept = fields.get(field, ""), cookie_value(request, cookie)
    return bool(sent) and bool(kept) and hmac.compare_digest(sent.encode(), kept.encode())
