"""ID tokens are accepted only with a valid signature, issuer, audience, expiry and token use."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from chalicelib.adapters.jwks import AuthError, JwksCache
from chalicelib.domain.roles import Role
from chalicelib.entrypoints.auth import (
    principal_from_claims,
    principal_from_context,
    principal_to_context,
    verify_id_token,
)

ISSUER = "https://cognito-idp.us-east-1.amazonaws.com/pool"
AUDIENCE = "client"


@pytest.fixture(scope="module")
def key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture()
def jwks(tmp_path: Path, key: rsa.RSAPrivateKey) -> JwksCache:
    public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
    path = tmp_path / "jwks.json"
    path.write_text(json.dumps({"keys": [{**public, "kid": "k1", "alg": "RS256", "use": "sig"}]}))
    return JwksCache(path.as_uri())


def token(key: Any, **overrides: Any) -> str:
    claims = {
        "sub": "u1",
        "iss": ISSUER,
        "aud": AUDIENCE,
        "token_use": "id",
        "exp": int(time.time()) + 600,
        "cognito:username": "pl_window",
        "cognito:groups": ["window_staff"],
        "custom:jurisdiction": "640221",
        **overrides,
    }
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": "k1"})


def test_a_valid_token_becomes_a_principal_with_roles_and_jurisdiction(
    jwks: JwksCache, key: Any
) -> None:
    claims = verify_id_token(token(key), jwks, ISSUER, AUDIENCE)
    principal = principal_from_claims(claims)
    assert principal.roles == frozenset({Role.WINDOW_STAFF}) and principal.jurisdiction == "640221"
    assert principal_from_context(principal_to_context(principal)) == principal


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"exp": int(time.time()) - 10}, "过期"),
        ({"aud": "someone-else"}, "无效"),
        ({"iss": "https://evil.example"}, "无效"),
        ({"token_use": "access"}, "ID token"),
    ],
)
def test_tokens_that_are_expired_or_meant_for_others_are_refused(
    jwks: JwksCache, key: Any, overrides: dict[str, Any], message: str
) -> None:
    with pytest.raises(AuthError, match=message):
        verify_id_token(token(key, **overrides), jwks, ISSUER, AUDIENCE)


def test_a_token_signed_by_another_key_is_refused(jwks: JwksCache) -> None:
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    with pytest.raises(AuthError):
        verify_id_token(token(other), jwks, ISSUER, AUDIENCE)


def test_an_unsigned_token_is_refused(jwks: JwksCache) -> None:
    unsigned = jwt.encode(
        {"sub": "x", "iss": ISSUER, "aud": AUDIENCE, "token_use": "id"},
        key="",
        algorithm="none",
        headers={"kid": "k1"},
    )
    with pytest.raises(AuthError):
        verify_id_token(unsigned, jwks, ISSUER, AUDIENCE)


def test_a_missing_token_asks_the_person_to_log_in(jwks: JwksCache) -> None:
    with pytest.raises(AuthError, match="请先登录"):
        verify_id_token("", jwks, ISSUER, AUDIENCE)
