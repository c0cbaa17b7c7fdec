"""Identity: verify an OIDC provider's ID tokens and take from them who the person is — nothing more.

Which tokens count as ID tokens, for any provider:
- the signature verifies with a key the issuer publishes (RS256/ES256 only; `none` and HMAC never);
- `iss` is the configured issuer, `exp`/`iat` are present and `exp` is in the future;
- `aud` names our client (OIDC Core §3.1.3.7). This is what tells an ID token from an access token
  everywhere: access tokens are addressed to a resource server (Keycloak: `account`) or to no one
  (Cognito's carry `client_id`, not `aud`). With several audiences, `azp` must be our client;
- where the provider marks the kind of token, the mark must say "ID": Cognito's `token_use` must be
  `id`, Keycloak's `typ` claim must be `ID`, and an RFC 9068 access token (header `typ: at+jwt`) is
  refused. A provider without such marks (the provincial 统一身份认证) is judged by `aud` alone.

Roles and scope are not read from the token at all (see chalicelib/services/identity.py).
"""

from __future__ import annotations

import json
import threading
import time
from collections import OrderedDict
from typing import Any, Protocol

from chalicelib.adapters.jwks import SIGNING_ALGORITHMS, AuthError, JwksCache, OidcKeys
from chalicelib.domain.roles import Principal, Role, roles_from_groups
from chalicelib.services.identity import AMR_KEY

ACCESS_TOKEN_TYPES = frozenset({"at+jwt", "application/at+jwt"})


class SigningKeys(Protocol):
    def key(self, kid: str) -> Any:
        """The verification key (a PyJWK) for this key id, or AuthError."""


# A token already verified is taken again without the signature check until its `exp`, for at most
# five minutes (API Gateway keeps an authorizer's answer as long by default), and only against the
# same key set: the check was a twentieth of the API's CPU, and a browser sends one token per page.
VERIFIED_SECONDS = 300.0
VERIFIED_KEPT = 1024
_verified: OrderedDict[tuple[str, str, str], tuple[float, SigningKeys, dict[str, Any]]] = (
    OrderedDict()
)
_verified_lock = threading.Lock()


def verify_id_token(
    token: str, keys: SigningKeys, issuer: str, audience: str, now: float | None = None
) -> dict[str, Any]:
    """Check signature, issuer, audience, expiry and that it is an ID token; return the claims."""
    if not token:
        raise AuthError("请先登录")
    token = token.removeprefix("Bearer ").strip()
    if not audience:
        raise AuthError("系统未配置身份认证的客户端标识，暂时无法登录")
    at = time.time() if now is None else now
    kept = (token, issuer, audience)
    with _verified_lock:
        hit = _verified.get(kept)
    if hit is not None and hit[1] is keys and at < hit[0]:
        return dict(hit[2])
    claims = _verified_claims(token, keys, issuer, audience)
    until = min(float(claims["exp"]), at + VERIFIED_SECONDS)
    with _verified_lock:
        _verified[kept] = (until, keys, dict(claims))
        _verified.move_to_end(kept)
        while len(_verified) > VERIFIED_KEPT:
            _verified.popitem(last=False)
    return claims


def _verified_claims(token: str, keys: SigningKeys, issuer: str, audience: str) -> dict[str, Any]:
    import jwt

    try:
        header = jwt.get_unverified_header(token)
        claims: dict[str, Any] = jwt.decode(
            token,
            key=keys.key(str(header.get("kid", ""))),
            algorithms=list(SIGNING_ALGORITHMS),
            audience=audience,
            issuer=issuer,
            options={"require": ["exp", "iat", "iss", "sub", "aud"]},
            leeway=30,  # clocks of the provider and of Lambda may differ by a few seconds
        )
    except jwt.ExpiredSignatureError:
        raise AuthError("登录已过期，请重新登录") from None
    except jwt.PyJWTError:
        raise AuthError("登录凭证无效，请重新登录") from None
    if not _is_id_token(header, claims, audience):
        raise AuthError("请使用身份令牌（ID token）访问")
    return claims


def _is_id_token(header: dict[str, Any], claims: dict[str, Any], audience: str) -> bool:
    if str(header.get("typ", "")).lower() in ACCESS_TOKEN_TYPES:
        return False
    if "token_use" in claims and claims["token_use"] != "id":
        return False
    if "typ" in claims and str(claims["typ"]).lower() != "id":
        return False
    aud = claims["aud"]
    if isinstance(aud, list) and len(aud) > 1 and claims.get("azp") != audience:
        return False
    return bool(str(claims.get("sub", "")).strip())


def identity_from_claims(claims: dict[str, Any]) -> Principal:
    """Who the token says the person is. Groups and custom attributes are deliberately ignored."""
    username = str(
        claims.get("cognito:username") or claims.get("preferred_username") or claims["sub"]
    )
    amr = claims.get("amr", [])
    return Principal(
        user_id=str(claims["sub"]),
        username=username,
        name=str(claims.get("name") or username),
        roles=frozenset({Role.APPLICANT}),
        phone=str(claims.get("phone_number", "")),
        email=str(claims.get("email", "")),
        extra={AMR_KEY: " ".join(str(a) for a in amr)} if isinstance(amr, list) else {},
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
            "amr": principal.extra.get(AMR_KEY, ""),
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
        extra={AMR_KEY: data["amr"]} if data.get("amr") else {},
    )


__all__ = [
    "AuthError",
    "JwksCache",
    "OidcKeys",
    "SigningKeys",
    "identity_from_claims",
    "principal_from_context",
    "principal_to_context",
    "verify_id_token",
]
