"""The whole system in one process: embedded moto, every resource, the Chalice app, queue consumers, schedules."""

from __future__ import annotations

import functools
import json
import logging
import os
import socket
import threading
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chalice.local import (
    ChaliceRequestHandler,
    LocalDevServer,
    LocalGatewayException,
    create_local_server,
)

from chalicelib.entrypoints.security_headers import security_headers
from chalicelib.gateway_responses import body_of, not_found_page

ROOT = Path(__file__).resolve().parent.parent
REGION = "us-east-1"
MAX_REQUEST_BYTES = 10 * 1024 * 1024  # API Gateway's payload limit, enforced locally for parity

log = logging.getLogger("tongban.local")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class GatewayParityHandler(ChaliceRequestHandler):
    """Chalice's local handler, plus API Gateway behaviour the deployed stack has: Chinese gateway errors, 10 MB cap."""

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
        super()._generic_handle()

    do_GET = do_PUT = do_POST = do_HEAD = do_DELETE = do_PATCH = do_OPTIONS = _generic_handle

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (stdlib signature)
        log.debug(format, *args)


@dataclass
class LocalStack:
    port: int = 8000
    moto_port: int = 0
    schedule_every: float = 60.0
    public_url: str = (
        ""  # where applicants reach it (a tunnel or domain); default: this machine's port
    )

    def start(self) -> None:
        from moto.server import ThreadedMotoServer

        from devtools import local_cognito

        local_cognito.install()  # moto confirms any code; Cognito texts one and checks it
        self.moto_port = self.moto_port or free_port()
        # Known before the app loads: its settings put this port into every SMS and PDF link.
        self.port = self.port or free_port()
        self.public_url = (self.public_url or self.url).rstrip("/")
        os.environ.update(
            {
                "AWS_ACCESS_KEY_ID": "local",
                "AWS_SECRET_ACCESS_KEY": "local",
                "AWS_DEFAULT_REGION": REGION,
                "AWS_REGION": REGION,
                "AWS_ENDPOINT_URL": f"http://localhost:{self.moto_port}",
                "TONGBAN_STAGE": "local",
                "TONGBAN_PUBLIC_BASE_URL": self.public_url,
            }
        )
        os.environ.pop("AWS_PROFILE", None)
        self.moto = ThreadedMotoServer(ip_address="127.0.0.1", port=self.moto_port, verbose=False)
        self.moto.start()
        self._provision()
        self.app = self._load_app()
        self.server = self._server()
        self._http_thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._http_thread.start()
        from devtools.dispatcher import Dispatcher

        self.dispatcher = Dispatcher(self.app, REGION, schedule_every=self.schedule_every)
        self.dispatcher.start()

    def _provision(self) -> None:
        from chalicelib.content.catalog_files import load_jurisdictions
        from chalicelib.resource_spec import build_spec
        from devtools.provision import provision

        self.spec = build_spec("local", load_jurisdictions(ROOT).codes())
        # The pages post files to moto from the browser: the portal's origins may (bucket CORS).
        origins = (self.public_url, self.url, f"http://127.0.0.1:{self.port}")
        made = provision(self.spec, REGION, web_origins=origins)
        jwks_file = ROOT / ".local" / f"jwks-{self.moto_port}.json"
        jwks_file.parent.mkdir(exist_ok=True)
        jwks_file.write_bytes(self._fetch_jwks(made.user_pool_id))
        os.environ.update(
            {
                "TONGBAN_USER_POOL_ID": made.user_pool_id,
                "TONGBAN_USER_POOL_CLIENT_ID": made.user_pool_client_id,
                "TONGBAN_JWKS_URL": jwks_file.as_uri(),
            }
        )
        self.user_pool_id = made.user_pool_id
        self.user_pool_client_id = made.user_pool_client_id

    def _fetch_jwks(self, pool_id: str) -> bytes:
        # moto serves the pool's JWKS but wants a SigV4-looking header; the app itself only reads a URL.
        request = urllib.request.Request(
            f"http://localhost:{self.moto_port}/{pool_id}/.well-known/jwks.json",
            headers={
                "Authorization": f"AWS4-HMAC-SHA256 Credential=local/20260101/{REGION}/cognito-idp/aws4_request"
            },
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            data: bytes = response.read()
        json.loads(data)
        return data

    def _load_app(self) -> Any:
        from chalice.cli.factory import CLIFactory

        factory = CLIFactory(str(ROOT))
        config = factory.create_config_obj(chalice_stage_name="local")
        self._config = config
        return config.chalice_app

    def _server(self) -> LocalDevServer:
        server = create_local_server(self.app, self._config, "127.0.0.1", self.port)
        server._wrapped_handler = functools.partial(
            GatewayParityHandler, app_object=self.app, config=self._config
        )
        server.server.RequestHandlerClass = server._wrapped_handler
        return server

    @property
    def url(self) -> str:
        return f"http://localhost:{self.port}"

    def stop(self) -> None:
        self.dispatcher.stop()
        self.server.shutdown()
        self.moto.stop()
