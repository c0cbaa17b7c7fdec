"""Identity: verify Cognito ID tokens against the pool's JWKS and turn claims into a Principal."""

from __future__ import annotations

import json
from typing import Any

from chalicelib.adapters.jwks import AuthError, JwksCache
from chalicelib.domain.roles import Principal, Role, roles_from_groups


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


__all__ = [
    "AuthError",
    "JwksCache",
    "principal_from_claims",
    "principal_from_context",
    "principal_to_context",
    "verify_id_token",
]
