"""The local moto's direct DynamoDB route answers every call as moto's Flask app does: the same status and
body, errors included, for a corpus of item operations run once through each."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import boto3
import pytest
import requests
from botocore.config import Config
from botocore.exceptions import ClientError
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from werkzeug.serving import make_server

from devtools import moto_speedups
from devtools.moto_direct_dynamodb import DirectDynamoDB
from devtools.moto_keepalive import KeepAliveHandler
from tests.support.moto_env import pk_sk_table

App = Callable[[dict[str, Any], Any], Iterable[bytes]]
KEY = {"pk": {"S": "case-1"}, "sk": {"S": "C#"}}


class Recording:
    """Notes (operation, status, body) of every DynamoDB answer the wrapped app gives."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.answers: list[tuple[str, str, Any]] = []

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        target = str(environ.get("HTTP_X_AMZ_TARGET", ""))
        seen: list[str] = []

        def noting(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            seen.append(status)
            return start_response(status, headers, exc_info)

        body = b"".join(self.app(environ, noting))
        if target.startswith("DynamoDB_"):
            self.answers.append((target, seen[0].split()[0], json.loads(body or b"{}")))
        return [body]


def served(app: App) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=KeepAliveHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


def corpus(url: str) -> None:
    """Item operations as the app makes them, a refused condition and a bad request among them."""
    db = boto3.client(
        "dynamodb",
        endpoint_url=url,
        region_name="us-east-1",
        aws_access_key_id="local",
        aws_secret_access_key="local",
        config=Config(retries={"max_attempts": 1}),
    )
    pk_sk_table(db, "files")
    db.put_item(TableName="files", Item={**KEY, "doc": {"B": b"\x00packed"}, "v": {"N": "1"}})
    db.get_item(TableName="files", Key=KEY)
    db.get_item(TableName="files", Key={**KEY, "pk": {"S": "none"}})
    db.query(
        TableName="files",
        KeyConditionExpression="pk = :p",
        ExpressionAttributeValues={":p": {"S": "case-1"}},
        Limit=5,
    )
    db.update_item(
        TableName="files",
        Key=KEY,
        UpdateExpression="SET v = v + :one",
        ExpressionAttributeValues={":one": {"N": "1"}},
        ReturnValues="ALL_NEW",
    )
    with pytest.raises(ClientError):
        db.put_item(
            TableName="files",
            Item=KEY,
            ConditionExpression="attribute_not_exists(pk)",
            ReturnValuesOnConditionCheckFailure="ALL_OLD",
        )
    with pytest.raises(ClientError):
        db.transact_write_items(
            TransactItems=[
                {
                    "Put": {
                        "TableName": "files",
                        "Item": {**KEY, "sk": {"S": "E#1"}},
                    }
                },
                {
                    "ConditionCheck": {
                        "TableName": "files",
                        "Key": KEY,
                        "ConditionExpression": "v = :old",
                        "ExpressionAttributeValues": {":old": {"N": "1"}},
                    }
                },
            ]
        )
    with pytest.raises(ClientError):
        db.get_item(TableName="missing", Key=KEY)
    db.batch_get_item(RequestItems={"files": {"Keys": [KEY, {**KEY, "sk": {"S": "E#1"}}]}})
    db.delete_item(TableName="files", Key=KEY, ReturnValues="ALL_OLD")


def answers_through(app: App) -> list[tuple[str, str, Any]]:
    recording = Recording(app)
    for url in served(recording):
        corpus(url)
        requests.post(f"{url}/moto-api/reset", timeout=10)
    return recording.answers


def test_the_direct_route_answers_every_dynamodb_call_as_moto_s_flask_app_does() -> None:
    uninstall = moto_speedups.install()
    try:
        through_flask = answers_through(DomainDispatcherApplication(create_backend_app))
        direct = answers_through(DirectDynamoDB(DomainDispatcherApplication(create_backend_app)))
    finally:
        uninstall()
    # CreateTable's answer carries its creation time: the item operations are what must match.
    assert [a for a in direct if not a[0].endswith("CreateTable")] == [
        a for a in through_flask if not a[0].endswith("CreateTable")
    ]
    assert {status for _, status, _ in direct} == {"200", "400"}
    assert len(direct) == len(through_flask) == 11
