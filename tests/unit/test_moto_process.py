"""The local moto process counts requests by service from their signature and keeps the driver's apart."""

from __future__ import annotations

from typing import Any

from devtools.moto_process import COUNTS_PATH, CountingSerialisingApp, service_of

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
