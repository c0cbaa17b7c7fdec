"""moto as its own process, as a real AWS endpoint is: counts every request by service, serialises DynamoDB."""

from __future__ import annotations

import argparse
import collections
import contextlib
import json
import logging
import re
import sys
import threading
from collections.abc import Callable, Iterable
from typing import Any

COUNTS_PATH = "/_tongban/requests"
_CREDENTIAL = re.compile(r"Credential=([^/]+)/\d{8}/[^/]+/([a-z0-9-]+)/aws4_request")
_QUERY_CREDENTIAL = re.compile(
    r"X-Amz-Credential=([^%&/]+)(?:%2F|/)\d{8}(?:%2F|/)[^%&/]+(?:%2F|/)([a-z0-9-]+)"
)
# A bench or test driver signs with this access key: its own requests are counted apart from the app's.
DRIVER_KEY = "driver"

Environ = dict[str, Any]
StartResponse = Callable[..., Any]
App = Callable[[Environ, StartResponse], Iterable[bytes]]


def service_of(environ: Environ) -> str:
    """The AWS service a request is for, from its SigV4 scope (header or presigned query), prefixed
    `driver-` for the driver's own requests; a browser's presigned POST of a file counts as S3."""
    found = _CREDENTIAL.search(environ.get("HTTP_AUTHORIZATION", "")) or _QUERY_CREDENTIAL.search(
        environ.get("QUERY_STRING", "")
    )
    if not found:
        return "s3"
    key, service = found.groups()
    return f"driver-{service}" if key == DRIVER_KEY else service


class CountingSerialisingApp:
    """WSGI wrapper around moto: a request counter by service (read and reset at COUNTS_PATH), and one
    lock for DynamoDB, whose TransactWriteItems deep-copies tables that a concurrent write may change
    ("dictionary changed size during iteration" in moto 5.2.5, the newest release)."""

    def __init__(self, app: App) -> None:
        self._app = app
        self._dynamodb = threading.Lock()
        self._counts_lock = threading.Lock()
        self.counts: collections.Counter[str] = collections.Counter()

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == COUNTS_PATH:
            return self._counts(environ, start_response)
        service = service_of(environ)
        with self._counts_lock:
            self.counts[service] += 1
        if service != "dynamodb":
            return self._app(environ, start_response)
        with self._dynamodb:
            # Drain inside the lock: moto builds the answer while the body is iterated.
            return [b"".join(self._app(environ, start_response))]

    def _counts(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        with self._counts_lock:
            body = json.dumps(dict(self.counts)).encode()
            if environ.get("REQUEST_METHOD") == "DELETE":
                self.counts.clear()
        start_response("200 OK", [("Content-Type", "application/json")])
        return [body]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="本地 moto 服务（独立进程）")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args(argv)
    from moto.moto_server.werkzeug_app import (
        DomainDispatcherApplication,
        MotoRequestHandler,
        create_backend_app,
    )
    from werkzeug.serving import make_server

    from devtools import local_cognito

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no access log line per AWS call

    local_cognito.install()  # moto confirms any code; Cognito texts one and checks it
    app = CountingSerialisingApp(DomainDispatcherApplication(create_backend_app))
    server = make_server(
        "127.0.0.1", args.port, app, threaded=True, request_handler=MotoRequestHandler
    )
    print(f"MOTO READY {args.port}", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
