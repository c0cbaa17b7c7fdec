"""The API contract (OpenAPI = routes) and bad input: always a 4xx JSON error in Chinese, never a 500, nothing half-written."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from chalice.test import Client

from chalicelib.adapters.dynamodb_cases import CASE_SK
from chalicelib.entrypoints.openapi import ENDPOINTS, openapi_document
from tests.integration.test_first_slice_with_test_client import api_for
from tests.support.aws import REGION, MotoWorld, moto_world
from tests.support.slice import login, sample_answers

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[MotoWorld, Client]]:
    with moto_world(tmp_path_factory.mktemp("jwks")) as w:
        from app import app

        with Client(app, stage_name="local", project_dir=str(ROOT)) as client:
            yield w, client


def stored_cases(w: MotoWorld) -> int:
    db = boto3.client("dynamodb", region_name=REGION)
    table = w.spec.table("CaseFilesTable").name
    found = db.scan(
        TableName=table,
        Select="COUNT",
        FilterExpression="sk = :case",
        ExpressionAttributeValues={":case": {"S": CASE_SK}},
    )
    return int(found["Count"])


def test_the_openapi_document_describes_exactly_the_json_routes() -> None:
    from app import app

    routes = {(m, p) for p, entries in app.routes.items() for m in entries if p.startswith("/api/")}
    documented = {(m, p) for m, p, *_ in ENDPOINTS}
    assert routes == documented
    doc = openapi_document()
    signed_in = {(m, p) for m, p, _, auth, _ in ENDPOINTS if auth}
    protected = {
        (m, p)
        for p, entries in app.routes.items()
        for m, e in entries.items()
        if e.authorizer is not None
    }
    assert signed_in == protected
    for method, path in documented:
        assert doc["paths"][path][method.lower()]["summary"]


def test_health_is_public(world: tuple[MotoWorld, Client]) -> None:
    status, body = api_for(world[1])("GET", "/api/health")
    assert status == 200 and body["status"] == "ok"


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        (b"{not json", 400, "malformed_json"),
        (b"[1, 2]", 400, "malformed_json"),
        (b"", 400, "empty_body"),
        (b"\xff\xfe", 400, "malformed_json"),
        (b'{"item_code": "XX-404", "home_code": "640221", "answers": {}}', 404, "not_found"),
        (b'{"item_code": "RS-002", "home_code": "000000", "answers": {}}', 404, "not_found"),
        (
            b'{"item_code": "RS-002", "home_code": "640221", "mode": "teleport", "answers": {}}',
            400,
            "bad_request",
        ),
        (b'{"item_code": 12, "home_code": "640221", "answers": {}}', 400, "bad_request"),
        (b'{"home_code": "640221", "answers": {}}', 400, "missing_field"),
        (
            b'{"item_code": "RS-002", "home_code": "640221", "answers": {"applicant_id_number": "1"}}',
            400,
            "validation_failed",
        ),
        (
            b'{"item_code": "RS-002", "home_code": "640221", "answers": "junk"}',
            400,
            "validation_failed",
        ),
        (b'{"x": "' + b"a" * (300 * 1024) + b'"}', 413, "too_large"),
    ],
)
def test_bad_case_submissions_get_a_clear_4xx_and_store_nothing(
    world: tuple[MotoWorld, Client], body: bytes, status: int, code: str
) -> None:
    w, client = world
    token = login(api_for(client), "applicant1")
    before = stored_cases(w)
    response = client.http.post(
        "/api/cases",
        headers={"Authorization": token, "Content-Type": "application/json"},
        body=body,
    )
    payload = json.loads(response.body)
    assert (response.status_code, payload["error"]) == (status, code)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in payload["message"])
    assert stored_cases(w) == before


def test_field_errors_come_back_per_field_in_chinese(world: tuple[MotoWorld, Client]) -> None:
    api = api_for(world[1])
    token = login(api, "applicant1")
    answers: dict[str, Any] = {
        **sample_answers("unemployment-registration"),
        "applicant_phone": "12345",
    }
    status, body = api(
        "POST",
        "/api/cases",
        {"item_code": "RS-002", "home_code": "640221", "answers": answers},
        token,
    )
    assert status == 400
    errors = {e["path"]: e["message"] for e in body["details"]}
    assert "applicant_phone" in errors and any(
        "\u4e00" <= ch <= "\u9fff" for ch in errors["applicant_phone"]
    )


def test_staff_only_routes_refuse_an_applicant_with_403(world: tuple[MotoWorld, Client]) -> None:
    api = api_for(world[1])
    token = login(api, "applicant1")
    status, body = api("GET", "/api/inbox", token=token)
    assert status == 403 and "工作人员" in body["message"]


def test_an_approver_cannot_file_an_application(world: tuple[MotoWorld, Client]) -> None:
    api = api_for(world[1])
    token = login(api, "pl_approver_rs")
    status, body = api(
        "POST", "/api/cases", {"item_code": "RS-002", "home_code": "640221", "answers": {}}, token
    )
    assert status == 403


def test_a_wrong_password_is_a_chinese_403(world: tuple[MotoWorld, Client]) -> None:
    status, body = api_for(world[1])(
        "POST", "/api/auth/login", {"username": "applicant1", "password": "wrong"}
    )
    assert status == 403 and body["message"] == "用户名或密码错误"


def test_repeated_wrong_passwords_lock_the_login_with_a_chinese_429(
    world: tuple[MotoWorld, Client],
) -> None:
    """Fails on the old code: there was no lockout; the sixth guess was answered 403 like the first."""
    api = api_for(world[1])
    for _ in range(5):
        assert api("POST", "/api/auth/login", {"username": "nobody", "password": "x"})[0] == 403
    response = world[1].http.post(
        "/api/auth/login",
        headers={"Content-Type": "application/json"},
        body=json.dumps({"username": "Nobody", "password": "x"}).encode(),
    )
    assert response.status_code == 429 and int(response.headers["Retry-After"]) <= 900
    assert "已暂时锁定" in json.loads(response.body)["message"]


def test_an_unknown_case_is_404(world: tuple[MotoWorld, Client]) -> None:
    api = api_for(world[1])
    token = login(api, "applicant1")
    assert api("GET", "/api/cases/does-not-exist", token=token)[0] == 404


def test_a_forged_unsigned_token_never_reaches_a_view(world: tuple[MotoWorld, Client]) -> None:
    forged = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4IiwiY29nbml0bzpncm91cHMiOlsic3VwZXJ2aXNvciJdfQ."
    response = world[1].http.get("/api/cases", headers={"Authorization": forged})
    assert response.status_code == 403


def test_the_catalog_is_searchable_and_every_item_has_a_guide_and_a_form(
    world: tuple[MotoWorld, Client],
) -> None:
    api = api_for(world[1])
    status, found = api("GET", "/api/items?department=RS&mode=online")
    assert status == 200 and found["count"] > 0
    assert all(
        i["department"] == "RS" and "online" in [m["mode"] for m in i["modes"]]
        for i in found["items"]
    )
    status, everything = api("GET", "/api/items")
    assert everything["count"] >= 95
    for item in everything["items"]:
        assert api("GET", f"/api/items/{item['code']}")[0] == 200
        status, form = api("GET", f"/api/items/{item['code']}/form")
        assert status == 200 and form["item_code"] == item["code"], item
    assert api("GET", "/api/items?mode=teleport")[0] == 400


def test_a_form_encoded_body_gets_a_chinese_json_415(world: tuple[MotoWorld, Client]) -> None:
    response = world[1].http.post(
        "/api/auth/login",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        body=b"username=a&password=b",
    )
    assert response.status_code == 415
    assert json.loads(response.body) == {
        "error": "unsupported_media_type",
        "message": "请求内容类型应为 application/json",
    }


def test_a_cross_site_text_plain_post_registers_no_account(world: tuple[MotoWorld, Client]) -> None:
    """Fails on the old code: JSON_BODY accepted text/plain, which any page may post cross-site without
    a CORS preflight, and the account was created (and an SMS sent at the county's cost)."""
    w, client = world
    body = {
        "username": "csrf_victim",
        "password": "Newcomer#2026",
        "name": "马",
        "phone": "13709520001",
    }
    response = client.http.post(
        "/api/auth/register",
        headers={"Content-Type": "text/plain;charset=UTF-8"},
        body=json.dumps(body).encode(),
    )
    assert (
        response.status_code == 415 and "application/json" in json.loads(response.body)["message"]
    )
    idp = boto3.client("cognito-idp", region_name=REGION)
    with pytest.raises(idp.exceptions.UserNotFoundException):
        idp.admin_get_user(UserPoolId=w.pool_id, Username="csrf_victim")


def test_deeply_nested_json_is_a_chinese_400_not_a_500(world: tuple[MotoWorld, Client]) -> None:
    """Fails on the old code: json.loads raised RecursionError and the API answered 500."""
    deep = b'{"username": ' + b"[" * 50_000 + b"]" * 50_000 + b"}"
    response = world[1].http.post(
        "/api/auth/login", headers={"Content-Type": "application/json"}, body=deep
    )
    assert response.status_code == 400 and json.loads(response.body)["error"] == "too_deep"


def test_an_unsupported_method_is_a_chinese_405_with_allow(world: tuple[MotoWorld, Client]) -> None:
    response = world[1].http.delete("/api/health")
    assert response.status_code == 405 and response.headers["Allow"] == "GET"
    assert json.loads(response.body)["message"] == "不支持该请求方法"


def test_a_new_applicant_registers_confirms_by_sms_code_and_can_apply(
    world: tuple[MotoWorld, Client],
) -> None:
    api = api_for(world[1])
    body = {
        "username": "newcomer",
        "password": "Newcomer#2026",
        "name": "马新",
        "phone": "13709520000",
    }
    assert api("POST", "/api/auth/register", body)[0] == 200
    status, refused = api(
        "POST", "/api/auth/login", {"username": "newcomer", "password": "Newcomer#2026"}
    )
    assert status == 403 and "验证码" in refused["message"]
    assert api("POST", "/api/auth/confirm", {"username": "newcomer", "code": "123456"})[0] == 200
    token = login_as(api, "newcomer", "Newcomer#2026")
    me = api("GET", "/api/me", token=token)[1]
    assert me["roles"] == ["applicant"]
    assert api("POST", "/api/auth/register", body)[0] == 409
    status, weak = api(
        "POST", "/api/auth/register", {**body, "username": "weak", "password": "123"}
    )
    assert status == 400 and "密码" in weak["message"]


def login_as(api: Any, username: str, password: str) -> str:
    status, body = api("POST", "/api/auth/login", {"username": username, "password": password})
    assert status == 200, body
    return str(body["id_token"])
