"""Starts the real local runner (`python -m devtools.run`) on free ports for the end-to-end tests."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.support.slice import SliceOutcome, run_online_slice

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Runner:
    url: str
    moto: str
    process: subprocess.Popen[str]
    output: list[str] = field(default_factory=list)  # every line the runner printed or logged

    def call(
        self,
        method: str,
        path: str,
        body: Any = None,
        token: str | None = None,
        raw: bytes | None = None,
    ) -> tuple[int, Any]:
        data = (
            raw
            if raw is not None
            else (json.dumps(body, ensure_ascii=False).encode() if body is not None else None)
        )
        request = urllib.request.Request(self.url + path, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("Authorization", token)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status, payload = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, payload = error.code, error.read()
        try:
            return status, json.loads(payload or b"null")
        except json.JSONDecodeError:
            return status, payload.decode("utf-8", "replace")


def _keep_reading(process: subprocess.Popen[str], lines: list[str]) -> None:
    assert process.stdout is not None
    for line in process.stdout:
        lines.append(line)


@pytest.fixture(scope="session")
def runner() -> Iterator[Runner]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("AWS_") and not k.startswith("TONGBAN_")
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "devtools.run", "--port", "0", "--schedule-every", "2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        bufsize=1,
    )
    assert process.stdout is not None
    deadline = time.monotonic() + 90
    seen: list[str] = []
    url = moto = ""
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            if process.poll() is not None:
                break
            continue
        seen.append(line)
        if line.startswith("READY "):
            parts = line.split()
            url, moto = parts[1], parts[2].removeprefix("moto=")
            break
    if not url:
        process.kill()
        pytest.fail("local runner did not start:\n" + "".join(seen[-40:]))
    started = Runner(url=url, moto=moto, process=process, output=seen)
    # Keep draining the runner's output so its pipe never fills and blocks it; tests read the log.
    threading.Thread(target=_keep_reading, args=(process, seen), daemon=True).start()
    yield started
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)
    process.stdout.close()


def wait_until(check: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError("condition not reached in time")


def upload(ticket: dict[str, Any], data: bytes) -> int:
    files = {"file": ("scan.jpg", data, ticket["fields"].get("Content-Type", "image/jpeg"))}
    return requests.post(ticket["url"], data=ticket["fields"], files=files, timeout=10).status_code


@pytest.fixture(scope="session")
def online_slice(runner: Runner) -> SliceOutcome:
    """One 失业登记 case run online to 办结 through the runner; several tests read what it left."""
    return run_online_slice(runner.call, upload, lambda: None, wait_until)
