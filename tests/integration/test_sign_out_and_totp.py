"""Sign-out revokes the refresh token; an account with TOTP enrolled signs in with its code (moto).

moto 5 does not implement Cognito's RevokeToken (it raises NotImplementedError), so these tests use
the emulation devtools/local_cognito.py installs for the local runner too: it marks the refresh
token revoked in moto's pool, where moto's own refresh flow then refuses it — as Cognito does.
The adapter's exact call is also checked against a stub in tests/unit/test_cognito_sign_in_and_out.py.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from chalice.test import Client

from devtools import local_cognito
from tests.support.aws import REGION, MotoWorld, moto_world

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "Tongban#2026"


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[MotoWorld, Client]]:
    local_cognito.install_revoke_token()
    with moto_world(tmp_path_factory.mktemp("signout")) as w:
        from app import app

        with Client(app, stage_name="local", project_dir=str(ROOT)) as client:
            yield w, client


def post(client: Client, path: str, body: dict[str, Any]) -> tuple[int, Any]:
    response = client.http.post(
        path, headers={"Content-Type": "application/json"}, body=json.dumps(body).encode()
    )
    return response.status_code, json.loads(response.body or b"null")


def refresh(w: MotoWorld, refresh_token: str) -> dict[str, Any]:
    out: dict[str, Any] = boto3.client("cognito-idp", region_name=REGION).initiate_auth(
        ClientId=w.client_id,
        AuthFlow="REFRESH_TOKEN_AUTH",
        AuthParameters={"REFRESH_TOKEN": refresh_token},
    )
    return out


def test_after_logout_the_refresh_token_mints_no_new_tokens(
    world: tuple[MotoWorld, Client],
) -> None:
    w, client = world
    status, tokens = post(
        client, "/api/auth/login", {"username": "applicant2", "password": PASSWORD}
    )
    assert status == 200 and tokens["refresh_token"], tokens
    assert refresh(w, tokens["refresh_token"])["AuthenticationResult"]["IdToken"]

    status, body = post(client, "/api/auth/logout", {"refresh_token": tokens["refresh_token"]})
    assert (status, body["message"]) == (200, "已退出登录")
    idp = boto3.client("cognito-idp", region_name=REGION)
    with pytest.raises(idp.exceptions.NotAuthorizedException):
        refresh(w, tokens["refresh_token"])


def test_logout_without_a_refresh_token_is_a_chinese_400(world: tuple[MotoWorld, Client]) -> None:
    status, body = post(world[1], "/api/auth/logout", {})
    assert status == 400 and "refresh_token" in body["message"]


def test_an_account_with_totp_enrolled_signs_in_only_with_its_code(
    world: tuple[MotoWorld, Client],
) -> None:
    w, client = world
    idp = boto3.client("cognito-idp", region_name=REGION)
    access = idp.initiate_auth(
        ClientId=w.client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "wx_supervisor", "PASSWORD": PASSWORD},
    )["AuthenticationResult"]["AccessToken"]
    # Enrolment as a staff member does it with an authenticator app (moto accepts any code).
    idp.associate_software_token(AccessToken=access)
    idp.verify_software_token(AccessToken=access, UserCode="123456")
    idp.set_user_mfa_preference(
        AccessToken=access, SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True}
    )

    status, asked = post(
        client, "/api/auth/login", {"username": "wx_supervisor", "password": PASSWORD}
    )
    assert (status, asked["error"]) == (403, "mfa_code_required"), asked
    status, tokens = post(
        client,
        "/api/auth/login",
        {"username": "wx_supervisor", "password": PASSWORD, "mfa_code": "123456"},
    )
    assert status == 200 and tokens["id_token"], tokens
