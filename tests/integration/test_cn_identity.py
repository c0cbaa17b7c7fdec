"""In the cn profile identity is any OIDC issuer (the provincial 统一身份认证), never Cognito: its keys come
from a configured JWKS (a file here, generated in the test) and its issuer and audience from settings."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from chalicelib import bootstrap
from chalicelib.config import aws_domain, load_settings
from chalicelib.entrypoints.auth import AuthError, verify_id_token

ISSUER = "https://uias.nx.gov.cn/realms/zwfw"
AUDIENCE = "tongban-cn"
KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture()
def cn_identity(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(KEY.public_key()))
    jwks = tmp_path / "jwks.json"
    jwks.write_text(json.dumps({"keys": [{**public, "kid": "nx-1", "alg": "RS256", "use": "sig"}]}))
    monkeypatch.setenv("TONGBAN_PROFILE", "cn")
    monkeypatch.setenv("AWS_REGION", "cn-northwest-1")
    monkeypatch.setenv("TONGBAN_OIDC_ISSUER", ISSUER)
    monkeypatch.setenv("TONGBAN_OIDC_AUDIENCE", AUDIENCE)
    monkeypatch.setenv("TONGBAN_JWKS_URL", jwks.as_uri())
    yield


def token(issuer: str) -> str:
    now = int(time.time())
    claims = {"iss": issuer, "aud": AUDIENCE, "sub": "u-1", "iat": now, "exp": now + 600}
    return jwt.encode(claims, KEY, algorithm="RS256", headers={"kid": "nx-1", "typ": "JWT"})


def verify(raw: str) -> dict[str, object]:
    settings = load_settings()
    return verify_id_token(raw, bootstrap.jwks(), settings.oidc_issuer, settings.oidc_audience)


def test_a_token_of_the_configured_non_cognito_issuer_is_accepted(cn_identity: None) -> None:
    assert "amazonaws" not in load_settings().oidc_issuer
    assert verify(token(ISSUER))["sub"] == "u-1"


def test_a_token_signed_with_the_same_key_but_from_another_issuer_is_refused(
    cn_identity: None,
) -> None:
    with pytest.raises(AuthError):
        verify(token("https://cognito-idp.cn-northwest-1.amazonaws.com.cn/pool"))


def test_aws_endpoints_in_china_end_in_com_cn() -> None:
    assert aws_domain("cn-northwest-1") == "amazonaws.com.cn"
    assert aws_domain("us-east-1") == "amazonaws.com"
