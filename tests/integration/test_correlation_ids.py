"""A request's correlation id rides in the messages it causes: the queue handlers' log lines carry it."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from chalice.test import Client

from chalicelib import correlation
from chalicelib.entrypoints.json_logs import JsonFormatter
from tests.support.aws import MotoWorld, deliverer, moto_world
from tests.support.slice import run_online_slice

ROOT = Path(__file__).resolve().parents[2]
REQUEST_ID = "req-slice-0001"


@pytest.fixture()
def world(tmp_path: Path) -> Iterator[tuple[MotoWorld, Client]]:
    with moto_world(tmp_path) as w:
        from app import app

        with Client(app, stage_name="local", project_dir=str(ROOT)) as client:
            yield w, client


@pytest.fixture()
def log_lines() -> Iterator[io.StringIO]:
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield out
    finally:
        root.removeHandler(handler)


def test_the_queue_handlers_log_the_id_of_the_request_that_caused_their_message(
    world: tuple[MotoWorld, Client], log_lines: io.StringIO
) -> None:
    w, client = world
    seen: list[dict[str, Any]] = []

    def api(method: str, path: str, body: Any = None, token: str | None = None) -> Any:
        headers = {"Content-Type": "application/json", "X-Request-Id": REQUEST_ID}
        if token:
            headers["Authorization"] = token
        data = json.dumps(body, ensure_ascii=False).encode() if body is not None else b""
        response = getattr(client.http, method.lower())(path, headers=headers, body=data)
        assert response.headers.get("X-Request-Id") == REQUEST_ID
        return response.status_code, json.loads(response.body or b"null")

    deliver = deliverer(w, client, seen=seen)

    def upload(ticket: dict[str, Any], data: bytes) -> int:
        files = {"file": ("scan.jpg", data, ticket["fields"].get("Content-Type", "image/jpeg"))}
        return requests.post(
            ticket["url"], data=ticket["fields"], files=files, timeout=10
        ).status_code

    def wait_until(check: Any) -> None:
        assert check()

    run_online_slice(api, upload, deliver, wait_until)
    assert seen and all(m[correlation.FIELD] == REQUEST_ID for m in seen)  # every hop carries it
    lines = [json.loads(line) for line in log_lines.getvalue().splitlines()]
    handled = [
        line for line in lines if line["message"].startswith(("route_case ", "send_notice "))
    ]
    assert {line["message"].split()[0] for line in handled} == {"route_case", "send_notice"}
    assert {line["correlation_id"] for line in handled} == {REQUEST_ID}


def test_a_header_that_is_not_a_plain_token_is_not_logged() -> None:
    with correlation.bound('evil\n{"level":"ERROR"}') as bound_id:
        assert bound_id == "" and correlation.current() == ""
    with correlation.bound("abc-123") as bound_id:
        assert correlation.current() == bound_id == "abc-123"
    assert correlation.current() == ""
