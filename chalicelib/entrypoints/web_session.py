"""Browser sessions for the pages: tokens in HttpOnly cookies, verified like the API's; CSRF on every post.

The ID token is verified on every request by the same code as the API authorizer (signature, issuer,
audience, expiry), so a page can never trust more than the API would. CSRF: a random token in a
SameSite=Lax cookie that every form posts back (double submit); a cross-site form carries neither.
"""

from __future__ import annotations

import hmac
import secrets
import urllib.parse
from http.cookies import CookieError, SimpleCookie
from typing import Any

from chalice.app import Response

from chalicelib.domain.roles import Principal

from .http import HttpError

ID_COOKIE = "tb_id"
REFRESH_COOKIE = "tb_refresh"
CSRF_COOKIE = "tb_csrf"
MAX_FORM_BYTES = 64 * 1024
MAX_FIELDS = 500


def cookies(request: Any) -> dict[str, str]:
    raw = {k.lower(): v for k, v in (request.headers or {}).items()}.get("cookie", "")
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(raw)
    except CookieError:
        return {}
    return {k: m.value for k, m in jar.items()}


def cookie(name: str, value: str, *, max_age: int | None = None, http_only: bool = True) -> str:
    """A Set-Cookie value: Secure (browsers allow it on http://localhost), SameSite=Lax, whole site."""
    parts = [f"{name}={value}", "Path=/", "Secure", "SameSite=Lax"]
    if http_only:
        parts.append("HttpOnly")
    if max_age is not None:
        parts.append(f"Max-Age={max_age}")
    return "; ".join(parts)


def session_cookies(id_token: str, refresh_token: str = "") -> list[str]:
    out = [cookie(ID_COOKIE, id_token, max_age=3600)]
    if refresh_token:
        out.append(cookie(REFRESH_COOKIE, refresh_token, max_age=30 * 24 * 3600))
    return out


def cleared_session() -> list[str]:
    return [cookie(ID_COOKIE, "", max_age=0), cookie(REFRESH_COOKIE, "", max_age=0)]


def session_user(request: Any) -> Principal | None:
    """The signed-in person, or None (no cookie, expired or forged token: treated as signed out)."""
    return user_of_token(cookies(request).get(ID_COOKIE, ""))


def user_of_token(token: str) -> Principal | None:
    """The person an ID token names, verified as the API verifies it; None when it does not verify."""
    if not token:
        return None
    from chalicelib import bootstrap
    from chalicelib.config import load_settings
    from chalicelib.domain.errors import DomainError

    from .auth import AuthError, identity_from_claims, verify_id_token

    settings = load_settings()
    try:
        claims = verify_id_token(
            token, bootstrap.jwks(), settings.oidc_issuer, settings.oidc_audience
        )
        # The same resolution as the API: the token says who, the staff directory what they may do.
        principal: Principal = bootstrap.principal_for(identity_from_claims(claims))
    except (AuthError, DomainError):
        return None
    return principal


def csrf_token(request: Any) -> tuple[str, list[str]]:
    """The page's CSRF token, and the Set-Cookie to send when the browser had none yet."""
    current = cookies(request).get(CSRF_COOKIE, "")
    if len(current) >= 32:
        return current, []
    fresh = secrets.token_urlsafe(32)
    return fresh, [cookie(CSRF_COOKIE, fresh)]


def form_fields(request: Any) -> dict[str, list[str]]:
    """An urlencoded form post, bounded in size and field count."""
    raw: bytes = request.raw_body or b""
    if len(raw) > MAX_FORM_BYTES:
        raise HttpError(413, "too_large", "提交的内容过大")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise HttpError(400, "bad_request", "提交的内容不是有效的 UTF-8 文本") from None
    fields = urllib.parse.parse_qs(text, keep_blank_values=True, max_num_fields=MAX_FIELDS)
    return fields


def first(fields: dict[str, list[str]], name: str, max_len: int = 2000) -> str:
    return (fields.get(name) or [""])[0][:max_len]


def check_csrf(request: Any, fields: dict[str, list[str]]) -> None:
    """Every state-changing form post carries the token its page was given."""
    expected = cookies(request).get(CSRF_COOKIE, "")
    given = first(fields, "csrf", 200)
    if not expected or not given or not _same(expected, given):
        raise HttpError(403, "csrf", "页面已过期或来源不明，请刷新页面后重新提交")


CSRF_HEADER = "X-CSRF-Token"


def _same(expected: str, given: str) -> bool:
    # Bytes: compare_digest refuses a str with non-ASCII characters (a 500 instead of a refusal).
    return hmac.compare_digest(expected.encode("utf-8"), given.encode("utf-8"))


def check_csrf_header(request: Any) -> None:
    """A page's script posts JSON with its token in a header: the same double submit as a form's field.
    A custom header cannot be sent cross-site without a CORS preflight, which this site never grants."""
    expected = cookies(request).get(CSRF_COOKIE, "")
    headers = {str(k).lower(): str(v) for k, v in (request.headers or {}).items()}
    given = headers.get(CSRF_HEADER.lower(), "")[:200]
    if not expected or not given or not _same(expected, given):
        raise HttpError(403, "csrf", "页面已过期或来源不明，请刷新页面后重新提交")


def safe_next(value: str, default: str = "/me/cases") -> str:
    """Only a path of this site: never an absolute or protocol-relative URL (no open redirect)."""
    if not value.startswith("/") or value.startswith("//") or "\\" in value:
        return default
    return value


def redirect(location: str, set_cookies: list[str] | None = None) -> Response:
    headers: dict[str, str | list[str]] = {"Location": location, "Cache-Control": "no-store"}
    if set_cookies:
        headers["Set-Cookie"] = set_cookies
    return Response(body="", status_code=303, headers=headers)
