"""Signing keys kept in AWS Secrets Manager, so every Lambda container signs and verifies with the same key."""

from __future__ import annotations

from typing import Any


class SecretsManagerKeyStore:
    def __init__(self, client: Any, prefix: str) -> None:
        self._sm = client
        self._prefix = prefix

    def load(self, name: str) -> bytes | None:
        try:
            out = self._sm.get_secret_value(SecretId=self._prefix + name)
        except self._sm.exceptions.ResourceNotFoundException:
            return None
        return str(out["SecretString"]).encode()

    def create(self, name: str, pem: bytes) -> bytes:
        try:
            self._sm.create_secret(Name=self._prefix + name, SecretString=pem.decode())
        except self._sm.exceptions.ResourceExistsException:
            # Another container created it first: everyone signs with that one.
            stored = self.load(name)
            if stored is not None:
                return stored
        return pem
