"""HMAC keys of a deployed stage in AWS Secrets Manager: created by the first container that needs one."""

from __future__ import annotations

import secrets
import threading
from typing import Any


class SecretsManagerSecrets:
    """Implements services.ports.SecretSource under one prefix (e.g. `tongban/prod/app/`)."""

    def __init__(self, client: Any, prefix: str) -> None:
        self._sm = client
        self._prefix = prefix
        self._cache: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def secret(self, name: str) -> bytes:
        with self._lock:
            if name not in self._cache:
                self._cache[name] = bytes.fromhex(self._load_or_create(self._prefix + name))
            return self._cache[name]

    def _load_or_create(self, secret_id: str) -> str:
        try:
            return str(self._sm.get_secret_value(SecretId=secret_id)["SecretString"])
        except self._sm.exceptions.ResourceNotFoundException:
            pass
        made = secrets.token_hex(32)
        try:
            self._sm.create_secret(Name=secret_id, SecretString=made)
        except self._sm.exceptions.ResourceExistsException:
            # Another container made it first: everyone keys with that one.
            return str(self._sm.get_secret_value(SecretId=secret_id)["SecretString"])
        return made
