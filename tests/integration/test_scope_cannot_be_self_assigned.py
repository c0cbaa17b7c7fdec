"""Issue 9, hole 1: staff scope must come from data users cannot write.

Before this change, both tests failed on moto exactly as the issue reproduced them: the authorizer
built the principal from the ID token's `custom:jurisdiction` (and `cognito:groups`), the app client
let users write every attribute, so (a) a 平罗 clerk who set `custom:jurisdiction=371621` on their own
account read 惠民's inbox after logging in again, and (b) an applicant who signed up with
`custom:jurisdiction=640221` got 200 from a 平罗 case's audit trail. Now scope comes from the staff
directory (services/identity.py), and the app client's WriteAttributes exclude the custom attributes
(which real Cognito enforces and moto does not — so here the directory alone must hold).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
import requests
from botocore.exceptions import ClientError
from chalice.test import Client

from tests.support.aws import REGION, MotoWorld, drain, moto_world, sqs_event
from tests.support.slice import login, sample_answers

ROOT = Path(__file__).resolve().parents[2]
Api = Callable[..., tuple[int, Any]]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[MotoWorld, Client]]:
    with moto_world(tmp_path_factory.mktemp("scope")) as w:
        from app import app

        with Client(app, stage_name="local", project_dir=str(ROOT)) as client:
            yield w, client


def api_for(client: Client) -> Api:
    def call(method: str, path: str, body: Any = None, token: str | None = None) -> tuple[int, Any]:
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = token
        data = json.dumps(body, ensure_ascii=False).encode() if body is not None else b""
        response = getattr(client.http, method.lower())(path, headers=headers, body=data)
        return response.status_code, json.loads(response.body or b"null")

    return call


def claims_of(id_token: str) -> dict[str, Any]:
    payload = id_token.split(".")[1]
    data: dict[str, Any] = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    return data


def file_submitted_case(w: MotoWorld, client: Client, home: str) -> str:
    """applicant1 files a 失业登记 (全程网办) with `home` and it is delivered to that home's queue."""
    api = api_for(client)
    applicant = login(api, "applicant1")
    status, form = api("GET", f"/api/items/RS-002/form?jurisdiction={home}")
    assert status == 200, form
    answers = sample_answers(form["id"])
    if home == "371621":
        answers["hm_community"] = "孙武街道某社区"  # 惠民's overlay asks for the community
    status, case = api(
        "POST",
        "/api/cases",
        {"item_code": "RS-002", "mode": "online", "home_code": home, "answers": answers},
        applicant,
    )
    assert status == 200, case
    from tests.support.scenarios import JPEG

    slot = next(s for s in form["material_slots"] if s["material"] == "id_card")
    status, ticket = api(
        "POST",
        f"/api/cases/{case['case_id']}/uploads",
        {"slot": slot["id"], "filename": "id.jpg", "content_type": "image/jpeg", "size": len(JPEG)},
        applicant,
    )
    assert status == 200, ticket
    files = {"file": ("id.jpg", JPEG, ticket["fields"].get("Content-Type", "image/jpeg"))}
    assert requests.post(ticket["url"], data=ticket["fields"], files=files, timeout=10).ok
    status, case = api(
        "POST", f"/api/cases/{case['case_id']}/materials", {"key": ticket["key"]}, applicant
    )
    assert status == 200, case
    status, case = api(
        "POST",
        f"/api/cases/{case['case_id']}/submit",
        {"expected_version": case["version"]},
        applicant,
    )
    assert status == 200 and case["status"] == "submitted", case
    name = w.spec.queue(home).name
    for n, body in enumerate(drain(name)):
        client.lambda_.invoke(f"route_cases_{home}", sqs_event(body, name, f"{home}-{n}"))
    return str(case["case_id"])


@pytest.fixture(scope="module")
def cases(world: tuple[MotoWorld, Client]) -> dict[str, str]:
    w, client = world
    return {code: file_submitted_case(w, client, code) for code in ("640221", "371621")}


def test_a_clerk_who_writes_another_jurisdiction_onto_their_account_still_has_only_their_own(
    world: tuple[MotoWorld, Client], cases: dict[str, str]
) -> None:
    w, client = world
    api = api_for(client)
    # The premise: 惠民's department does see 惠民's case in the inbox (online cases are the
    # department's), and 平罗's clerk sees the walk-in case it took at its own counter.
    hm_inbox = api("GET", "/api/inbox", token=login(api, "hm_approver"))[1]
    assert cases["371621"] in [c["case_id"] for c in hm_inbox["cases"]]
    form = api("GET", "/api/items/RS-002/form?jurisdiction=140823")[1]
    walk_in = api(
        "POST",
        "/api/cases",
        {
            "item_code": "RS-002",
            "mode": "proxy",
            "home_code": "140823",
            "answers": sample_answers(form["id"]),
        },
        login(api, "pl_window"),
    )[1]["case_id"]

    idp = boto3.client("cognito-idp", region_name=REGION)
    signed_in = idp.initiate_auth(
        ClientId=w.client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "pl_window", "PASSWORD": "Tongban#2026"},
    )["AuthenticationResult"]
    try:
        idp.update_user_attributes(
            AccessToken=signed_in["AccessToken"],
            UserAttributes=[
                {"Name": "custom:jurisdiction", "Value": "371621"},
                {"Name": "custom:center", "Value": "371621-ZX"},
            ],
        )
        moto_let_it_through = True
    except ClientError:  # real Cognito: the client's WriteAttributes exclude custom:jurisdiction
        moto_let_it_through = False

    token = login(api, "pl_window")  # log in again, as the reproduction did
    if moto_let_it_through:
        assert claims_of(token)["custom:jurisdiction"] == "371621"  # the token does carry the lie
    status, inbox = api("GET", "/api/inbox", token=token)
    assert status == 200
    seen = [c["case_id"] for c in inbox["cases"]]
    assert cases["371621"] not in seen and walk_in in seen
    assert all("371621" not in (c["home"]["code"], c["receiving"]["code"]) for c in inbox["cases"])
    status, me = api("GET", "/api/me", token=token)
    assert status == 200
    assert (me["jurisdiction"], me["center"], me["roles"]) == (
        "640221",
        "640221-ZX",
        ["window_staff"],
    )


def test_an_applicant_who_signs_up_with_a_jurisdiction_and_groups_gets_applicant_scope_only(
    world: tuple[MotoWorld, Client], cases: dict[str, str]
) -> None:
    w, client = world
    api = api_for(client)
    # The premise: 平罗's own supervisor may read the case's audit trail.
    assert (
        api("GET", f"/api/cases/{cases['640221']}/audit", token=login(api, "pl_supervisor"))[0]
        == 200
    )

    idp = boto3.client("cognito-idp", region_name=REGION)
    idp.sign_up(  # straight at Cognito with the public client id, not through /api/auth/register
        ClientId=w.client_id,
        Username="mallory",
        Password="Mallory#2026",
        UserAttributes=[
            {"Name": "name", "Value": "冒充者"},
            {"Name": "phone_number", "Value": "+8613700000099"},
            {"Name": "custom:jurisdiction", "Value": "640221"},
            {"Name": "custom:center", "Value": "640221-ZX"},
            {"Name": "custom:department", "Value": "RS"},
            {"Name": "custom:groups", "Value": "supervisor"},
            {"Name": "cognito:groups", "Value": "supervisor"},
        ],
    )
    assert api("POST", "/api/auth/confirm", {"username": "mallory", "code": "123456"})[0] == 200
    status, body = api(
        "POST", "/api/auth/login", {"username": "mallory", "password": "Mallory#2026"}
    )
    assert status == 200, body
    token = str(body["id_token"])
    assert claims_of(token)["custom:jurisdiction"] == "640221"  # the token carries what they wrote

    status, audit = api("GET", f"/api/cases/{cases['640221']}/audit", token=token)
    assert status != 200, audit
    status, me = api("GET", "/api/me", token=token)
    assert status == 200
    assert (me["roles"], me["jurisdiction"], me["center"], me["department"]) == (
        ["applicant"],
        "",
        "",
        "",
    )
    assert api("GET", "/api/inbox", token=token)[0] == 403


def test_the_provisioned_app_client_does_not_let_people_write_their_place_of_work(
    world: tuple[MotoWorld, Client],
) -> None:
    w, _ = world
    client = boto3.client("cognito-idp", region_name=REGION).describe_user_pool_client(
        UserPoolId=w.pool_id, ClientId=w.client_id
    )["UserPoolClient"]
    assert set(client["WriteAttributes"]) == {"name", "phone_number", "email"}
