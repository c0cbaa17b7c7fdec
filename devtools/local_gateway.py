"""The local stack's API Gateway: Chalice's local server with the deployed gateway's behaviour, served by
the runner and by its extra API workers (devtools/api_process.py), to which it hands connections."""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import IO, Any

from chalice.local import (
    ChaliceRequestHandler,
    CustomLocalChalice,
    LocalChalice,
    LocalDevServer,
    LocalGatewayException,
)

from chalicelib.entrypoints.security_headers import security_headers
from chalicelib.gateway_responses import body_of, not_found_page
from devtools.connection_handoff import BalancingServer

ROOT = Path(__file__).resolve().parent.parent
MAX_REQUEST_BYTES = 10 * 1024 * 1024  # API Gateway's payload limit, enforced locally for parity

log = logging.getLogger("tongban.local")


class GatewayParityHandler(ChaliceRequestHandler):
    """Chalice's local handler, plus API Gateway behaviour the deployed stack has: Chinese gateway errors, 10 MB cap.
    Each request's time in the handler is kept (ms) for the bench: what Lambda would bill as duration;
    in a worker process it is appended to `durations_file` instead, for the runner to collect."""

    durations: list[float] = []
    durations_file: IO[str] | None = None
    # The handler writes a response's head and body apart; with Nagle's algorithm the body then
    # waited for the client's delayed ACK: 40 ms added to every request, even a 404.
    disable_nagle_algorithm = True

    def _send_error_response(self, error: LocalGatewayException) -> None:
        if b"Missing Authentication Token" in (error.body or b""):
            # No route has this path: API Gateway's MISSING_AUTHENTICATION_TOKEN, answered as a 404.
            if self.path.startswith("/api/"):
                self._send_http_response(
                    404,
                    {"Content-Type": "application/json; charset=utf-8", **security_headers()},
                    body_of("MISSING_AUTHENTICATION_TOKEN"),
                )
            else:
                page = not_found_page(ROOT)
                headers = {"Content-Type": "text/html; charset=utf-8", **security_headers()}
                self._send_http_response(404, headers, page)
            return
        kind = {401: "UNAUTHORIZED", 403: "ACCESS_DENIED"}.get(error.CODE)
        body = body_of(kind) if kind else error.body
        self._send_http_response(
            error.CODE,
            {"Content-Type": "application/json; charset=utf-8", **security_headers()},
            body,
        )

    def _generic_handle(self) -> None:
        if int(self.headers.get("content-length", "0") or 0) > MAX_REQUEST_BYTES:
            self._send_http_response(
                413,
                {"Content-Type": "application/json; charset=utf-8"},
                body_of("REQUEST_TOO_LARGE"),
            )
            self.close_connection = True
            return
        started = time.perf_counter()
        try:
            super()._generic_handle()
        finally:
            _took((time.perf_counter() - started) * 1000)

    do_GET = do_PUT = do_POST = do_HEAD = do_DELETE = do_PATCH = do_OPTIONS = _generic_handle

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (stdlib signature)
        log.debug(format, *args)


def _took(ms: float) -> None:
    out = GatewayParityHandler.durations_file
    if out is None:
        GatewayParityHandler.durations.append(ms)
    else:
        out.write(f"{ms:.3f}\n")  # one short appended line: a reader never sees another's half


def gateway(app: Any, config: Any, port: int, server_cls: Any = BalancingServer) -> LocalDevServer:
    """The local gateway on 127.0.0.1:`port` (a worker's HandedServer listens on nothing)."""
    # What chalice's create_local_server does to the app (once per process), with our server class.
    CustomLocalChalice.__bases__ = (LocalChalice, app.__class__)
    app.__class__ = CustomLocalChalice
    return LocalDevServer(
        app, config, "127.0.0.1", port, handler_cls=GatewayParityHandler, server_cls=server_cls
    )


def read_durations(path: Path, reset: bool) -> list[float]:
    """A worker's appended durations (complete lines only); `reset` empties the file for the next run."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    lines = text.split("\n")[:-1]  # the last piece is empty or a line still being written
    if reset:
        path.write_text("", encoding="utf-8")
    return [float(line) for line in lines if line]
