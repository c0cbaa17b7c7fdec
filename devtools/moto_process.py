"""moto as its own process, as a real AWS endpoint is: counts every request by service, serialises DynamoDB."""

from __future__ import annotations

import argparse
import collections
import contextlib
import io
import json
import logging
import re
import sys
import threading
import urllib.parse
from collections.abc import Callable, Iterable
from typing import Any

from devtools import moto_write_meter
from devtools.fair_lock import FairLock

COUNTS_PATH = "/_tongban/requests"
# By operation: `dynamodb:PutItem` (requests) and `dynamodb:PutItem@<table>` (items written or read,
# per part for transactions: `dynamodb:TransactWriteItems.Update@<table>`), `sqs:SendMessage`, `s3:GET`;
# and the write units DynamoDB would bill: `dynamodb-wru:<table>[/<index>]` (devtools/moto_write_meter.py).
OPERATIONS_PATH = "/_tongban/operations"
# Each queue that holds messages, visible and in flight, in one look (the bench's "is all work done?").
QUEUES_PATH = "/_tongban/queues"
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


def _dynamodb_items(operation: str, body: dict[str, Any]) -> collections.Counter[str]:
    """The items one DynamoDB request touches, keyed `<operation>[.<part>]@<table>` (what WRU/RRU bill)."""
    items: collections.Counter[str] = collections.Counter()
    if operation in ("TransactWriteItems", "TransactGetItems"):
        for entry in body.get("TransactItems", []):
            for part, request in entry.items():
                items[f"{operation}.{part}@{request.get('TableName', '?')}"] += 1
    elif operation in ("BatchWriteItem", "BatchGetItem"):
        for table, requests in body.get("RequestItems", {}).items():
            count = len(requests) if isinstance(requests, list) else len(requests.get("Keys", []))
            items[f"{operation}@{table}"] += count
    elif "TableName" in body:
        items[f"{operation}@{body['TableName']}"] += 1
    return items


def _read_body(environ: Environ) -> bytes:
    """The request body, handed back to moto as a fresh stream (CONTENT_LENGTH stays as it was)."""
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    stream = environ.get("wsgi.input")
    body: bytes = stream.read(length) if stream is not None and length else b""
    environ["wsgi.input"] = io.BytesIO(body)
    return body


def operations_of(service: str, environ: Environ, body: bytes) -> collections.Counter[str]:
    """What one request does, by operation: DynamoDB and SQS by X-Amz-Target (SQS's query protocol by
    its Action, as for SNS and SES), DynamoDB also by items per table; S3 by method, a bucket-level GET
    as LIST."""
    counted: collections.Counter[str] = collections.Counter()
    base = service.removeprefix("driver-")
    target = str(environ.get("HTTP_X_AMZ_TARGET", ""))
    if base == "dynamodb":
        operation = target.rpartition(".")[2] or "?"
        counted[f"{service}:{operation}"] += 1
        try:
            parsed = json.loads(body or b"{}")
        except ValueError:
            parsed = {}
        for key, n in _dynamodb_items(
            operation, parsed if isinstance(parsed, dict) else {}
        ).items():
            counted[f"{service}:{key}"] += n
    elif base == "s3":
        method = str(environ.get("REQUEST_METHOD", "GET"))
        path = str(environ.get("PATH_INFO", "")).strip("/")
        if method == "GET" and "/" not in path:
            method = "LIST"
        counted[f"{service}:{method}"] += 1
    elif target:
        counted[f"{service}:{target.rpartition('.')[2]}"] += 1
    else:
        # The query protocol (SQS of old botocores, SNS, SES v1) names its Action in the body.
        query = urllib.parse.parse_qs(body.decode("utf-8", "replace")) or urllib.parse.parse_qs(
            str(environ.get("QUERY_STRING", ""))
        )
        counted[
            f"{service}:{(query.get('Action') or [environ.get('REQUEST_METHOD', '?')])[0]}"
        ] += 1
    return counted


def held_messages() -> dict[str, dict[str, int]]:
    """Each queue of moto's own SQS that holds messages: how many are visible and how many in flight.
    One look instead of a GetQueueAttributes per queue (eight requests, and a window in which a handler
    could move work from a queue not yet looked at to one already looked at)."""
    from moto.sqs.models import sqs_backends

    held: dict[str, dict[str, int]] = {}
    for account in list(sqs_backends):
        for backend in list(sqs_backends[account].values()):
            for name, queue in list(backend.queues.items()):
                visible = queue.approximate_number_of_messages
                in_flight = queue.approximate_number_of_messages_not_visible
                if visible or in_flight:
                    held[name] = {"visible": visible, "in_flight": in_flight}
    return held


class CountingSerialisingApp:
    """WSGI wrapper around moto: a request counter by service (read and reset at COUNTS_PATH), and one
    lock for DynamoDB, whose TransactWriteItems deep-copies tables that a concurrent write may change
    ("dictionary changed size during iteration" in moto 5.2.5, the newest release)."""

    def __init__(self, app: App) -> None:
        self._app = app
        self._dynamodb = FairLock()
        self._counts_lock = threading.Lock()
        self.counts: collections.Counter[str] = collections.Counter()
        self.operations: collections.Counter[str] = collections.Counter()

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO") in (COUNTS_PATH, OPERATIONS_PATH):
            return self._counts(environ, start_response)
        if environ.get("PATH_INFO") == QUEUES_PATH:
            start_response("200 OK", [("Content-Type", "application/json")])
            return [json.dumps(held_messages()).encode()]
        service = service_of(environ)
        with self._counts_lock:
            self.counts[service] += 1
        base = service.removeprefix("driver-")
        if base != "dynamodb":
            # S3 bodies are files (not read); the query protocol's bodies are small forms.
            query = base != "s3" and "HTTP_X_AMZ_TARGET" not in environ
            body = _read_body(environ) if query else b""
            self.count(operations_of(service, environ, body))
            return self._app(environ, start_response)
        with self._dynamodb:
            moto_write_meter.caller(service)  # its writes' units are counted for this caller
            self.count(operations_of(service, environ, _read_body(environ)))
            # Drain inside the lock: moto builds the answer while the body is iterated.
            return [b"".join(self._app(environ, start_response))]

    def count(self, operations: collections.Counter[str]) -> None:
        with self._counts_lock:
            self.operations.update(operations)

    def _counts(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        """Totals by service at COUNTS_PATH, by operation at OPERATIONS_PATH; DELETE at either resets both."""
        with self._counts_lock:
            chosen = self.counts if environ.get("PATH_INFO") == COUNTS_PATH else self.operations
            body = json.dumps(dict(chosen)).encode()
            if environ.get("REQUEST_METHOD") == "DELETE":
                self.counts.clear()
                self.operations.clear()
        start_response("200 OK", [("Content-Type", "application/json")])
        return [body]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="本地 moto 服务（独立进程）")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args(argv)
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
    from werkzeug.serving import make_server

    from devtools import local_cognito, moto_speedups
    from devtools.moto_direct_dynamodb import DirectDynamoDB
    from devtools.moto_heap import IdleFreezer
    from devtools.moto_keepalive import KeepAliveHandler

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no access log line per AWS call

    local_cognito.install()  # moto confirms any code; Cognito texts one and checks it
    moto_speedups.install()  # transactions without copying whole tables (see the module)
    # DynamoDB's calls go straight to moto's handler (devtools/moto_direct_dynamodb.py).
    app = CountingSerialisingApp(DirectDynamoDB(DomainDispatcherApplication(create_backend_app)))
    moto_write_meter.install(app.count)  # the write units DynamoDB would bill, by table and index
    # What moto stores leaves the collector's full passes whenever it is idle (devtools/moto_heap.py).
    served = IdleFreezer(app)
    served.start()
    # Connections stay open between SDK calls, as with AWS (werkzeug's own handler closes each one).
    server = make_server(
        "127.0.0.1", args.port, served, threaded=True, request_handler=KeepAliveHandler
    )
    print(f"MOTO READY {args.port}", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
