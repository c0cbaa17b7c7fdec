"""The local moto process counts requests by service from their signature and keeps the driver's apart."""

from __future__ import annotations

import io
import json
from typing import Any

from devtools.moto_process import (
    COUNTS_PATH,
    OPERATIONS_PATH,
    CountingSerialisingApp,
    service_of,
)

SCOPE = "AWS4-HMAC-SHA256 Credential={key}/20261201/us-east-1/{service}/aws4_request, SignedHeaders=host"


def test_the_service_is_read_from_the_signature_scope() -> None:
    environ = {"HTTP_AUTHORIZATION": SCOPE.format(key="local", service="dynamodb")}
    assert service_of(environ) == "dynamodb"


def test_a_presigned_url_names_its_service_in_the_query() -> None:
    query = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=local%2F20261201%2Fus-east-1%2Fs3%2Faws4_request"
    assert service_of({"QUERY_STRING": query}) == "s3"


def test_an_unsigned_browser_upload_counts_as_s3() -> None:
    assert service_of({"REQUEST_METHOD": "POST", "QUERY_STRING": ""}) == "s3"


def test_the_drivers_own_requests_are_counted_apart() -> None:
    environ = {"HTTP_AUTHORIZATION": SCOPE.format(key="driver", service="sqs")}
    assert service_of(environ) == "driver-sqs"


def test_counts_are_read_and_reset_at_their_path() -> None:
    def moto(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        start_response("200 OK", [])
        return [b"{}"]

    app = CountingSerialisingApp(moto)
    for service in ("dynamodb", "dynamodb", "sqs"):
        app({"HTTP_AUTHORIZATION": SCOPE.format(key="local", service=service)}, lambda *a: None)
    seen: list[str] = []
    body = app({"PATH_INFO": COUNTS_PATH, "REQUEST_METHOD": "DELETE"}, lambda s, h: seen.append(s))
    assert b"".join(body) == b'{"dynamodb": 2, "sqs": 1}' and seen == ["200 OK"]
    assert not app.counts


def _call(app: CountingSerialisingApp, environ: dict[str, Any]) -> bytes:
    return b"".join(app(environ, lambda *a: None))


def _signed(service: str, body: bytes = b"", **extra: Any) -> dict[str, Any]:
    return {
        "HTTP_AUTHORIZATION": SCOPE.format(key="local", service=service),
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
        **extra,
    }


def _echo() -> tuple[CountingSerialisingApp, list[bytes]]:
    """A stand-in for moto that records the body it was given."""
    seen: list[bytes] = []

    def moto(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        seen.append(environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0)))
        start_response("200 OK", [])
        return [b"{}"]

    return CountingSerialisingApp(moto), seen


def test_a_transaction_is_counted_with_its_items_per_table_and_moto_still_reads_the_body() -> None:
    app, seen = _echo()
    body = json.dumps(
        {
            "TransactItems": [
                {"Put": {"TableName": "cases"}},
                {"Update": {"TableName": "cases"}},
                {"ConditionCheck": {"TableName": "counters"}},
            ]
        }
    ).encode()
    _call(app, _signed("dynamodb", body, HTTP_X_AMZ_TARGET="DynamoDB_20120810.TransactWriteItems"))
    assert seen == [body]
    assert app.operations == {
        "dynamodb:TransactWriteItems": 1,
        "dynamodb:TransactWriteItems.Put@cases": 1,
        "dynamodb:TransactWriteItems.Update@cases": 1,
        "dynamodb:TransactWriteItems.ConditionCheck@counters": 1,
    }
    assert app.counts == {"dynamodb": 1}


def test_single_and_batch_dynamodb_operations_count_their_items() -> None:
    app, _ = _echo()
    put = json.dumps({"TableName": "events", "Item": {}}).encode()
    batch = json.dumps({"RequestItems": {"cases": {"Keys": [{}, {}, {}]}}}).encode()
    _call(app, _signed("dynamodb", put, HTTP_X_AMZ_TARGET="DynamoDB_20120810.PutItem"))
    _call(app, _signed("dynamodb", batch, HTTP_X_AMZ_TARGET="DynamoDB_20120810.BatchGetItem"))
    assert app.operations == {
        "dynamodb:PutItem": 1,
        "dynamodb:PutItem@events": 1,
        "dynamodb:BatchGetItem": 1,
        "dynamodb:BatchGetItem@cases": 3,
    }


def test_sqs_and_sns_are_counted_by_action_in_either_protocol() -> None:
    app, seen = _echo()
    _call(app, _signed("sqs", b"{}", HTTP_X_AMZ_TARGET="AmazonSQS.ReceiveMessage"))
    _call(app, _signed("sqs", b"Action=SendMessage&QueueUrl=q"))
    _call(app, _signed("sns", b"Action=Publish&PhoneNumber=1", REQUEST_METHOD="POST"))
    assert seen[1] == b"Action=SendMessage&QueueUrl=q"
    assert app.operations == {"sqs:ReceiveMessage": 1, "sqs:SendMessage": 1, "sns:Publish": 1}


def test_s3_is_counted_by_method_and_a_bucket_level_get_is_a_list() -> None:
    app, _ = _echo()
    for method, path in (("GET", "/bucket/key"), ("PUT", "/bucket/key"), ("GET", "/bucket")):
        _call(app, _signed("s3", REQUEST_METHOD=method, PATH_INFO=path))
    assert app.operations == {"s3:GET": 1, "s3:PUT": 1, "s3:LIST": 1}


def test_operations_are_read_at_their_own_path_and_reset_with_the_totals() -> None:
    app, _ = _echo()
    _call(app, _signed("s3", REQUEST_METHOD="PUT", PATH_INFO="/b/k"))
    body = _call(app, {"PATH_INFO": OPERATIONS_PATH, "REQUEST_METHOD": "DELETE"})
    assert json.loads(body) == {"s3:PUT": 1}
    assert not app.operations and not app.counts
