"""The local moto's transaction (devtools/moto_speedups.py) keeps DynamoDB's all-or-nothing rules
without copying whole tables: every condition is checked against the state before any write."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto.core.models import DEFAULT_ACCOUNT_ID
from moto.dynamodb.exceptions import MockValidationException, TransactionCanceledException
from moto.dynamodb.models import dynamodb_backends

from devtools.moto_speedups import transact_write_items
from tests.support.moto_env import REGION, mocked_aws


@pytest.fixture
def db() -> Iterator[tuple[Any, Any]]:
    with mocked_aws():
        client = boto3.client("dynamodb", region_name=REGION)
        client.create_table(
            TableName="t",
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
        yield client, dynamodb_backends[DEFAULT_ACCOUNT_ID][REGION]


def put(pk: str, value: str, condition: str = "") -> dict[str, Any]:
    op: dict[str, Any] = {"TableName": "t", "Item": {"pk": {"S": pk}, "v": {"S": value}}}
    if condition:
        op["ConditionExpression"] = condition
    return {"Put": op}


def stored(client: Any, pk: str) -> str | None:
    item = client.get_item(TableName="t", Key={"pk": {"S": pk}}).get("Item")
    return item["v"]["S"] if item else None


def test_a_transaction_whose_conditions_hold_writes_every_item(db: tuple[Any, Any]) -> None:
    client, backend = db
    transact_write_items(backend, [put("a", "1", "attribute_not_exists(pk)"), put("b", "2")])
    assert (stored(client, "a"), stored(client, "b")) == ("1", "2")


def test_one_failed_condition_writes_nothing_and_names_the_failing_item(
    db: tuple[Any, Any],
) -> None:
    client, backend = db
    client.put_item(TableName="t", Item={"pk": {"S": "b"}, "v": {"S": "old"}})
    failing = put("b", "new", "attribute_not_exists(pk)")
    failing["Put"]["ReturnValuesOnConditionCheckFailure"] = "ALL_OLD"
    with pytest.raises(TransactionCanceledException) as cancelled:
        transact_write_items(backend, [put("a", "1"), failing])
    assert (stored(client, "a"), stored(client, "b")) == (None, "old")
    assert "ConditionalCheckFailed" in str(cancelled.value.message)


def test_conditions_see_the_state_before_the_transaction_not_its_own_writes(
    db: tuple[Any, Any],
) -> None:
    client, backend = db
    # The check on "b" reads "b" as it was, whatever "a" becomes.
    check = {
        "ConditionCheck": {
            "TableName": "t",
            "Key": {"pk": {"S": "b"}},
            "ConditionExpression": "attribute_not_exists(pk)",
        }
    }
    transact_write_items(backend, [put("a", "1"), check])
    assert stored(client, "a") == "1"


def test_a_write_that_fails_midway_undoes_the_items_already_written(db: tuple[Any, Any]) -> None:
    client, backend = db
    client.put_item(TableName="t", Item={"pk": {"S": "a"}, "v": {"S": "old"}})
    broken = {
        "Update": {
            "TableName": "t",
            "Key": {"pk": {"S": "b"}},
            "UpdateExpression": "SET v = :missing",  # no such value: refused when written
            "ExpressionAttributeValues": {":given": {"S": "x"}},
        }
    }
    with pytest.raises(MockValidationException):
        transact_write_items(backend, [put("a", "new"), put("c", "3"), broken])
    assert (stored(client, "a"), stored(client, "c"), stored(client, "b")) == ("old", None, None)
