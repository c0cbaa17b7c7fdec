"""ID tokens are accepted only with a valid signature, issuer, audience, expiry and an ID token's marks;
what they prove is who the person is — never a role or a place of work."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from chalicelib.adapters.jwks import AuthError, JwksCache
from chalicelib.domain.roles import Role
from chalicelib.entrypoints.auth import (
    identity_from_claims,
    principal_from_context,
    principal_to_context,
    verify_id_token,
)

ISSUER = "https://cognito-idp.us-east-1.amazonaws.com/pool"
AUDIENCE = "client"


@pytest.fixture(scope="module")
def key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def ec_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


@pytest.fixture()
def jwks(tmp_path: Path, key: rsa.RSAPrivateKey, ec_key: ec.EllipticCurvePrivateKey) -> JwksCache:
    rsa_public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
    ec_public = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(ec_key.public_key()))
    path = tmp_path / "jwks.json"
    path.write_text(
        json.dumps(
            {
                "keys": [
                    {**rsa_public, "kid": "k1", "alg": "RS256", "use": "sig"},
                    {**ec_public, "kid": "e1", "alg": "ES256", "use": "sig"},
                ]
            }
        )
    )
    return JwksCache(path.as_uri())


def claims(**overrides: Any) -> dict[str, Any]:
    """A Cognito-shaped ID token's claims; an override of None leaves the claim out."""
    now = int(time.time())
    body = {
        "sub": "u1",
        "iss": ISSUER,
        "aud": AUDIENCE,
        "token_use": "id",
        "iat": now,
        "exp": now + 600,
        "cognito:username": "pl_window",
        "cognito:groups": ["supervisor"],
        "custom:jurisdiction": "371621",
        **overrides,
    }
    return {k: v for k, v in body.items() if v is not None}


def token(key: Any, headers: dict[str, Any] | None = None, **overrides: Any) -> str:
    return jwt.encode(
        claims(**overrides), key, algorithm="RS256", headers={"kid": "k1", **(headers or {})}
    )


def test_a_valid_token_proves_who_the_person_is_and_nothing_about_their_scope(
    jwks: JwksCache, key: Any
) -> None:
    identity = identity_from_claims(verify_id_token(token(key), jwks, ISSUER, AUDIENCE))
    assert (identity.user_id, identity.username) == ("u1", "pl_window")
    # Groups and custom:jurisdiction are anyone's to set on their own account: ignored.
    assert identity.roles == frozenset({Role.APPLICANT})
    assert (identity.jurisdiction, identity.center, identity.department) == ("", "", "")
    assert principal_from_context(principal_to_context(identity)) == identity


def test_how_the_person_signed_in_travels_from_the_token_to_the_request(
    jwks: JwksCache, key: Any
) -> None:
    identity = identity_from_claims(
        verify_id_token(token(key, amr=["pwd", "otp", "mfa"]), jwks, ISSUER, AUDIENCE)
    )
    back = principal_from_context(principal_to_context(identity))
    assert back.extra == {"amr": "pwd otp mfa"}


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"exp": int(time.time()) - 120}, "过期"),
        ({"aud": "someone-else"}, "无效"),
        ({"iss": "https://cognito-idp.us-east-1.amazonaws.com/other-pool"}, "无效"),
        ({"iss": "https://evil.example"}, "无效"),
        ({"token_use": "access"}, "ID token"),
        ({"typ": "Bearer", "token_use": None}, "ID token"),  # a Keycloak access token
        ({"aud": [AUDIENCE, "account"], "azp": "account"}, "ID token"),
        ({"iat": None}, "无效"),
        ({"sub": " "}, "ID token"),
    ],
)
def test_tokens_that_are_expired_meant_for_others_or_not_id_tokens_are_refused(
    jwks: JwksCache, key: Any, overrides: dict[str, Any], message: str
) -> None:
    forged = jwt.encode(claims(**overrides), key, algorithm="RS256", headers={"kid": "k1"})
    with pytest.raises(AuthError, match=message):
        verify_id_token(forged, jwks, ISSUER, AUDIENCE)


def test_an_rfc_9068_access_token_is_refused_even_when_addressed_to_us(
    jwks: JwksCache, key: Any
) -> None:
    access = token(key, headers={"typ": "at+jwt"}, token_use=None)
    with pytest.raises(AuthError, match="ID token"):
        verify_id_token(access, jwks, ISSUER, AUDIENCE)


def test_an_id_token_of_a_provider_without_token_use_is_accepted_by_its_audience(
    jwks: JwksCache, key: Any
) -> None:
    body = claims(typ="ID", token_use=None)
    keycloak = jwt.encode(body, key, algorithm="RS256", headers={"kid": "k1"})
    assert verify_id_token(keycloak, jwks, ISSUER, AUDIENCE)["sub"] == "u1"
    body.pop("typ")
    plain = jwt.encode(body, key, algorithm="RS256", headers={"kid": "k1"})
    assert verify_id_token(plain, jwks, ISSUER, AUDIENCE)["sub"] == "u1"


def test_an_es256_signed_token_is_accepted(jwks: JwksCache, ec_key: Any) -> None:
    signed = jwt.encode(claims(), ec_key, algorithm="ES256", headers={"kid": "e1"})
    assert verify_id_token(signed, jwks, ISSUER, AUDIENCE)["sub"] == "u1"


def test_a_token_signed_by_another_key_is_refused(jwks: JwksCache) -> None:
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    with pytest.raises(AuthError):
        verify_id_token(token(other), jwks, ISSUER, AUDIENCE)


def test_a_token_that_names_a_key_of_another_algorithm_is_refused(
    jwks: JwksCache, key: Any
) -> None:
    # RS256-signed, but pointing at the EC key: the key decides the algorithm, not the token.
    signed = jwt.encode(claims(), key, algorithm="RS256", headers={"kid": "e1"})
    with pytest.raises(AuthError):
        verify_id_token(signed, jwks, ISSUER, AUDIENCE)


def test_an_unsigned_token_is_refused(jwks: JwksCache) -> None:
    unsigned = jwt.encode(claims(), key="", algorithm="none", headers={"kid": "k1"})
    with pytest.raises(AuthError):
        verify_id_token(unsigned, jwks, ISSUER, AUDIENCE)


def test_a_token_signed_with_the_public_key_as_an_hmac_secret_is_refused(
    jwks: JwksCache, key: Any
) -> None:
    public_pem = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    header = base64.urlsafe_b64encode(b'{"alg":"HS256","kid":"k1"}').rstrip(b"=")
    payload = base64.urlsafe_b64encode(json.dumps(claims()).encode()).rstrip(b"=")
    mac = hmac.new(public_pem, header + b"." + payload, hashlib.sha256).digest()
    forged = b".".join([header, payload, base64.urlsafe_b64encode(mac).rstrip(b"=")]).decode()
    with pytest.raises(AuthError):
        verify_id_token(forged, jwks, ISSUER, AUDIENCE)


def test_a_self_edited_token_is_refused(jwks: JwksCache, key: Any) -> None:
    header, payload, signature = token(key).split(".")
    data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    data["sub"] = "someone-in-the-directory"
    edited = base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()
    with pytest.raises(AuthError, match="无效"):
        verify_id_token(f"{header}.{edited}.{signature}", jwks, ISSUER, AUDIENCE)


def test_a_missing_token_asks_the_person_to_log_in(jwks: JwksCache) -> None:
    with pytest.raises(AuthError, match="请先登录"):
        verify_id_token("", jwks, ISSUER, AUDIENCE)


def test_without_a_configured_audience_no_token_is_accepted(jwks: JwksCache, key: Any) -> None:
    with pytest.raises(AuthError, match="客户端"):
        verify_id_token(token(key, aud=""), jwks, ISSUER, "")


class CountingKeys:
    """A key set that counts how often a signature check asked it for a key."""

    def __init__(self, keys: JwksCache) -> None:
        self._keys, self.asked = keys, 0

    def key(self, kid: str) -> Any:
        self.asked += 1
        return self._keys.key(kid)


def test_a_verified_token_is_taken_again_without_a_signature_check_for_at_most_five_minutes(
    jwks: JwksCache, key: Any
) -> None:
    keys, now = CountingKeys(jwks), time.time()
    again = token(key, sub="u-kept", exp=int(now) + 3600)
    first = verify_id_token(again, keys, ISSUER, AUDIENCE, now=now)
    assert verify_id_token(again, keys, ISSUER, AUDIENCE, now=now + 299) == first
    assert keys.asked == 1
    verify_id_token(again, keys, ISSUER, AUDIENCE, now=now + 301)
    assert keys.asked == 2


def test_a_kept_token_is_checked_again_at_its_expiry_and_against_another_key_set(
    jwks: JwksCache, key: Any, tmp_path: Path
) -> None:
    keys, now = CountingKeys(jwks), time.time()
    short = token(key, sub="u-short", exp=int(now) + 60)
    verify_id_token(short, keys, ISSUER, AUDIENCE, now=now)
    verify_id_token(short, keys, ISSUER, AUDIENCE, now=now + 59)
    assert keys.asked == 1
    verify_id_token(short, keys, ISSUER, AUDIENCE, now=now + 61)  # past its exp: checked again
    assert keys.asked == 2
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"keys": []}))
    with pytest.raises(AuthError):
        verify_id_token(short, JwksCache(other.as_uri()), ISSUER, AUDIENCE, now=now)
