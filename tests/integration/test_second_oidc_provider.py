"""Identity is a port: any OIDC provider's ID tokens are verified by discovery + JWKS (issue 9, Build 3).

A second provider — standing in for the provincial 统一身份认证 (a Keycloak-like realm: no
`token_use`, `typ: ID`, `preferred_username`) — is generated in the test: its RSA key, and its
discovery document and JWKS served from a tiny HTTP server on 127.0.0.1. Its tokens are accepted
through the real authorizer when it is the configured issuer and refused when it is not; forged
variants are refused either way. Staff scope comes from the staff directory for it too.
"""

from __future__ import annotations

import base64
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import boto3
import jwt
import pytest
from chalice.test import Client
from cryptography.hazmat.primitives.asymmetric import rsa

from chalicelib.adapters.dynamodb_staff_directory import DynamoStaffDirectory
from chalicelib.services.staff_directory import staff_entry
from tests.support.aws import REGION, MotoWorld, moto_world

ROOT = Path(__file__).resolve().parents[2]
AUDIENCE = "tongban-zwfw"


class Provider:
    """An OIDC provider: a signing key, and discovery + JWKS served over HTTP."""

    def __init__(self, realm: str) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = f"{realm}-key-1"
        public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        documents: dict[str, bytes] = {}
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(documents))
        self.issuer = f"http://127.0.0.1:{self.server.server_port}/realms/{realm}"
        documents[f"/realms/{realm}/.well-known/openid-configuration"] = json.dumps(
            {"issuer": self.issuer, "jwks_uri": f"{self.issuer}/protocol/openid-connect/certs"}
        ).encode()
        documents[f"/realms/{realm}/protocol/openid-connect/certs"] = json.dumps(
            {"keys": [{**public, "kid": self.kid, "alg": "RS256", "use": "sig"}]}
        ).encode()
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def id_token(self, sub: str, **overrides: Any) -> str:
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": AUDIENCE,
            "sub": sub,
            "typ": "ID",
            "azp": AUDIENCE,
            "iat": now,
            "exp": now + 300,
            "auth_time": now,
            "nonce": "n-0S6_WzA2Mj",
            "preferred_username": f"user-{sub}",
            "name": "王省平台",
            **overrides,
        }
        claims = {k: v for k, v in claims.items() if v is not None}
        return jwt.encode(claims, self.key, algorithm="RS256", headers={"kid": self.kid})


def _handler(documents: dict[str, bytes]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (stdlib name)
            body = documents.get(self.path)
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body or b"{}")

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass

    return Handler


@pytest.fixture(scope="module")
def provincial() -> Iterator[Provider]:
    provider = Provider("zwfw")
    yield provider
    provider.server.shutdown()
    provider.server.server_close()


@pytest.fixture(scope="module")
def other_realm() -> Iterator[Provider]:
    provider = Provider("elsewhere")
    yield provider
    provider.server.shutdown()
    provider.server.server_close()


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[MotoWorld, Client]]:
    with moto_world(tmp_path_factory.mktemp("oidc")) as w:
        from app import app

        with Client(app, stage_name="local", project_dir=str(ROOT)) as client:
            yield w, client


@pytest.fixture()
def configured(provincial: Provider, monkeypatch: pytest.MonkeyPatch) -> Provider:
    """The deployment names the provincial provider: issuer and audience, keys by discovery."""
    monkeypatch.setenv("TONGBAN_OIDC_ISSUER", provincial.issuer)
    monkeypatch.setenv("TONGBAN_OIDC_AUDIENCE", AUDIENCE)
    monkeypatch.delenv("TONGBAN_JWKS_URL")  # the moto override: this provider is discovered
    return provincial


def me(client: Client, token: str) -> tuple[int, Any]:
    response = client.http.get("/api/me", headers={"Authorization": token})
    return response.status_code, json.loads(response.body or b"null")


def test_a_token_of_the_configured_provider_is_accepted_and_gives_applicant_scope(
    world: tuple[MotoWorld, Client], configured: Provider
) -> None:
    status, body = me(world[1], configured.id_token("p-applicant", groups=["supervisor"]))
    assert status == 200, body
    assert (body["username"], body["roles"], body["jurisdiction"]) == (
        "user-p-applicant",
        ["applicant"],
        "",
    )


def test_staff_signing_in_through_the_provider_get_their_scope_from_the_directory(
    world: tuple[MotoWorld, Client], configured: Provider
) -> None:
    w, client = world
    DynamoStaffDirectory(
        boto3.client("dynamodb", region_name=REGION), w.spec.table("StaffDirectoryTable").name
    ).put(
        staff_entry(
            user_id="p-approver",
            login="user-p-approver",
            name="省平台审批员",
            roles=["approver"],
            jurisdiction="140823",
            center="140823-ZX",
            department="RS",
            valid_from="2026-01-01",
        )
    )
    status, body = me(client, configured.id_token("p-approver"))
    assert status == 200, body
    assert (body["roles"], body["jurisdiction"], body["department"], body["name"]) == (
        ["approver"],
        "140823",
        "RS",
        "省平台审批员",
    )


def test_the_same_token_is_refused_while_the_provider_is_not_configured(
    world: tuple[MotoWorld, Client], provincial: Provider
) -> None:
    # Default configuration: the local Cognito pool (moto) is the one issuer.
    assert me(world[1], provincial.id_token("p-applicant"))[0] == 403


def _self_edited(token: str) -> str:
    header, payload, signature = token.split(".")
    data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    data["sub"] = "p-approver"  # someone who is in the directory
    edited = base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()
    return f"{header}.{edited}.{signature}"


def _unsigned(token: str) -> str:
    payload = token.split(".")[1]
    header = base64.urlsafe_b64encode(b'{"alg":"none","typ":"JWT"}').rstrip(b"=").decode()
    return f"{header}.{payload}."


@pytest.mark.parametrize(
    "forge",
    [
        "expired",
        "wrong audience",
        "other issuer",
        "signed by another provider",
        "unsigned",
        "self-edited",
        "access token",
    ],
)
def test_forged_expired_and_foreign_tokens_get_nothing(
    world: tuple[MotoWorld, Client], configured: Provider, other_realm: Provider, forge: str
) -> None:
    now = int(time.time())
    token = {
        "expired": lambda: configured.id_token("p-applicant", exp=now - 120, iat=now - 600),
        "wrong audience": lambda: configured.id_token("p-applicant", aud="another-app", azp=None),
        "other issuer": lambda: other_realm.id_token("p-approver"),
        "signed by another provider": lambda: jwt.encode(
            jwt.decode(configured.id_token("p-approver"), options={"verify_signature": False}),
            other_realm.key,
            algorithm="RS256",
            headers={"kid": configured.kid},
        ),
        "unsigned": lambda: _unsigned(configured.id_token("p-approver")),
        "self-edited": lambda: _self_edited(configured.id_token("p-applicant")),
        "access token": lambda: configured.id_token("p-approver", typ="Bearer"),
    }[forge]()
    assert me(world[1], token)[0] == 403
