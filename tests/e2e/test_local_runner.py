"""End to end through the real local runner over HTTP: moto, queues and consumers all running."""

from __future__ import annotations

import pytest

from devtools.inbox import sent_messages
from tests.e2e.conftest import Runner
from tests.support.slice import SliceOutcome

pytestmark = pytest.mark.e2e


def test_health_and_openapi_are_served(runner: Runner) -> None:
    assert runner.call("GET", "/api/health") == (
        200,
        {"status": "ok", "service": "tongban", "stage": "local"},
    )
    status, doc = runner.call("GET", "/api/openapi.json")
    assert status == 200 and doc["openapi"].startswith("3.")


def test_the_first_slice_runs_through_real_queues_and_sends_an_sms(
    runner: Runner, online_slice: SliceOutcome
) -> None:
    final = online_slice.final
    assert final["status"] == "completed"
    assert [e["action"] for e in final["timeline"]][-3:] == ["accept", "approve", "complete"]
    sms = [
        m
        for m in sent_messages(runner.moto)["sms"]
        if m["to"] == "+86" + online_slice.applicant_phone
    ]
    assert any(online_slice.case_number in m["text"] for m in sms)


def test_calls_without_a_token_get_a_chinese_401(runner: Runner) -> None:
    status, body = runner.call("GET", "/api/cases")
    assert status == 401 and "登录" in body["message"]


def test_a_forged_token_is_denied_with_a_chinese_403(runner: Runner) -> None:
    forged = "eyJhbGciOiJub25lIiwia2lkIjoiZHVtbXkifQ.eyJzdWIiOiJ4IiwiY29nbml0bzpncm91cHMiOlsic3VwZXJ2aXNvciJdfQ."
    status, body = runner.call("GET", "/api/cases", token=forged)
    assert status == 403 and "登录凭证无效" in body["message"]


def test_an_oversize_body_is_refused_with_413(runner: Runner) -> None:
    status, body = runner.call("POST", "/api/auth/login", raw=b"{" + b" " * (1024 * 1024) + b"}")
    assert status == 413 and body["error"] == "too_large"


def test_every_signed_in_route_refuses_anonymous_calls_in_chinese(runner: Runner) -> None:
    from chalicelib.entrypoints.openapi import ENDPOINTS

    for method, path, _, signed_in, _ in ENDPOINTS:
        if signed_in:
            status, body = runner.call(
                method, path.replace("{case_id}", "x"), {} if method == "POST" else None
            )
            assert status == 401 and "登录" in body["message"], (method, path)


def test_the_home_page_finds_an_item_in_chinese(runner: Runner) -> None:
    status, html = runner.call("GET", "/?q=%E5%A4%B1%E4%B8%9A")  # 失业
    assert status == 200 and "跨省通办" in html and "失业登记" in html
