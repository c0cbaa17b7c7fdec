"""A local stand-in for Alibaba Cloud's SMS endpoint: records each request, checks its ACS3 signature, answers
with the provider's JSON."""

from __future__ import annotations

import hashlib
import hmac
import http.server
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit

SECRET = "stub-secret"


def acs3_signature(method: str, path: str, headers: dict[str, str], body: bytes) -> str:
    """What the provider computes: HMAC-SHA256 over the canonical request (its published algorithm)."""
    url = urlsplit(path)
    query = sorted(parse_qsl(url.query, keep_blank_values=True))
    canonical_query = "&".join(f"{quote(k, safe='-_.~')}={quote(v, safe='-_.~')}" for k, v in query)
    auth = headers["authorization"]
    signed = auth.split("SignedHeaders=")[1].split(",")[0]
    canonical_headers = "".join(f"{h}:{headers[h].strip()}\n" for h in signed.split(";"))
    canonical = "\n".join(
        [
            method,
            url.path or "/",
            canonical_query,
            canonical_headers,
            signed,
            hashlib.sha256(body).hexdigest(),
        ]
    )
    to_sign = "ACS3-HMAC-SHA256\n" + hashlib.sha256(canonical.encode()).hexdigest()
    return hmac.new(SECRET.encode(), to_sign.encode(), hashlib.sha256).hexdigest()


@dataclass
class Received:
    action: str
    params: dict[str, str]
    headers: dict[str, str]
    signature_valid: bool


@dataclass
class SmsStub:
    port: int = 0
    answer: dict[str, Any] = field(
        default_factory=lambda: {"Code": "OK", "Message": "OK", "BizId": "biz-1", "RequestId": "r1"}
    )
    received: list[Received] = field(default_factory=list)

    @property
    def endpoint(self) -> str:
        return f"127.0.0.1:{self.port}"


@contextmanager
def sms_stub() -> Iterator[SmsStub]:
    stub = SmsStub()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length") or 0))
            headers = {k.lower(): v for k, v in self.headers.items()}
            claimed = headers.get("authorization", "").rsplit("Signature=", 1)[-1]
            stub.received.append(
                Received(
                    action=headers.get("x-acs-action", ""),
                    params=dict(parse_qsl(urlsplit(self.path).query)),
                    headers=headers,
                    signature_valid=claimed == acs3_signature("POST", self.path, headers, body),
                )
            )
            out = json.dumps(stub.answer).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json;charset=utf-8")
            self.send_header("Content-Length", str(len(out)))
            self.end_headers()
            self.wfile.write(out)

        def log_message(self, *args: Any) -> None:
            """Quiet: the test asserts on what was received."""

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    stub.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield stub
    finally:
        server.shutdown()
        server.server_close()
