"""/track and /verify as pages over HTTP on moto: the shared look and CSRF, errors in Chinese on their
fields, and a downloaded PDF verified by upload (authentic) and with one byte changed (altered)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
import requests
from chalice.test import Client

from tests.integration.test_first_slice_with_test_client import api_for
from tests.support.aws import MotoWorld, deliverer, moto_world
from tests.support.slice import SliceOutcome, login, run_online_slice

ROOT = Path(__file__).resolve().parents[2]
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


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


def csrf_of(client: Client, path: str) -> tuple[str, str]:
    page = client.http.get(path)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    field = re.search(r'name="csrf" value="([^"]+)"', page.body.decode())
    sent: Any = page.headers.get("Set-Cookie", [])
    cookie = next(c for c in ([sent] if isinstance(sent, str) else sent) if "tb_csrf=" in c)
    assert field
    return field.group(1), cookie.split(";")[0]


def post_pdf(client: Client, pdf: bytes, csrf: str, cookie: str) -> Any:
    prepared = requests.Request(
        "POST",
        "http://local/verify",
        data={"csrf": csrf},
        files={"pdf": ("回执.pdf", pdf, "application/pdf")},
    ).prepare()
    headers = {"Content-Type": prepared.headers["Content-Type"], "Cookie": cookie}
    body = prepared.body if isinstance(prepared.body, bytes) else b""
    return client.http.post("/verify", headers=headers, body=body)


def downloaded(client: Client, walked: SliceOutcome) -> tuple[dict[str, Any], bytes]:
    token = login(api_for(client), "applicant1")
    status, case = api_for(client)("GET", f"/api/cases/{walked.case_id}", token=token)
    assert status == 200 and case["documents"], case
    document = case["documents"][0]
    return document, requests.get(document["download_url"], timeout=10).content


def test_the_track_page_uses_the_shared_look_and_says_what_to_do_when_the_code_is_wrong(
    world: tuple[MotoWorld, Client], walked: SliceOutcome
) -> None:
    _, client = world
    csrf, cookie = csrf_of(client, "/track")
    fields = {"csrf": csrf, "number": walked.case_number, "code": "000000x"}
    shown = client.http.post(
        "/track", headers={**FORM, "Cookie": cookie}, body=urlencode(fields).encode()
    )
    html = shown.body.decode()
    assert shown.status_code == 200 and shown.headers["Cache-Control"] == "no-store"
    assert 'class="site-header"' in html and "12345" in html
    assert 'class="error-summary"' in html and '<a href="#code">' in html
    assert "携带身份证件到窗口查询" in html and 'aria-invalid="true"' in html
    empty = {"csrf": csrf, "number": "", "code": ""}
    missing = client.http.post(
        "/track", headers={**FORM, "Cookie": cookie}, body=urlencode(empty).encode()
    ).body.decode()
    assert "请填写办件编号" in missing and "请填写查询密码" in missing


def test_the_verify_page_offers_a_code_box_and_an_upload_and_answers_a_code(
    world: tuple[MotoWorld, Client], walked: SliceOutcome
) -> None:
    _, client = world
    page = client.http.get("/verify").body.decode()
    assert 'id="verify-code-form"' in page and 'enctype="multipart/form-data"' in page
    assert 'name="csrf"' in page and 'type="file"' in page and "/static/verify.js" in page
    document, _ = downloaded(client, walked)
    by_code = client.http.get(f"/verify?code={document['code']}")
    assert by_code.status_code == 200 and by_code.headers["Cache-Control"] == "no-store"
    assert "文书真实有效" in by_code.body.decode()
    assert "未找到" in client.http.get("/verify/ABCD-EFGH-JKMN").body.decode()


def test_an_uploaded_copy_is_authentic_and_one_changed_byte_is_reported(
    world: tuple[MotoWorld, Client], walked: SliceOutcome
) -> None:
    _, client = world
    document, pdf = downloaded(client, walked)
    csrf, cookie = csrf_of(client, "/verify")
    authentic = post_pdf(client, pdf, csrf, cookie)
    html = authentic.body.decode()
    assert authentic.status_code == 200, html[:500]
    assert "真实有效（与存档一致，签名有效）" in html and document["issuer"] in html
    assert document["document_number"] in html and walked.case_number not in html
    tampered = post_pdf(client, pdf.replace(b"/Producer", b"/Pr0ducer", 1), csrf, cookie)
    assert "文件已被改动（与存档不符）" in tampered.body.decode()
    foreign = post_pdf(client, b"%PDF-1.4\n%%EOF\n", csrf, cookie)
    assert "不是本系统出具的文书" in foreign.body.decode()


def test_an_upload_without_our_csrf_token_or_a_file_is_refused(
    world: tuple[MotoWorld, Client],
) -> None:
    _, client = world
    csrf, cookie = csrf_of(client, "/verify")
    forged = post_pdf(client, b"%PDF-1.4", "forged", cookie)
    assert forged.status_code == 403 and "页面已过期" in forged.body.decode()
    empty = post_pdf(client, b"", csrf, cookie)
    assert empty.status_code == 400 and "请选择要核验的 PDF 文件" in empty.body.decode()
    plain = client.http.post(
        "/verify", headers={**FORM, "Cookie": cookie}, body=urlencode({"csrf": csrf}).encode()
    )
    assert plain.status_code in (400, 415)
