"""boto3 clients, built once per container; the endpoint comes from the environment (AWS_ENDPOINT_URL)."""

from __future__ import annotations

import threading
from functools import cache
from typing import Any

import boto3
from botocore.config import Config

_lock = threading.Lock()

# A Lambda instance serves one request at a time; a threaded host (the local runner, a container) serves
# many, and past the default 10 pooled connections each extra call opened and dropped a new one.
MAX_POOL_CONNECTIONS = 50

CLIENT_CONFIG = Config(
    retries={"max_attempts": 5, "mode": "standard"},
    connect_timeout=5,
    read_timeout=30,
    max_pool_connections=MAX_POOL_CONNECTIONS,
    # Every request's shape is checked by the service itself; checking it here too was a twentieth
    # of the API's CPU in the bench (botocore documents the switch for exactly this).
    parameter_validation=False,
)


@cache
def client(service: str, region: str) -> Any:
    # boto3's default session is not thread-safe to create clients from; the local dispatcher is threaded.
    with _lock:
        session: Any = boto3.session.Session(region_name=region)
        return session.client(service, config=CLIENT_CONFIG)


def reset_clients() -> None:
    """Forget cached clients (tests switch endpoints between moto instances)."""
    client.cache_clear()
