"""In-process moto for adapter contract tests: test credentials, no endpoint override, tables from the spec."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import boto3
from moto import mock_aws

from chalicelib.resource_spec import build_spec
from devtools.provision import _create_table

REGION = "us-east-1"
ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SECURITY_TOKEN": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": REGION,
}


@contextmanager
def mocked_aws() -> Iterator[None]:
    """moto for the duration, with the environment put back afterwards."""
    saved = {k: os.environ.get(k) for k in [*ENV, "AWS_ENDPOINT_URL"]}
    os.environ.update(ENV)
    os.environ.pop("AWS_ENDPOINT_URL", None)
    try:
        with mock_aws():
            yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def pk_sk_table(client: Any, name: str, **extra: Any) -> None:
    """A pay-per-request test table keyed like the case files (pk, sk strings); `extra` adds to the
    CreateTable call (e.g. AttributeDefinitions of index keys, merged, and GlobalSecondaryIndexes)."""
    definitions = [
        {"AttributeName": "pk", "AttributeType": "S"},
        {"AttributeName": "sk", "AttributeType": "S"},
        *extra.pop("AttributeDefinitions", []),
    ]
    client.create_table(
        TableName=name,
        BillingMode="PAY_PER_REQUEST",
        KeySchema=[
            {"AttributeName": "pk", "KeyType": "HASH"},
            {"AttributeName": "sk", "KeyType": "RANGE"},
        ],
        AttributeDefinitions=definitions,
        **extra,
    )


@contextmanager
def serialised_dynamodb() -> Iterator[None]:
    """DynamoDB's per-request atomicity for in-process moto under threads: one request at a time.

    moto answers an UpdateItem's ReturnValues by reading the item, updating it, and comparing the two,
    with nothing between threads; DynamoDB does it as one step. The moto process holds the same lock
    (devtools/moto_process.py); a contract test that makes parallel requests in-process needs it too."""
    from moto.dynamodb.responses import DynamoHandler

    lock = threading.Lock()
    original = DynamoHandler.call_action

    def one_at_a_time(self: Any) -> Any:
        with lock:
            return original(self)

    DynamoHandler.call_action = one_at_a_time  # type: ignore[method-assign]
    try:
        yield
    finally:
        DynamoHandler.call_action = original  # type: ignore[method-assign]


@contextmanager
def spec_table(logical: str) -> Iterator[tuple[Any, str]]:
    """A DynamoDB client and one table created exactly as the resource spec (and template) defines it."""
    with mocked_aws():
        client = boto3.client("dynamodb", region_name=REGION)
        table = build_spec("test", ()).table(logical)
        _create_table(client, table)
        yield client, table.name
