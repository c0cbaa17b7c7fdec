"""HTTP plumbing: JSON bodies with limits, the principal from the authorizer, errors as Chinese JSON."""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Callable
from typing import Any

from chalice.app import Response

from chalicelib import bootstrap
from chalicelib.domain.errors import DomainError
from chalicelib.domain.roles import Principal, Role

from .auth import principal_from_context
from .security_headers import with_security_headers

log = logging.getLogger(__name__)

MAX_JSON_BYTES = 256 * 1024
STATUS_FOR_KIND = {"invalid": 400, "forbidden": 403, "not_found": 404, "conflict": 409}
JSON_HEADERS: dict[str, str | list[str]] = {"Content-Type": "application/json; charset=utf-8"}


class HttpError(Exception):
    def __init__(self, status: int, code: str, message: str, details: object = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details


def json_response(body: object, status: int = 200) -> Response:
    return Response(
        body=json.dumps(body, ensure_ascii=False),
        status_code=status,
        headers=with_security_headers(JSON_HEADERS),
    )


def error_response(status: int, code: str, message: str, details: object = None) -> Response:
    body: dict[str, object] = {"error": code, "message": message}
    if details is not None:
        body["details"] = details
    return json_response(body, status)


def json_body(request: Any) -> dict[str, Any]:
    raw: bytes = request.raw_body or b""
    if len(raw) > MAX_JSON_BYTES:
        raise HttpError(413, "too_large", f"请求内容过大（上限 {MAX_JSON_BYTES // 1024} KB）")
    if not raw.strip():
        raise HttpError(400, "empty_body", "请求内容为空")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise HttpError(400, "malformed_json", "请求内容不是有效的 JSON") from None
    if not isinstance(data, dict):
        raise HttpError(400, "malformed_json", "请求内容应为 JSON 对象")
    return data


def principal_of(request: Any) -> Principal:
    """The person the authorizer verified, with role and scope from the staff directory.

    The authorizer's context holds only who the token proves; whatever it says about roles or
    jurisdiction is never used (issue 9, hole 1)."""
    authorizer = (request.context or {}).get("authorizer") or {}
    raw = authorizer.get("principal")
    if not raw:
        raise HttpError(401, "unauthenticated", "请先登录")
    return bootstrap.principal_for(principal_from_context(raw))


def require_role(principal: Principal, *roles: Role) -> None:
    if not principal.has(*roles):
        names = "、".join(r.label_zh for r in roles)
        raise HttpError(403, "forbidden", f"此操作仅限{names}")


def api(view: Callable[..., Any]) -> Callable[..., Any]:
    """Every JSON route: domain and request errors become 4xx JSON; nothing unexpected leaks."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            result = view(*args, **kwargs)
        except HttpError as exc:
            return error_response(exc.status, exc.code, exc.message, exc.details)
        except DomainError as exc:
            return error_response(
                STATUS_FOR_KIND.get(exc.kind, 400), exc.code, exc.message, exc.details
            )
        except LookupError as exc:
            return error_response(404, "not_found", str(exc) or "未找到")
        except Exception:
            log.exception("unexpected error in %s", view.__name__)
            return error_response(500, "internal_error", "系统内部错误，请稍后重试；您的数据未丢失")
        if isinstance(result, Response):
            return result
        return json_response(result)

    return wrapper


def int_or_none(value: object, name: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise HttpError(400, "bad_request", f"{name} 应为整数")
    try:
        return int(value)
    except ValueError:
        raise HttpError(400, "bad_request", f"{name} 应为整数") from None


def text_field(
    body: dict[str, Any], name: str, *, required: bool = True, max_len: int = 2000
) -> str:
    value = body.get(name, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise HttpError(400, "bad_request", f"字段 {name} 应为文本")
    if required and not value.strip():
        raise HttpError(400, "missing_field", f"缺少字段 {name}")
    if len(value) > max_len:
        raise HttpError(400, "too_long", f"字段 {name} 过长（上限 {max_len} 字）")
    return value
