"""moto's local server keeps its connections open, as an AWS endpoint does.

werkzeug's development server closes every connection after one response, because it cannot tell where
a request body it did not read ends. Every SDK call then opened a new TCP connection, and the server
started a new thread for it. This handler reads each body to its declared length, answers with a
Content-Length, and keeps the connection for the next request; a chunked body still closes it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from typing import Any

from moto.moto_server.werkzeug_app import MotoRequestHandler

log = logging.getLogger(__name__)

# A response to these carries no body, and its Content-Length (a HEAD's) is the app's to state.
_BODILESS = frozenset({204, 304})
_OWN_HEADERS = frozenset({"content-length", "connection", "transfer-encoding"})


class _Body:
    """The request body as a stream that ends at its Content-Length; what the app leaves is drained,
    so the next request on the connection starts where it should."""

    def __init__(self, rfile: Any, length: int) -> None:
        self._rfile = rfile
        self._left = length

    def read(self, size: int = -1) -> bytes:
        if self._left <= 0:
            return b""
        want = self._left if size is None or size < 0 else min(size, self._left)
        data: bytes = self._rfile.read(want)
        self._left -= len(data)
        if len(data) < want:
            self._left = 0  # the client went away mid-body
        return data

    def readline(self, size: int = -1) -> bytes:
        if self._left <= 0:
            return b""
        want = self._left if size is None or size < 0 else min(size, self._left)
        data: bytes = self._rfile.readline(want)
        self._left -= len(data)
        return data

    def __iter__(self) -> Any:
        return iter(self.readline, b"")

    def drain(self) -> None:
        while self._left > 0 and self.read(min(self._left, 1 << 20)):
            pass


class KeepAliveHandler(MotoRequestHandler):
    """MotoRequestHandler (it keeps S3 metadata headers with underscores) over persistent HTTP/1.1."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # the head and the body go in two sends: no delayed-ACK wait

    def run_wsgi(self) -> None:
        if self.headers.get("Expect", "").lower().strip(" \t") == "100-continue":
            self.wfile.write(b"HTTP/1.1 100 Continue\r\n\r\n")
        self.environ = environ = self.make_environ()
        body: _Body | None = None
        if environ.get("wsgi.input_terminated"):
            self.close_connection = True  # chunked: where it ends is the dechunker's business
        else:
            try:
                length = max(0, int(environ.get("CONTENT_LENGTH") or 0))
            except ValueError:
                length, self.close_connection = 0, True
            body = _Body(self.rfile, length)
            environ["wsgi.input"] = body
        status, headers, chunks = self._call(environ)
        if body is not None:
            body.drain()
        self._answer(environ, status, headers, b"".join(chunks))

    def _call(self, environ: dict[str, Any]) -> tuple[str, list[tuple[str, str]], list[bytes]]:
        started: list[Any] = []
        chunks: list[bytes] = []

        def start_response(
            status: str, headers: list[tuple[str, str]], exc_info: Any = None
        ) -> Any:
            started[:] = [status, headers]
            return chunks.append

        try:
            result: Iterable[bytes] = self.server.app(environ, start_response)
            try:
                chunks.extend(result)
            finally:
                close = getattr(result, "close", None)
                if close is not None:
                    close()
        except Exception:
            log.exception("local moto failed on %s %s", self.command, self.path)
            self.close_connection = True
            return "500 Internal Server Error", [("Content-Type", "text/plain")], [b"moto failed"]
        if not started:
            return "500 Internal Server Error", [("Content-Type", "text/plain")], [b"no response"]
        return str(started[0]), list(started[1]), chunks

    _date: tuple[int, str] = (0, "")

    def date_time_string(self, timestamp: float | None = None) -> str:
        # The Date header changes once a second; formatting it was a twentieth of moto's time.
        if timestamp is not None:
            return str(super().date_time_string(timestamp))
        second = int(time.time())
        cached = KeepAliveHandler._date
        if cached[0] != second:
            cached = KeepAliveHandler._date = (second, str(super().date_time_string(second)))
        return cached[1]

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        # werkzeug formats the access line (path, date, colours) before its logger drops it: a tenth
        # of the moto process's time under load. Formatted only when someone asked to see it.
        if logging.getLogger("werkzeug").isEnabledFor(logging.INFO):
            super().log_request(code, size)

    def _answer(
        self, environ: dict[str, Any], status: str, headers: list[tuple[str, str]], data: bytes
    ) -> None:
        code_text, _, reason = status.partition(" ")
        code = int(code_text)
        bodiless = environ["REQUEST_METHOD"] == "HEAD" or code < 200 or code in _BODILESS
        self.send_response(code, reason)
        for name, value in headers:
            if name.lower() not in _OWN_HEADERS or (bodiless and name.lower() == "content-length"):
                self.send_header(name, value)
        if not bodiless:
            self.send_header("Content-Length", str(len(data)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if not bodiless and data:
            self.wfile.write(data)
        self.wfile.flush()
