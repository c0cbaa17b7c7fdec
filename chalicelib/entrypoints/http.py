"""HTTP plumbing: JSON bodies with limits, the principal from the authorizer, errors as Chinese JSON."""

from __future__ import annotations

import functools
import json
import logging
import re
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
MAX_JSON_DEPTH = 32
MAX_JSON_ELEMENTS = 20_000
MAX_JSON_ARRAY = 1_000
MAX_JSON_STRING = 20_000
UNSUPPORTED_MEDIA_TYPE = "请求内容类型应为 application/json"
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
STATUS_FOR_KIND = {
    "invalid": 400,
    "forbidden": 403,
    "not_found": 404,
    "conflict": 409,
    "rate_limited": 429,
}
JSON_HEADERS: dict[str, str | list[str]] = {"Content-Type": "application/json; charset=utf-8"}


class HttpError(Exception):
    def __init__(self, status: int, code: str, message: str, details: object = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details


def json_response(
    body: object, status: int = 200, headers: dict[str, str | list[str]] | None = None
) -> Response:
    return Response(
        body=json.dumps(body, ensure_ascii=False),
        status_code=status,
        headers=with_security_headers({**JSON_HEADERS, **(headers or {})}),
    )


def error_response(
    status: int,
    code: str,
    message: str,
    details: object = None,
    headers: dict[str, str | list[str]] | None = None,
) -> Response:
    body: dict[str, object] = {"error": code, "message": message}
    if details is not None:
        body["details"] = details
    return json_response(body, status, headers)


def json_body(request: Any) -> dict[str, Any]:
    """The request's JSON object, refused (Chinese 4xx) unless it is declared application/json, within
    the byte size, nesting depth and element limits: a body that would take the parser down never reaches it.
    """
    if not _declares_json(request):
        raise HttpError(415, "unsupported_media_type", UNSUPPORTED_MEDIA_TYPE)
    raw: bytes = request.raw_body or b""
    if len(raw) > MAX_JSON_BYTES:
        raise HttpError(413, "too_large", f"请求内容过大（上限 {MAX_JSON_BYTES // 1024} KB）")
    if not raw.strip():
        raise HttpError(400, "empty_body", "请求内容为空")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise HttpError(400, "malformed_json", "请求内容不是有效的 JSON") from None
    if _nesting_depth(text) > MAX_JSON_DEPTH:
        raise HttpError(400, "too_deep", f"请求内容嵌套层数过多（上限 {MAX_JSON_DEPTH} 层）")
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except (ValueError, RecursionError):  # JSONDecodeError, NaN, an int of more than 4300 digits
        raise HttpError(400, "malformed_json", "请求内容不是有效的 JSON") from None
    if not isinstance(data, dict):
        raise HttpError(400, "malformed_json", "请求内容应为 JSON 对象")
    _check_sizes(data)
    return data


def _declares_json(request: Any) -> bool:
    """Only application/json: a cross-site page can send text/plain or a form without a CORS preflight."""
    headers = {str(k).lower(): str(v) for k, v in (request.headers or {}).items()}
    media_type = headers.get("content-type", "").split(";", 1)[0].strip().lower()
    return media_type == "application/json"


def _nesting_depth(text: str) -> int:
    """The deepest bracket nesting outside strings, counted without recursion (json.loads recurses in C)."""
    brackets = _NOT_BRACKET.sub("", _JSON_STRING.sub("", text))
    depth = deepest = 0
    for ch in brackets:
        depth += 1 if ch in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def _no_constant(name: str) -> None:
    raise ValueError(name)  # NaN and Infinity are not JSON


def _check_sizes(data: object) -> None:
    """Bound what a use case may be handed: element count, array length and text length (iteratively)."""
    pending, seen = [data], 0
    while pending:
        value = pending.pop()
        seen += 1
        if seen > MAX_JSON_ELEMENTS:
            raise HttpError(400, "too_large", f"请求内容项数过多（上限 {MAX_JSON_ELEMENTS} 项）")
        if isinstance(value, str) and len(value) > MAX_JSON_STRING:
            raise HttpError(400, "too_long", f"请求中的文本过长（上限 {MAX_JSON_STRING} 字）")
        if isinstance(value, list):
            if len(value) > MAX_JSON_ARRAY:
                raise HttpError(400, "too_large", f"请求中的列表过长（上限 {MAX_JSON_ARRAY} 项）")
            pending.extend(value)
        elif isinstance(value, dict):
            pending.extend(value.keys())
            pending.extend(value.values())


# Answers Chalice gives by itself, before or around our views, in English: the same Chinese JSON instead.
CHALICE_OWN_ERRORS = {
    405: ("method_not_allowed", "不支持该请求方法"),
    415: ("unsupported_media_type", UNSUPPORTED_MEDIA_TYPE),
    500: ("internal_error", "系统内部错误，请稍后重试；您的数据未丢失"),
}


def chalice_errors_in_chinese(event: Any, get_response: Callable[[Any], Response]) -> Response:
    """HTTP middleware: Chalice's own 405/415/500 (`{"Code", "Message"}` in English) become ours."""
    response: Response = get_response(event)
    body = response.body
    own = isinstance(body, dict) and set(body) == {"Code", "Message"}
    if not own or response.status_code not in CHALICE_OWN_ERRORS:
        return response
    code, message = CHALICE_OWN_ERRORS[response.status_code]
    allow = {k: v for k, v in response.headers.items() if k.lower() == "allow"}
    return Response(
        body=json.dumps({"error": code, "message": message}, ensure_ascii=False),
        status_code=response.status_code,
        headers={**JSON_HEADERS, **allow},
    )


def principal_of(request: Any) -> Principal:
    """The person the authorizer verified, with role and scope from the staff directory.

    The authorizer's context holds only who the token proves; whatever it says about roles or
    jurisdiction is never used (issue 9, hole 1)."""
    authorizer = (request.context or {}).get("authorizer") or {}
    raw = authorizer.get("principal")
    if not raw:
        raise HttpError(401, "unauthenticated", "请先登录")
    return bootstrap.principal_for(principal_from_context(raw))


def client_ip(request: Any) -> str:
    """The caller's address as API Gateway saw it (rate limits key a hash of it; it is never stored)."""
    identity = (request.context or {}).get("identity") or {}
    return str(identity.get("sourceIp", ""))[:64]


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
            retry_after = getattr(exc, "retry_after", None)  # a rate limit says when to come back
            return error_response(
                STATUS_FOR_KIND.get(exc.kind, 400),
                exc.code,
                exc.message,
                exc.details,
                {"Retry-After": str(retry_after)} if retry_after else None,
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
