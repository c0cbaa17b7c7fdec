"""The user pool's signing keys (JWKS), fetched from a URL and cached."""

from __future__ import annotations

import json
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from typing import Any


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
            # An unknown kid may mean rotation: refetch, but at most once a minute so bogus kids cannot flood the pool.
            rotated = (
                self._keys is not None
                and kid not in self._keys
                and time.monotonic() - self._fetched_at > 60
            )
            if stale or rotated:
                with urllib.request.urlopen(self.url, timeout=5) as response:  # noqa: S310 (URL is configuration)
                    data = json.loads(response.read())
                self._keys = {k["kid"]: jwt.PyJWK(k).key for k in data.get("keys", [])}
                self._fetched_at = time.monotonic()
            assert self._keys is not None
            if kid not in self._keys:
                raise AuthError("登录凭证的签名密钥未知")
            return self._keys[kid]
