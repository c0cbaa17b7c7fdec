"""An OIDC provider's signing keys: found by discovery (or a fixed JWKS URL locally), fetched and cached."""

from __future__ import annotations

import json
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from typing import Any

# Asymmetric algorithms only: a symmetric one would let anyone holding the public key sign.
SIGNING_ALGORITHMS = ("RS256", "ES256")
FETCH_TIMEOUT_SECONDS = 5


class AuthError(Exception):
    """Why a token was not accepted, in Chinese for people."""


def _fetch_json(url: str) -> dict[str, Any]:
    try:
        with urllib.request.urlopen(url, timeout=FETCH_TIMEOUT_SECONDS) as response:  # noqa: S310 (URL is configuration)
            data = json.loads(response.read())
    except (OSError, ValueError):
        raise AuthError("身份认证服务暂时无法访问，请稍后重试") from None
    if not isinstance(data, dict):
        raise AuthError("身份认证服务的应答无效")
    return data


@dataclass
class JwksCache:
    """Keys fetched from a JWKS URL, kept for an hour (providers rotate rarely)."""

    url: str
    ttl_seconds: int = 3600
    _keys: dict[str, Any] | None = None
    _fetched_at: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def key(self, kid: str) -> Any:
        """The PyJWK for `kid`: it carries its algorithm, so a token cannot choose another."""
        import jwt  # lazy: keeps cryptography off the import path of public routes

        with self._lock:
            stale = self._keys is None or time.monotonic() - self._fetched_at > self.ttl_seconds
            # An unknown kid may mean rotation: refetch, but at most once a minute so bogus kids cannot flood the pool.
            rotated = (
                self._keys is not None
                and kid not in self._keys
                and time.monotonic() - self._fetched_at > 60
            )
            if stale or rotated:
                keys: dict[str, Any] = {}
                for k in _fetch_json(self.url).get("keys", []):
                    if not isinstance(k, dict) or k.get("use", "sig") != "sig" or "kid" not in k:
                        continue
                    try:
                        parsed = jwt.PyJWK(k)
                    except jwt.PyJWTError:
                        continue  # a key of a kind we do not verify with (e.g. an encryption key)
                    if parsed.algorithm_name in SIGNING_ALGORITHMS:
                        keys[str(k["kid"])] = parsed
                self._keys = keys
                self._fetched_at = time.monotonic()
            assert self._keys is not None
            if kid not in self._keys:
                raise AuthError("登录凭证的签名密钥未知")
            return self._keys[kid]


@dataclass
class OidcKeys:
    """Any OIDC provider: `{issuer}/.well-known/openid-configuration` names the `jwks_uri`.

    `jwks_url` skips discovery (the local runner points it at moto's JWKS in a file)."""

    issuer: str
    jwks_url: str = ""
    _jwks: JwksCache | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def key(self, kid: str) -> Any:
        return self._keys().key(kid)

    def _keys(self) -> JwksCache:
        with self._lock:
            if self._jwks is None:
                self._jwks = JwksCache(self.jwks_url or self._discover())
            return self._jwks

    def _discover(self) -> str:
        config = _fetch_json(self.issuer.rstrip("/") + "/.well-known/openid-configuration")
        # OpenID Connect Discovery §4.3: the document must name the issuer it was fetched for.
        if config.get("issuer") != self.issuer:
            raise AuthError("身份认证服务的配置与登录凭证签发方不符")
        jwks_uri = config.get("jwks_uri")
        if not isinstance(jwks_uri, str) or not jwks_uri:
            raise AuthError("身份认证服务未提供签名密钥地址")
        return jwks_uri
