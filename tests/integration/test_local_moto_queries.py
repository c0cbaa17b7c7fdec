"""The local moto's queries (devtools/moto_partitions.py, devtools/moto_index_order.py) read only the
partition they name, and a limited query only its page, yet answer exactly as plain moto does."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from tests.support.moto_env import REGION, mocked_aws, pk_sk_table


def _events_table(client: Any) -> None:
    pk_sk_table(client, "e")
    for case, seq in ((c, n) for n in (3, 1, 2, 5, 4) for c in ("c2", "c1", "c3")):
        item = {"pk": {"S": case}, "sk": {"S": f"E#{seq:06d}"}, "v": {"S": f"{case}-{seq}"}}
        client.put_item(TableName="e", Item=item)
    client.put_item(TableName="e", Item={"pk": {"S": "c1"}, "sk": {"S": "N#1"}, "v": {"S": "n"}})


def _pages(client: Any, **query: Any) -> list[list[str]]:
    pages, start = [], None
    while True:
        more: dict[str, Any] = {"ExclusiveStartKey": start} if start else {}
        out = client.query(TableName="e", **query, **more)
        pages.append([i["v"]["S"] for i in out["Items"]])
        start = out.get("LastEvaluatedKey")
        if not start:
            return pages


QUERIES = [
    {"KeyConditionExpression": "pk = :p", "ExpressionAttributeValues": {":p": {"S": "c1"}}},
    {
        "KeyConditionExpression": "pk = :p AND begins_with(sk, :e)",
        "ExpressionAttributeValues": {":p": {"S": "c1"}, ":e": {"S": "E#"}},
        "Limit": 2,
    },
    {
        "KeyConditionExpression": "pk = :p",
        "ExpressionAttributeValues": {":p": {"S": "c3"}},
        "ScanIndexForward": False,
        "Limit": 2,
    },
    {"KeyConditionExpression": "pk = :p", "ExpressionAttributeValues": {":p": {"S": "none"}}},
]


EXPECTED = [
    [["c1-1", "c1-2", "c1-3", "c1-4", "c1-5", "n"]],
    [["c1-1", "c1-2"], ["c1-3", "c1-4"], ["c1-5"]],
    [["c3-5", "c3-4"], ["c3-3", "c3-2"], ["c3-1"]],
    [[]],
]


@pytest.mark.parametrize(
    ("query", "expected"),
    list(zip(QUERIES, EXPECTED, strict=True)),
    ids=["whole", "prefix-paged", "newest-first", "empty"],
)
def test_a_query_of_the_tables_own_key_reads_one_partition_and_answers_as_moto_did(
    query: dict[str, Any], expected: list[list[str]]
) -> None:
    from devtools import moto_speedups

    with mocked_aws():
        client = boto3.client("dynamodb", region_name=REGION)
        _events_table(client)
        plain = _pages(client, **query)
        uninstall = moto_speedups.install()
        try:
            assert _pages(client, **query) == plain
        finally:
            uninstall()
    assert [p for p in plain if p or len(plain) == 1] == expected


def _indexed_table(client: Any) -> None:
    client.create_table(
        TableName="c",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "inbox", "AttributeType": "S"},
            {"AttributeName": "due", "AttributeType": "S"},
        ],
        GlobalSecondaryIndexes=[
            {
                "IndexName": "by_inbox",
                "KeySchema": [
                    {"AttributeName": "inbox", "KeyType": "HASH"},
                    {"AttributeName": "due", "KeyType": "RANGE"},
                ],
                "Projection": {"ProjectionType": "ALL"},
            }
        ],
        BillingMode="PAY_PER_REQUEST",
    )


def _index_pages(client: Any, inbox: str, forward: bool = True) -> list[list[str]]:
    pages, start = [], None
    while True:
        more: dict[str, Any] = {"ExclusiveStartKey": start} if start else {}
        out = client.query(
            TableName="c",
            IndexName="by_inbox",
            KeyConditionExpression="inbox = :i",
            ExpressionAttributeValues={":i": {"S": inbox}},
            ScanIndexForward=forward,
            Limit=3,
            **more,
        )
        pages.append([i["pk"]["S"] for i in out["Items"]])
        start = out.get("LastEvaluatedKey")
        if not start:
            return pages


def test_an_index_query_answers_as_moto_did_after_items_move_between_partitions_or_go() -> None:
    """Items put, moved to another inbox by an update, closed (index key removed) and deleted, while
    the narrowed index is in use: every page is the one plain moto gives for the same table."""
    from devtools import moto_speedups

    with mocked_aws():
        client = boto3.client("dynamodb", region_name=REGION)
        _indexed_table(client)
        uninstall = moto_speedups.install()
        try:
            for n in range(10):
                item = {"pk": {"S": f"c{n}"}, "inbox": {"S": f"d{n % 2}"}, "due": {"S": f"{n:02d}"}}
                client.put_item(TableName="c", Item=item)
            first = _index_pages(client, "d0")  # the value map is built here, then kept
            client.update_item(
                TableName="c",
                Key={"pk": {"S": "c2"}},
                UpdateExpression="SET inbox = :i",
                ExpressionAttributeValues={":i": {"S": "d1"}},
            )
            client.update_item(
                TableName="c", Key={"pk": {"S": "c4"}}, UpdateExpression="REMOVE inbox"
            )
            client.delete_item(TableName="c", Key={"pk": {"S": "c6"}})
            new = {"pk": {"S": "c10"}, "inbox": {"S": "d0"}, "due": {"S": "01"}}
            client.put_item(TableName="c", Item=new)
            narrowed = [_index_pages(client, b, f) for b in ("d0", "d1") for f in (True, False)]
        finally:
            uninstall()
        plain = [_index_pages(client, b, f) for b in ("d0", "d1") for f in (True, False)]
    assert first == [["c0", "c2", "c4"], ["c6", "c8"]]
    assert narrowed == plain
    assert plain[0] == [["c0", "c10", "c8"]]  # c2 moved, c4 closed, c6 deleted; c10 new, due 01


CONDITIONS = [
    ("inbox = :i", {}),
    ("inbox = :i AND due < :d", {":d": {"S": "05"}}),
    ("inbox = :i AND due BETWEEN :a AND :b", {":a": {"S": "02"}, ":b": {"S": "06"}}),
    ("inbox = :i AND begins_with(due, :p)", {":p": {"S": "0"}}),
    ("inbox = :i AND begins_with(due, :p)", {":p": {"S": "05"}}),
    ("inbox = :i AND due > :d", {":d": {"S": "03"}}),
    ("inbox = :i AND due >= :d", {":d": {"S": "03"}}),
    ("inbox = :i AND due <= :d", {":d": {"S": "03"}}),
    ("inbox = :i AND due = :d", {":d": {"S": "04"}}),
]


@pytest.mark.parametrize(
    ("condition", "values"),
    CONDITIONS,
    ids=["all", "lt", "between", "prefix", "mid-prefix", "gt", "ge", "le", "eq"],
)
@pytest.mark.parametrize("forward", [True, False], ids=["oldest-first", "newest-first"])
@pytest.mark.parametrize("limit", [1, 4, 50])
def test_a_limited_index_query_reads_only_its_page_and_answers_as_moto_did(
    condition: str, values: dict[str, Any], forward: bool, limit: int
) -> None:
    """Sort-key ties (broken by the table's key), conditions, a filter and paging both ways: the pages
    of the narrowed query are plain moto's, item for item, including where each page ends."""
    from devtools import moto_speedups

    def pages() -> list[tuple[list[str], Any]]:
        out_pages, start = [], None
        while True:
            more: dict[str, Any] = {"ExclusiveStartKey": start} if start else {}
            out = client.query(
                TableName="c",
                IndexName="by_inbox",
                KeyConditionExpression=condition,
                FilterExpression="attribute_not_exists(skip)",
                ExpressionAttributeValues={":i": {"S": "d0"}, **values},
                ScanIndexForward=forward,
                Limit=limit,
                **more,
            )
            start = out.get("LastEvaluatedKey")
            out_pages.append(([i["pk"]["S"] for i in out["Items"]], start))
            if not start:
                return out_pages

    with mocked_aws():
        client = boto3.client("dynamodb", region_name=REGION)
        _indexed_table(client)
        for n in range(24):
            item = {
                "pk": {"S": f"c{n:02d}"},
                "inbox": {"S": f"d{n % 2}"},
                "due": {"S": f"{n % 9:02d}"},
            }
            if n % 5 == 0:
                item["skip"] = {"S": "1"}
            client.put_item(TableName="c", Item=item)
        plain = pages()
        uninstall = moto_speedups.install()
        try:
            narrowed = pages()
        finally:
            uninstall()
    assert narrowed == plain
    assert sum(len(p) for p, _ in plain) > 0


def test_an_index_without_a_sort_key_answers_as_moto_did_after_items_move_or_go() -> None:
    """A keys-only lookup index (like by_number): its partition comes from the same kept order."""
    from devtools import moto_speedups

    def owned(owner: str) -> list[str]:
        out = client.query(
            TableName="o",
            IndexName="by_owner",
            KeyConditionExpression="owner = :o",
            ExpressionAttributeValues={":o": {"S": owner}},
        )
        return sorted(i["pk"]["S"] for i in out["Items"])

    with mocked_aws():
        client = boto3.client("dynamodb", region_name=REGION)
        client.create_table(
            TableName="o",
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            AttributeDefinitions=[
                {"AttributeName": "pk", "AttributeType": "S"},
                {"AttributeName": "owner", "AttributeType": "S"},
            ],
            GlobalSecondaryIndexes=[
                {
                    "IndexName": "by_owner",
                    "KeySchema": [{"AttributeName": "owner", "KeyType": "HASH"}],
                    "Projection": {"ProjectionType": "KEYS_ONLY"},
                }
            ],
            BillingMode="PAY_PER_REQUEST",
        )
        uninstall = moto_speedups.install()
        try:
            for n in range(6):
                item = {"pk": {"S": f"c{n}"}, "owner": {"S": f"u{n % 2}"}}
                client.put_item(TableName="o", Item=item)
            first = owned("u0")
            client.put_item(TableName="o", Item={"pk": {"S": "c2"}, "owner": {"S": "u1"}})
            client.delete_item(TableName="o", Key={"pk": {"S": "c4"}})
            narrowed = [owned("u0"), owned("u1")]
        finally:
            uninstall()
        plain = [owned("u0"), owned("u1")]
    assert first == ["c0", "c2", "c4"]
    assert narrowed == plain == [["c0"], ["c1", "c2", "c3", "c5"]]
