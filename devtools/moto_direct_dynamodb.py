"""Local moto's DynamoDB requests handed straight to moto's DynamoDB handler, past its Flask app.

Every DynamoDB call is a POST to / that names its operation in X-Amz-Target; moto's Flask app only
routes it to DynamoHandler.dispatch, at the price of a request context, URL matching, CORS headers
and a response object: a quarter of the moto process's time per DynamoDB call. Here that one route
is called directly, with the same request object and arguments moto's Flask view passes it; every
other request still goes through moto's own dispatcher.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

Environ = dict[str, Any]
App = Callable[[Environ, Callable[..., Any]], Iterable[bytes]]
TARGET_PREFIX = "DynamoDB_20120810."
REASONS = {200: "OK", 400: "Bad Request", 404: "Not Found", 500: "Internal Server Error"}


class DirectDynamoDB:
    """WSGI: DynamoDB's JSON operations to DynamoHandler.dispatch, anything else to `fallback`."""

    def __init__(self, fallback: App) -> None:
        from botocore.exceptions import ClientError
        from moto.dynamodb.responses import DynamoHandler
        from moto.moto_server.werkzeug_app import BackendRequest

        self._fallback = fallback
        self._dispatch = DynamoHandler.dispatch
        self._request = BackendRequest
        self._client_error = ClientError

    def __call__(self, environ: Environ, start_response: Callable[..., Any]) -> Iterable[bytes]:
        target = str(environ.get("HTTP_X_AMZ_TARGET", ""))
        if not target.startswith(TARGET_PREFIX) or environ.get("REQUEST_METHOD") != "POST":
            return self._fallback(environ, start_response)
        request = self._request(environ)
        try:
            # What moto's Flask view (moto.core.utils.convert_to_flask_response) calls and catches.
            result = self._dispatch(request, request.raw_url, dict(request.headers))
        except self._client_error as exc:
            result = 400, {}, exc.response["Error"]["Message"]
        status, headers, content = result if len(result) == 3 else (200, {}, result)
        body = content.encode("utf-8") if isinstance(content, str) else bytes(content or b"")
        code = int(status)
        pairs = [(str(k), str(v)) for k, v in headers.items()]
        if not any(k.lower() == "content-type" for k, _ in pairs):
            pairs.append(("Content-Type", "application/x-amz-json-1.0"))
        start_response(f"{code} {REASONS.get(code, 'Status')}", pairs)
        return [body]
