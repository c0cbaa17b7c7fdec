"""One contract for the rate-limit counter, on the in-memory fake and on DynamoDB (moto): atomic under threads."""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

import boto3
import pytest
from moto import mock_aws

from chalicelib.adapters.dynamodb_rate_limits import DynamoHitCounter
from chalicelib.services import rate_limits
from chalicelib.services.rate_limits import Limit, RateLimitedError, RateLimitPorts
from tests.support.fakes import FakeClock, FakeHitCounter
from tests.support.moto_env import serialised_dynamodb

TABLE = "tongban-rate-limits-test"
ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
}


@contextmanager
def moto_table() -> Iterator[Any]:
    saved = {k: os.environ.get(k) for k in [*ENV, "AWS_ENDPOINT_URL"]}
    os.environ.update(ENV)
    os.environ.pop("AWS_ENDPOINT_URL", None)
    try:
        # The burst test's thirty threads need DynamoDB's atomic UpdateItem, which moto in-process lacks.
        with mock_aws(), serialised_dynamodb():
            client = boto3.client("dynamodb", region_name="us-east-1")
            client.create_table(
                TableName=TABLE,
                KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                BillingMode="PAY_PER_REQUEST",
            )
            client.update_time_to_live(
                TableName=TABLE,
                TimeToLiveSpecification={"Enabled": True, "AttributeName": "expires_at"},
            )
            yield client
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@pytest.fixture(params=["fake", "dynamodb"])
def counter(request: pytest.FixtureRequest) -> Iterator[rate_limits.HitCounter]:
    if request.param == "fake":
        yield FakeHitCounter()
        return
    with moto_table() as client:
        yield DynamoHitCounter(client, TABLE)


def test_adding_returns_the_new_value_and_a_negative_amount_gives_back(
    counter: rate_limits.HitCounter,
) -> None:
    assert [counter.add("a", 1, 2_000_000_000) for _ in range(3)] == [1, 2, 3]
    assert counter.add("a", -1, 2_000_000_000) == 2
    assert counter.add("b", 1, 2_000_000_000) == 1


def test_a_parallel_burst_of_thirty_gets_at_most_the_limit_through(
    counter: rate_limits.HitCounter,
) -> None:
    """The limit is counted in one atomic request per attempt, so no two attempts see the same count."""
    ports = RateLimitPorts(counter=counter, clock=FakeClock(), pepper=b"k" * 32)
    limit = Limit("burst", 10, 3600, "请{minutes}分钟后再试")

    def attempt(_: int) -> bool:
        try:
            rate_limits.take(ports, limit, "subject")
        except RateLimitedError:
            return False
        return True

    with ThreadPoolExecutor(max_workers=30) as pool:
        through = sum(pool.map(attempt, range(30)))
    assert through == 10


def test_the_stored_counter_carries_its_expiry_for_the_table_ttl() -> None:
    with moto_table() as client:
        DynamoHitCounter(client, TABLE).add("x", 1, 1_900_000_000)
        DynamoHitCounter(client, TABLE).add("x", 1, 1_900_009_999)  # the first expiry stays
        item = client.get_item(TableName=TABLE, Key={"pk": {"S": "x"}})["Item"]
        assert item["expires_at"] == {"N": "1900000000"} and item["n"] == {"N": "2"}
