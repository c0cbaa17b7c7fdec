"""Hardening over HTTP (issue 9, build items 4 and 5): security headers on every response, no trace in any
error, the supervisor's record of who saw full personal data.

Before this change no response carried a CSP, nosniff, Referrer-Policy or Cache-Control, the pages had
inline styles, and nothing recorded a view of full personal data: every test here failed then."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from chalice.test import Client

from chalicelib.entrypoints.security_headers import security_headers
from tests.integration.test_first_slice_with_test_client import api_for
from tests.support.aws import MotoWorld, deliverer, moto_world
from tests.support.slice import SliceOutcome, login, run_online_slice

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[MotoWorld, Client]]:
    with moto_world(tmp_path_factory.mktemp("jwks")) as w:
        from app import app

        with Client(app, stage_name="local", project_dir=str(ROOT)) as client:
            yield w, client


def _upload(ticket: dict[str, Any], data: bytes) -> int:
    files = {"file": ("scan.jpg", data, ticket["fields"].get("Content-Type", "image/jpeg"))}
    return requests.post(ticket["url"], data=ticket["fields"], files=files, timeout=10).status_code


@pytest.fixture(scope="module")
def walked(world: tuple[MotoWorld, Client]) -> SliceOutcome:
    w, client = world

    def wait_until(check: Callable[[], bool]) -> None:
        assert check()

    return run_online_slice(api_for(client), _upload, deliverer(w, client), wait_until)


def get(client: Client, path: str, token: str = "") -> Any:
    headers = {"Authorization": token} if token else {}
    return client.http.get(path, headers=headers)


def header(response: Any, name: str) -> str:
    return next((str(v) for k, v in response.headers.items() if k.lower() == name.lower()), "")


PUBLIC = ["/api/health", "/api/openapi.json", "/api/items/XX-404", "/", "/forms/generic-rs-002"]
PERSONAL = ["/track", "/track?number=KS640221-20990101-0000001&code=000000", "/verify/NOPE"]


@pytest.mark.parametrize("path", [*PUBLIC, *PERSONAL, "/static/form.css", "/static/app.py"])
def test_every_response_carries_the_security_headers(
    world: tuple[MotoWorld, Client], path: str
) -> None:
    response = get(world[1], path)
    csp = header(response, "Content-Security-Policy")
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert header(response, "X-Content-Type-Options") == "nosniff"
    assert header(response, "Referrer-Policy") == "no-referrer"
    assert header(response, "Cache-Control")
    assert not header(response, "Strict-Transport-Security")  # local: plain HTTP


@pytest.mark.parametrize("path", PERSONAL)
def test_personal_pages_are_never_stored(world: tuple[MotoWorld, Client], path: str) -> None:
    assert header(get(world[1], path), "Cache-Control") == "no-store"


def test_every_signed_in_answer_is_never_stored_and_the_catalog_may_be(
    world: tuple[MotoWorld, Client], walked: SliceOutcome
) -> None:
    token = login(api_for(world[1]), "applicant1")
    for path in ("/api/me", "/api/cases", f"/api/cases/{walked.case_id}", "/api/inbox"):
        assert header(get(world[1], path, token), "Cache-Control") == "no-store", path
    # The catalog's assets may be kept; the home page names who is signed in, so it is revalidated.
    assert header(get(world[1], "/static/tongban.css"), "Cache-Control").startswith("public")
    assert header(get(world[1], "/"), "Cache-Control") == "no-cache"


def test_the_pages_load_their_styles_from_this_origin_and_run_no_inline_code(
    world: tuple[MotoWorld, Client],
) -> None:
    for path in ("/", "/track", "/verify/NOPE", "/forms/generic-rs-002"):
        html = get(world[1], path).body.decode("utf-8")
        assert "<style" not in html and " style=" not in html, path
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), path
        assert not re.search(r"\son[a-z]+\s*=", html), path
        for sheet in re.findall(r'href="(/static/[^"]+\.css)"', html):
            served = get(world[1], sheet)
            assert served.status_code == 200 and header(served, "Content-Type").startswith(
                "text/css"
            )


def test_api_gateways_own_errors_carry_the_headers_too() -> None:
    """401/403/413/5xx that API Gateway answers before the app runs (infra/gateway-responses.json)."""
    from infra.build import gateway_responses_merge

    for resource in gateway_responses_merge()["Resources"].values():
        params = resource["Properties"]["ResponseParameters"]
        assert params["gatewayresponse.header.Cache-Control"] == "'no-store'"
        assert params["gatewayresponse.header.X-Content-Type-Options"] == "'nosniff'"
        assert params["gatewayresponse.header.Strict-Transport-Security"].startswith("'max-age=")


def test_a_deployed_stage_adds_strict_transport_security(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TONGBAN_STAGE", "prod")
    assert security_headers()["Strict-Transport-Security"].startswith("max-age=31536000")


def test_the_supervisor_sees_who_saw_full_personal_data_of_their_jurisdiction(
    world: tuple[MotoWorld, Client], walked: SliceOutcome
) -> None:
    api = api_for(world[1])
    supervisor = login(api, "pl_supervisor")
    status, listed = api(
        "GET", "/api/supervision/personal-data-views?jurisdiction=640221&limit=50", token=supervisor
    )
    assert status == 200, listed
    mine = [v for v in listed["views"] if v["case_id"] == walked.case_id]
    assert mine and {v["viewer"]["role"] for v in mine} == {
        "approver"
    }  # the applicant's own: not logged
    assert all(v["at"] and v["purpose"] for v in mine)
    assert [v["at"] for v in listed["views"]] == sorted(
        (v["at"] for v in listed["views"]), reverse=True
    )


def test_the_supervisor_reads_the_case_masked_and_that_read_is_no_full_view(
    world: tuple[MotoWorld, Client], walked: SliceOutcome
) -> None:
    api = api_for(world[1])
    supervisor = login(api, "pl_supervisor")
    status, case = api("GET", f"/api/cases/{walked.case_id}", token=supervisor)
    assert status == 200
    assert walked.applicant_phone not in json.dumps(case, ensure_ascii=False)
    assert case["query_code"] == "******"


@pytest.mark.parametrize(
    ("user", "query"),
    [
        ("pl_approver_rs", "jurisdiction=640221"),
        ("applicant1", "jurisdiction=640221"),
        ("wx_supervisor", "jurisdiction=640221"),
        ("pl_supervisor", "jurisdiction=640221&limit=0"),
        ("pl_supervisor", "jurisdiction=640221&since=yesterday"),
    ],
)
def test_nobody_else_reads_the_record_and_bad_parameters_are_400(
    world: tuple[MotoWorld, Client], user: str, query: str
) -> None:
    api = api_for(world[1])
    status, body = api(
        "GET", f"/api/supervision/personal-data-views?{query}", token=login(api, user)
    )
    assert status in (400, 403) and body["message"], body
    assert status == (400 if "limit" in query or "since" in query else 403)
