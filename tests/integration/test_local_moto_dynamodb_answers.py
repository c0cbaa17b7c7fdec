"""The local moto's direct DynamoDB answers are the answers moto's own serialiser writes, for every item
operation the app makes and every attribute type: verified operation by operation on a corpus."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import boto3
import pytest
from moto import mock_aws

from devtools import moto_dynamodb_json
from tests.support.moto_env import pk_sk_table

REGION = "us-east-1"
EVERY_TYPE: dict[str, Any] = {
    "pk": {"S": "case-1"},
    "sk": {"S": "C#"},
    "text": {"S": "平罗县 — 申请人"},
    "number": {"N": "12.50"},
    "blob": {"B": b"\x00\x01packed\xff"},
    "flag": {"BOOL": True},
    "nothing": {"NULL": True},
    "map": {"M": {"inner": {"S": "x"}, "n": {"N": "1"}, "b": {"B": b"\x02"}}},
    "list": {"L": [{"S": "a"}, {"N": "2"}, {"M": {"deep": {"BOOL": False}}}]},
    "strings": {"SS": ["a", "b"]},
    "numbers": {"NS": ["1", "2.5"]},
    "blobs": {"BS": [b"\x01", b"\x02"]},
    "unit": {"S": "640221#rs"},
}


@pytest.fixture()
def db() -> Iterator[Any]:
    with mock_aws():
        uninstall = moto_dynamodb_json.install(verify=True)
        try:
            client = boto3.client("dynamodb", region_name=REGION)
            pk_sk_table(
                client,
                "files",
                AttributeDefinitions=[{"AttributeName": "unit", "AttributeType": "S"}],
                GlobalSecondaryIndexes=[
                    {
                        "IndexName": "by_unit",
                        "KeySchema": [{"AttributeName": "unit", "KeyType": "HASH"}],
                        "Projection": {"ProjectionType": "KEYS_ONLY"},
                    }
                ],
            )
            yield client
        finally:
            uninstall()


def test_reads_of_every_attribute_type_answer_as_moto_would(db: Any) -> None:
    db.put_item(TableName="files", Item=EVERY_TYPE, ReturnConsumedCapacity="TOTAL")
    for n in range(3):
        db.put_item(TableName="files", Item={"pk": {"S": "case-1"}, "sk": {"S": f"E#{n:06d}"}})
    got = db.get_item(TableName="files", Key={"pk": {"S": "case-1"}, "sk": {"S": "C#"}})
    assert got["Item"]["blob"]["B"] == b"\x00\x01packed\xff"
    assert "Item" not in db.get_item(TableName="files", Key={"pk": {"S": "no"}, "sk": {"S": "C#"}})
    page = db.query(
        TableName="files",
        KeyConditionExpression="pk = :p",
        ExpressionAttributeValues={":p": {"S": "case-1"}},
        Limit=2,
        ReturnConsumedCapacity="INDEXES",
    )
    assert page["Count"] == 2 and "LastEvaluatedKey" in page
    rest = db.query(
        TableName="files",
        KeyConditionExpression="pk = :p",
        ExpressionAttributeValues={":p": {"S": "case-1"}},
        ExclusiveStartKey=page["LastEvaluatedKey"],
    )
    assert rest["Count"] == 2 and "LastEvaluatedKey" not in rest
    counted = db.query(
        TableName="files",
        KeyConditionExpression="pk = :p AND begins_with(sk, :e)",
        ExpressionAttributeValues={":p": {"S": "case-1"}, ":e": {"S": "E#"}},
        Select="COUNT",
    )
    assert counted["Count"] == 3 and "Items" not in counted or counted.get("Items") == []
    keys = db.query(
        TableName="files",
        IndexName="by_unit",
        KeyConditionExpression="unit = :u",
        ExpressionAttributeValues={":u": {"S": "640221#rs"}},
    )
    assert keys["Items"] == [{"pk": {"S": "case-1"}, "sk": {"S": "C#"}, "unit": {"S": "640221#rs"}}]
    projected = db.get_item(
        TableName="files",
        Key={"pk": {"S": "case-1"}, "sk": {"S": "C#"}},
        ProjectionExpression="#m.inner, #b",
        ExpressionAttributeNames={"#m": "map", "#b": "blob"},
    )
    assert projected["Item"]["map"] == {"M": {"inner": {"S": "x"}}}
    batch = db.batch_get_item(
        RequestItems={
            "files": {
                "Keys": [
                    {"pk": {"S": "case-1"}, "sk": {"S": "C#"}},
                    {"pk": {"S": "missing"}, "sk": {"S": "C#"}},
                ]
            }
        }
    )
    assert len(batch["Responses"]["files"]) == 1 and batch["UnprocessedKeys"] == {}
    scanned = db.scan(TableName="files", Limit=10)
    assert scanned["Count"] == 4
    got_in_tx = db.transact_get_items(
        TransactItems=[
            {"Get": {"TableName": "files", "Key": {"pk": {"S": "case-1"}, "sk": {"S": "C#"}}}}
        ]
    )
    assert got_in_tx["Responses"][0]["Item"]["numbers"]["NS"] == ["1", "2.5"] or sorted(
        got_in_tx["Responses"][0]["Item"]["numbers"]["NS"]
    ) == ["1", "2.5"]


def test_writes_answer_as_moto_would_with_and_without_returned_values(db: Any) -> None:
    key = {"pk": {"S": "case-2"}, "sk": {"S": "C#"}}
    assert "Attributes" not in db.put_item(TableName="files", Item={**EVERY_TYPE, **key})
    old = db.put_item(TableName="files", Item={**key, "v": {"N": "1"}}, ReturnValues="ALL_OLD")
    assert old["Attributes"]["blob"]["B"] == b"\x00\x01packed\xff"
    new = db.update_item(
        TableName="files",
        Key=key,
        UpdateExpression="SET v = v + :one, doc = :doc",
        ExpressionAttributeValues={":one": {"N": "1"}, ":doc": {"B": b"\x09"}},
        ReturnValues="ALL_NEW",
    )
    assert new["Attributes"]["v"] == {"N": "2"}
    counter = db.update_item(
        TableName="files",
        Key={"pk": {"S": "series"}, "sk": {"S": "S#"}},
        UpdateExpression="ADD serial :one",
        ExpressionAttributeValues={":one": {"N": "1"}},
        ReturnValues="UPDATED_NEW",
    )
    assert counter["Attributes"]["serial"] == {"N": "1"}
    assert "Attributes" not in db.update_item(
        TableName="files",
        Key=key,
        UpdateExpression="SET v = :v",
        ExpressionAttributeValues={":v": {"N": "3"}},
    )
    db.batch_write_item(
        RequestItems={
            "files": [
                {"PutRequest": {"Item": {"pk": {"S": "case-2"}, "sk": {"S": f"V#{n}"}}}}
                for n in range(3)
            ]
        }
    )
    db.transact_write_items(
        TransactItems=[
            {"Put": {"TableName": "files", "Item": {"pk": {"S": "case-2"}, "sk": {"S": "E#1"}}}},
            {
                "Update": {
                    "TableName": "files",
                    "Key": key,
                    "UpdateExpression": "SET v = :v",
                    "ConditionExpression": "v = :was",
                    "ExpressionAttributeValues": {":v": {"N": "4"}, ":was": {"N": "3"}},
                }
            },
        ]
    )
    gone = db.delete_item(TableName="files", Key=key, ReturnValues="ALL_OLD")
    assert gone["Attributes"]["v"] == {"N": "4"}
    assert Decimal(db.scan(TableName="files", Select="COUNT")["Count"]) == 5
