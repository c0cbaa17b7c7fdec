"""What every page shares: the site's header and footer data, the signed-in person, CSRF, headers."""

from __future__ import annotations

import logging
import os
from typing import Any

from chalice.app import Response

from chalicelib import bootstrap
from chalicelib.config import load_settings
from chalicelib.domain.roles import Principal

from .web_session import csrf_token, session_user

SITE_NAME = "通办"
SUBTITLE = "政务服务“跨省通办”"


def base_path() -> str:
    """Where the site lives below its domain ("" at a custom domain, "/prod" on a stage URL)."""
    return os.environ.get("TONGBAN_BASE_PATH", "").rstrip("/")


def site() -> dict[str, str]:
    content = bootstrap.content_ports()
    home = content.jurisdictions.home_county
    centre = next((c for c in home.centers if c.level == "county"), None)
    partners = "、".join(j.name for j in content.jurisdictions.all())
    return {
        "name": SITE_NAME,
        "subtitle": f"{home.name} · {SUBTITLE}",
        "base": base_path(),
        "centre_name": centre.name if centre else f"{home.name}政务服务中心",
        "centre_phone": centre.phone if centre else "",
        "partners": f"合作地区：{partners}",
    }


def page(
    request: Any,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    status: int = 200,
    user: Principal | None = None,
    set_cookies: list[str] | None = None,
    personal: bool = False,
) -> Response:
    """Render a page with the shared context; personal pages are never cached."""
    from chalicelib.documents.page_templates import render_page

    token, csrf_cookies = csrf_token(request)
    who = user if user is not None else session_user(request)
    html = render_page(
        load_settings().content_root / "templates",
        template,
        {"site": site(), "user": who, "csrf": token, **(context or {})},
    )
    headers: dict[str, str | list[str]] = {
        "Content-Type": "text/html; charset=utf-8",
        "Cache-Control": "no-store" if personal or who else "no-cache",
    }
    cookies_out = [*csrf_cookies, *(set_cookies or [])]
    if cookies_out:
        headers["Set-Cookie"] = cookies_out
    return Response(body=html, status_code=status, headers=headers)


def web(view: Any) -> Any:
    """Every page route: a refusal is a page in Chinese with its status; nothing unexpected leaks."""
    import functools

    from chalicelib.domain.errors import DomainError

    from .http import STATUS_FOR_KIND, HttpError

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from app import app  # the current request lives on the app

        request = app.current_request
        try:
            return view(*args, **kwargs)
        except HttpError as exc:
            return _refusal(request, exc.status, exc.message)
        except DomainError as exc:
            return _refusal(request, STATUS_FOR_KIND.get(exc.kind, 400), exc.message)
        except Exception:
            logging.getLogger(__name__).exception("unexpected error in page %s", view.__name__)
            return _refusal(request, 500, "系统暂时出现问题，请稍后重试；您已提交的内容不会丢失")

    return wrapper


TITLES = {
    400: "提交的内容有误",
    403: "无法完成操作",
    404: "页面不存在",
    409: "无法完成操作",
    413: "内容过大",
    429: "操作过于频繁",
}


def _refusal(request: Any, status: int, message: str) -> Response:
    try:
        # Refusals are about this request: never stored by a cache.
        if status == 404:
            return page(request, "not_found.html.j2", status=404, personal=True)
        title = TITLES.get(status, "系统暂时出现问题")
        context = {"title": title, "message": message}
        answer = page(request, "error.html.j2", context, status=status, personal=True)
        answer.headers["X-Tongban-Page"] = "error"  # our own Chinese error page: kept at 5xx
        return answer
    except Exception:
        # The error page itself failed: a plain answer, never a stack trace.
        logging.getLogger(__name__).exception("error page failed")
        return Response(
            body=f"{message}（政务服务便民热线 12345）",
            status_code=status,
            headers={"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"},
        )


def not_found(request: Any) -> Response:
    return page(request, "not_found.html.j2", status=404)
