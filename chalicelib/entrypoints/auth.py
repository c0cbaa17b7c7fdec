"""Identity: verify Cognito ID tokens against the pool's JWKS and turn claims into a Principal."""

from __future__ import annotations

import json
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from typing import Any

from chalicelib.domain.roles import Principal, Role, roles_from_groups


class AuthError(Exception):
    """Why a token was not accepted, in Chinese for people."""


@dataclass
class JwksCache:
    """Keys fetched from the pool's JWKS URL, kept for an hour (Cognito rotates rarely)."""

    url: str
    ttl_seconds: int = 3600
    _keys: dict[str, Any] | None = None
    _fetched_at: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def key(self, kid: str) -> Any:
        import jwt  # lazy: keeps cryptography off the import path of public routes

        with self._lock:
            stale = self._keys is None or time.monotonic() - self._fetched_at > self.ttl_seconds
            if stale or (self._keys is not None and kid not in self._keys):
                with urllib.request.urlopen(self.url, timeout=5) as response:  # noqa: S310 (URL is configuration)
                    data = json.loads(response.read())
                self._keys = {k["kid"]: jwt.PyJWK(k).key for k in data.get("keys", [])}
                self._fetched_at = time.monotonic()
            assert self._keys is not None
            if kid not in self._keys:
                raise AuthError("登录凭证的签名密钥未知")
            return self._keys[kid]


def verify_id_token(token: str, jwks: JwksCache, issuer: str, audience: str) -> dict[str, Any]:
    """Check signature, issuer, audience, expiry and token use; return the claims."""
    import jwt

    if not token:
        raise AuthError("请先登录")
    token = token.removeprefix("Bearer ").strip()
    try:
        header = jwt.get_unverified_header(token)
        claims: dict[str, Any] = jwt.decode(
            token,
            key=jwks.key(str(header.get("kid", ""))),
            algorithms=["RS256"],
            audience=audience,
            issuer=issuer,
            options={"require": ["exp", "iss", "sub", "aud"]},
        )
    except jwt.ExpiredSignatureError:
        raise AuthError("登录已过期，请重新登录") from None
    except jwt.PyJWTError:
        raise AuthError("登录凭证无效，请重新登录") from None
    if claims.get("token_use") != "id":
        raise AuthError("请使用身份令牌（ID token）访问")
    return claims


def principal_from_claims(claims: dict[str, Any]) -> Principal:
    roles = roles_from_groups(claims.get("cognito:groups", []))
    if not roles:
        roles = frozenset({Role.APPLICANT})
    username = str(claims.get("cognito:username", claims.get("sub", "")))
    return Principal(
        user_id=str(claims["sub"]),
        username=username,
        name=str(claims.get("name") or username),
        roles=roles,
        jurisdiction=str(claims.get("custom:jurisdiction", "")),
        center=str(claims.get("custom:center", "")),
        department=str(claims.get("custom:department", "")),
        phone=str(claims.get("phone_number", "")),
        email=str(claims.get("email", "")),
    )


def principal_to_context(principal: Principal) -> str:
    """API Gateway authorizer context values must be strings: pack the principal as JSON."""
    return json.dumps(
        {
            "user_id": principal.user_id,
            "username": principal.username,
            "name": principal.name,
            "roles": sorted(r.value for r in principal.roles),
            "jurisdiction": principal.jurisdiction,
            "center": principal.center,
            "department": principal.department,
            "phone": principal.phone,
            "email": principal.email,
        },
        ensure_ascii=False,
    )


def principal_from_context(raw: str) -> Principal:
    data = json.loads(raw)
    return Principal(
        user_id=data["user_id"],
        username=data["username"],
        name=data["name"],
        roles=roles_from_groups(data["roles"]),
        jurisdiction=data["jurisdiction"],
        center=data["center"],
        department=data["department"],
        phone=data["phone"],
        email=data["email"],
    )
