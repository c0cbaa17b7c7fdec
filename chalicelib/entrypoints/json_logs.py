"""Structured logs: one JSON object a line with the correlation id, the root logger at INFO (Lambda's
default of WARNING would drop the INFO lines), and the id bound per HTTP request."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from chalicelib import correlation

REQUEST_ID_HEADER = "X-Request-Id"


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "correlation_id": getattr(record, "correlation_id", "") or correlation.current(),
        }
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            line["exception"] = record.exc_text
        return json.dumps(line, ensure_ascii=False)


def install(level: str = "INFO", *loggers: logging.Logger) -> None:
    """JSON on the handlers the runtime installed (Lambda's, Chalice's app.log), or on a new stderr one."""
    root = logging.getLogger()
    root.setLevel(level)
    if not root.handlers:
        root.addHandler(logging.StreamHandler())
    for logger in (root, *loggers):
        for handler in logger.handlers:
            handler.setFormatter(JsonFormatter())


def correlate_http(request: Any, get_response: Callable[[Any], Any]) -> Any:
    """Chalice `http` middleware: the caller's X-Request-Id (if plain), else API Gateway's request id,
    is current while the request runs and is echoed on the response."""
    headers = request.headers or {}
    candidate = str(headers.get(REQUEST_ID_HEADER) or headers.get(REQUEST_ID_HEADER.lower()) or "")
    if not correlation.acceptable(candidate):
        candidate = str((request.context or {}).get("requestId") or "")
    with correlation.bound(candidate) as bound_id:
        response = get_response(request)
    if bound_id:
        response.headers[REQUEST_ID_HEADER] = bound_id
    return response
