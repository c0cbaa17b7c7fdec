"""The whole local system: moto in its own process, every resource, the Chalice app (API and pages) here
and in a worker process per further core (this process hands them connections), queue consumers and
schedules in a process of their own — so the stack uses every core, as AWS would."""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chalice.local import LocalDevServer

from chalicelib.config import LOCAL_SECRET_SEED_ENV
from devtools.connection_handoff import channel_pair
from devtools.local_gateway import ROOT, GatewayParityHandler, gateway, read_durations
from devtools.moto_process import COUNTS_PATH, OPERATIONS_PATH

REGION = "us-east-1"
# How many processes serve the API (the runner and the workers it hands connections); 1: the runner alone.
API_WORKERS_ENV = "TONGBAN_API_WORKERS"


def api_workers() -> int:
    """One API process per core, up to four (a 2-core machine: the runner and one worker)."""
    configured = os.environ.get(API_WORKERS_ENV, "").strip()
    if configured:
        if not configured.isdigit() or int(configured) < 1:
            raise ValueError(f"{API_WORKERS_ENV} 应为正整数（API 进程数），而不是 {configured!r}")
        return int(configured)
    return max(1, min(os.cpu_count() or 1, 4))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class LocalStack:
    port: int = 8000
    moto_port: int = 0
    schedule_every: float = 60.0
    public_url: str = (
        ""  # where applicants reach it (a tunnel or domain); default: this machine's port
    )
    workers: int = field(default_factory=api_workers)

    def start(self) -> None:
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
                "AWS_ENDPOINT_URL": self.moto_url,
                "TONGBAN_STAGE": "local",
                "TONGBAN_PUBLIC_BASE_URL": self.public_url,
            }
        )
        # One seed for every process of this stack: a rating link a consumer puts in a receipt, or a
        # form token one API worker issues, checks in any other.
        os.environ.setdefault(LOCAL_SECRET_SEED_ENV, secrets.token_hex(32))
        os.environ.pop("AWS_PROFILE", None)
        self._children: list[subprocess.Popen[bytes]] = []
        self._spawn("devtools.moto_process", "--port", str(self.moto_port))
        self._wait_for_moto()
        self._provision()
        self.app = self._load_app()
        self.server = self._server()
        self._http_thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._http_thread.start()
        self._start_workers()
        self._spawn("devtools.consumer_process", "--schedule-every", f"{self.schedule_every:g}")

    def _spawn(self, module: str, *args: str, pass_fds: tuple[int, ...] = ()) -> None:
        # Output goes where ours goes (the runner's log); the child dies with us if we are killed.
        child = subprocess.Popen(
            [sys.executable, "-m", module, *args],
            cwd=ROOT,
            env=dict(os.environ),
            preexec_fn=_die_with_parent,
            pass_fds=pass_fds,
        )
        self._children.append(child)

    def _start_workers(self) -> None:
        """Extra API processes, each handed connections once its app has loaded (until then, we
        serve every one)."""
        self._duration_files = []
        for n in range(1, self.workers):
            path = ROOT / ".local" / f"api-durations-{os.getpid()}-{n}.txt"
            path.parent.mkdir(exist_ok=True)
            path.write_text("", encoding="utf-8")
            self._duration_files.append(path)
            ours, theirs = channel_pair()
            self._spawn(
                "devtools.api_process",
                "--channel",
                str(theirs.fileno()),
                "--durations",
                str(path),
                pass_fds=(theirs.fileno(),),
            )
            theirs.close()
            self.server.server.add_worker(ours)

    def _wait_for_moto(self) -> None:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(self.moto_url + COUNTS_PATH, timeout=2):
                    return
            except OSError:
                if time.monotonic() > deadline or self._children[0].poll() is not None:
                    raise OSError(f"moto 未能在端口 {self.moto_port} 启动") from None
                time.sleep(0.05)

    def request_counts(self, reset: bool = False) -> dict[str, int]:
        """AWS requests moto has answered since the last reset, by service (every process's)."""
        return self._read_counts(COUNTS_PATH, reset)

    def operation_counts(self, reset: bool = False) -> dict[str, int]:
        """The same requests by operation (devtools/moto_process.py OPERATIONS_PATH); a reset clears both."""
        return self._read_counts(OPERATIONS_PATH, reset)

    def _read_counts(self, path: str, reset: bool) -> dict[str, int]:
        request = urllib.request.Request(self.moto_url + path, method="DELETE" if reset else "GET")
        with urllib.request.urlopen(request, timeout=10) as response:
            counts: dict[str, int] = json.loads(response.read())
        return counts

    def api_durations(self, reset: bool = False) -> list[float]:
        """Time in the API handler of each HTTP request since the last reset (ms)."""
        taken = list(GatewayParityHandler.durations)
        if reset:
            GatewayParityHandler.durations.clear()
        for path in getattr(self, "_duration_files", ()):
            taken.extend(read_durations(path, reset))
        return taken

    @property
    def moto_url(self) -> str:
        return f"http://localhost:{self.moto_port}"

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
        self._jwks_file = jwks_file
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
        return gateway(self.app, self._config, self.port)

    @property
    def url(self) -> str:
        return f"http://localhost:{self.port}"

    def stop(self) -> None:
        self.server.shutdown()
        # Consumers first, moto last: nothing is left polling an endpoint that has gone.
        for child in reversed(self._children):
            child.terminate()
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                child.kill()
        # The pool's keys are this run's only: the next run writes its own.
        jwks_file: Path | None = getattr(self, "_jwks_file", None)
        if jwks_file is not None:
            jwks_file.unlink(missing_ok=True)
        for path in getattr(self, "_duration_files", ()):
            path.unlink(missing_ok=True)


def _die_with_parent() -> None:
    """In the child, before exec: Linux sends it SIGTERM when the runner ends, however it ends."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass
