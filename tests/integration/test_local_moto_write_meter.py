"""The local moto's write meter (devtools/moto_write_meter.py) bills each write moto performs by
DynamoDB's rules: the item's size, its indexes' changes, double in a transaction, a refused write too."""

from __future__ import annotations

import collections
from collections.abc import Iterator
from typing import Any

import boto3
import pytest

from devtools import moto_speedups, moto_write_meter
from tests.support.moto_env import REGION, mocked_aws


@pytest.fixture
def metered() -> Iterator[tuple[Any, collections.Counter[str]]]:
    billed: collections.Counter[str] = collections.Counter()
    with mocked_aws():
        undo_speedups = moto_speedups.install()
        undo_meter = moto_write_meter.install(billed.update)
        try:
            client = boto3.client("dynamodb", region_name=REGION)
            client.create_table(
                TableName="t",
                KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                AttributeDefinitions=[
                    {"AttributeName": "pk", "AttributeType": "S"},
                    {"AttributeName": "open", "AttributeType": "S"},
                ],
                GlobalSecondaryIndexes=[
                    {
                        "IndexName": "by_open",
                        "KeySchema": [{"AttributeName": "open", "KeyType": "HASH"}],
                        "Projection": {"ProjectionType": "KEYS_ONLY"},
                    }
                ],
                BillingMode="PAY_PER_REQUEST",
            )
            moto_write_meter.caller("dynamodb")
            yield client, billed
        finally:
            undo_meter()
            undo_speedups()


def test_a_small_put_bills_one_unit_and_a_large_one_a_unit_per_kilobyte(
    metered: tuple[Any, collections.Counter[str]],
) -> None:
    client, billed = metered
    client.put_item(TableName="t", Item={"pk": {"S": "a"}})
    client.put_item(TableName="t", Item={"pk": {"S": "b"}, "x": {"S": "y" * 2500}})
    assert billed == {"dynamodb-wru:t": 1 + 3}


def test_a_sparse_index_is_billed_only_when_the_item_enters_or_leaves_it(
    metered: tuple[Any, collections.Counter[str]],
) -> None:
    client, billed = metered
    client.put_item(TableName="t", Item={"pk": {"S": "a"}, "open": {"S": "RS"}})
    client.update_item(
        TableName="t",
        Key={"pk": {"S": "a"}},
        UpdateExpression="SET note = :n",
        ExpressionAttributeValues={":n": {"S": "x"}},
    )
    client.update_item(
        TableName="t",
        Key={"pk": {"S": "a"}},
        UpdateExpression="REMOVE #o",
        ExpressionAttributeNames={"#o": "open"},
    )
    assert billed == {"dynamodb-wru:t": 3, "dynamodb-wru:t/by_open": 2}


def test_a_transaction_bills_double_on_its_table(
    metered: tuple[Any, collections.Counter[str]],
) -> None:
    client, billed = metered
    client.transact_write_items(
        TransactItems=[
            {"Put": {"TableName": "t", "Item": {"pk": {"S": "a"}}}},
            {"Put": {"TableName": "t", "Item": {"pk": {"S": "b"}}}},
        ]
    )
    assert billed == {"dynamodb-wru:t": 4}


def test_a_refused_conditional_write_still_bills_its_item(
    metered: tuple[Any, collections.Counter[str]],
) -> None:
    client, billed = metered
    client.put_item(TableName="t", Item={"pk": {"S": "a"}})
    with pytest.raises(client.exceptions.ConditionalCheckFailedException):
        client.put_item(
            TableName="t", Item={"pk": {"S": "a"}}, ConditionExpression="attribute_not_exists(pk)"
        )
    assert billed == {"dynamodb-wru:t": 2}


def test_a_drivers_writes_are_billed_apart_from_the_apps(
    metered: tuple[Any, collections.Counter[str]],
) -> None:
    client, billed = metered
    moto_write_meter.caller("driver-dynamodb")
    client.put_item(TableName="t", Item={"pk": {"S": "a"}})
    assert billed == {"driver-dynamodb-wru:t": 1}


def test_a_failing_meter_never_fails_the_write_it_measures() -> None:
    def broken(_: collections.Counter[str]) -> None:
        raise RuntimeError("sink down")

    with mocked_aws():
        undo = moto_write_meter.install(broken)
        try:
            client = boto3.client("dynamodb", region_name=REGION)
            client.create_table(
                TableName="t",
                KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                BillingMode="PAY_PER_REQUEST",
            )
            client.put_item(TableName="t", Item={"pk": {"S": "a"}})
            assert client.get_item(TableName="t", Key={"pk": {"S": "a"}})["Item"]
        finally:
            undo()
