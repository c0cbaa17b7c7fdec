"""Errors produced by API Gateway itself (before our code runs), with Chinese bodies; infra/ and the local runner share them."""

from __future__ import annotations

import json
from pathlib import Path

GATEWAY_RESPONSES: dict[str, tuple[int, dict[str, str]]] = {
    "UNAUTHORIZED": (401, {"error": "unauthenticated", "message": "请先登录（缺少登录凭证）"}),
    "ACCESS_DENIED": (
        403,
        {"error": "invalid_token", "message": "登录凭证无效或已过期，请重新登录"},
    ),
    "REQUEST_TOO_LARGE": (413, {"error": "too_large", "message": "请求内容过大"}),
    # API Gateway's answer to a path no route has: a 404 (a page for browsers, JSON for programs).
    "MISSING_AUTHENTICATION_TOKEN": (404, {"error": "not_found", "message": "页面或接口不存在"}),
    "UNSUPPORTED_MEDIA_TYPE": (
        415,
        {"error": "unsupported_media_type", "message": "请求内容类型应为 application/json"},
    ),
    "THROTTLED": (429, {"error": "throttled", "message": "请求过于频繁，请稍后再试"}),
    "DEFAULT_5XX": (502, {"error": "gateway_error", "message": "服务暂时不可用，请稍后重试"}),
}


def body_of(kind: str) -> bytes:
    return json.dumps(GATEWAY_RESPONSES[kind][1], ensure_ascii=False).encode("utf-8")


def not_found_page(content_root: Path) -> bytes:
    """The static Chinese 404 page shown for unknown paths (templates/static/not-found.html)."""
    return (content_root / "templates" / "static" / "not-found.html").read_bytes()
