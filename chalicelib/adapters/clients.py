"""boto3 clients, built once per container; the endpoint comes from the environment (AWS_ENDPOINT_URL)."""

from __future__ import annotations

import threading
from functools import cache
from typing import Any

import boto3
from botocore.config import Config

_lock = threading.Lock()

RETRY_CONFIG = Config(
    retries={"max_attempts": 5, "mode": "standard"}, connect_timeout=5, read_timeout=30
)


@cache
def client(service: str, region: str) -> Any:
    # boto3's default session is not thread-safe to create clients from; the local dispatcher is threaded.
    with _lock:
        session: Any = boto3.session.Session(region_name=region)
        return session.client(service, config=RETRY_CONFIG)


def reset_clients() -> None:
    """Forget cached clients (tests switch endpoints between moto instances)."""
    client.cache_clear()
