"""An OIDC provider's keys are found by discovery; a document that names another issuer, or keys we
would not verify with, yield nothing (files stand in for the provider's URLs)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from chalicelib.adapters.jwks import AuthError, OidcKeys


def rsa_jwk(kid: str, alg: str = "RS256") -> dict[str, Any]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return {
        **json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key())),
        "kid": kid,
        "alg": alg,
    }


def provider(tmp_path: Path, keys: list[dict[str, Any]], **config: Any) -> str:
    issuer = (tmp_path / "realm").as_uri()
    jwks = tmp_path / "certs.json"
    jwks.write_text(json.dumps({"keys": keys}))
    known = tmp_path / "realm" / ".well-known"
    known.mkdir(parents=True)
    document = {"issuer": issuer, "jwks_uri": jwks.as_uri(), **config}
    (known / "openid-configuration").write_text(
        json.dumps({k: v for k, v in document.items() if v is not None})
    )
    return issuer


def test_the_jwks_named_by_discovery_gives_the_key_with_its_algorithm(tmp_path: Path) -> None:
    issuer = provider(tmp_path, [rsa_jwk("k1")])
    assert OidcKeys(issuer).key("k1").algorithm_name == "RS256"


def test_a_discovery_document_for_another_issuer_is_refused(tmp_path: Path) -> None:
    issuer = provider(tmp_path, [rsa_jwk("k1")], issuer="https://evil.example/realm")
    with pytest.raises(AuthError, match="不符"):
        OidcKeys(issuer).key("k1")


def test_a_discovery_document_without_keys_is_refused(tmp_path: Path) -> None:
    issuer = provider(tmp_path, [rsa_jwk("k1")], jwks_uri=None)
    with pytest.raises(AuthError, match="签名密钥地址"):
        OidcKeys(issuer).key("k1")


def test_an_unreachable_provider_refuses_sign_in_rather_than_failing_open(tmp_path: Path) -> None:
    with pytest.raises(AuthError, match="暂时无法访问"):
        OidcKeys((tmp_path / "nowhere").as_uri()).key("k1")


@pytest.mark.parametrize(
    "unusable",
    [
        {"kty": "oct", "k": "c2VjcmV0", "kid": "k1", "alg": "HS256"},  # a shared secret
        {**rsa_jwk("k1", "RS512")},  # an algorithm we do not accept
        {**rsa_jwk("k1"), "use": "enc"},  # an encryption key
    ],
    ids=["hmac secret", "RS512", "encryption key"],
)
def test_keys_we_would_not_verify_with_are_left_out(
    tmp_path: Path, unusable: dict[str, Any]
) -> None:
    issuer = provider(tmp_path, [unusable])
    with pytest.raises(AuthError, match="签名密钥未知"):
        OidcKeys(issuer).key("k1")


def test_a_fixed_jwks_url_skips_discovery(tmp_path: Path) -> None:
    jwks = tmp_path / "jwks.json"
    jwks.write_text(json.dumps({"keys": [rsa_jwk("dummy")]}))
    keys = OidcKeys("https://cognito-idp.us-east-1.amazonaws.com/pool", jwks.as_uri())
    assert keys.key("dummy").algorithm_name == "RS256"
