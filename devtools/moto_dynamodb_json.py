"""Local moto's DynamoDB item answers written as the JSON they already are, not walked shape by shape.

moto 5.2 serialises every answer by walking botocore's output shape member by member, trying several
spellings of each key: for a Query of a case's file that walk was about 40 % of the moto process's CPU.
DynamoDB's answers are plain JSON whose items are already in wire form, so for the item operations
the body is dumped directly (binary values base64, absent and unknown members left out, as the walk
does).
`install(verify=True)` computes both and fails on any difference: the test suite runs a corpus of
operations that way, so the fast answer is shown to be the same answer.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

ITEM_OPERATIONS = frozenset(
    {
        "GetItem",
        "Query",
        "Scan",
        "PutItem",
        "UpdateItem",
        "DeleteItem",
        "BatchGetItem",
        "BatchWriteItem",
        "TransactWriteItems",
        "TransactGetItems",
    }
)
CONTENT_TYPE = "application/x-amz-json-1.0"


def plain(value: Any) -> Any:
    """The JSON the shape walk would write: no null members, bytes as base64, times as epoch seconds."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, datetime):
        return value.timestamp()
    return value


def fast_body(result: Any, members: Any) -> str:
    """`members`: the output shape's top-level members (moto adds a few the shape does not have)."""
    top = {k: v for k, v in (result or {}).items() if k in members}
    return json.dumps(plain(top), separators=(",", ":"), ensure_ascii=False)


def install(verify: bool = False) -> Callable[[], None]:
    """Answer item operations directly (call before moto serves a request); returns the undo."""
    from moto.dynamodb.responses import DynamoResult

    walked = DynamoResult.execute_result

    def execute_result(self: Any, context: Any) -> Any:
        if context.operation_model.name not in ITEM_OPERATIONS:
            return walked(self, context)
        body = fast_body(self.result, context.operation_model.output_shape.members)
        if verify:
            status, _, official = walked(self, context)
            if status != 200 or json.loads(official or "{}") != json.loads(body):
                raise AssertionError(
                    f"{context.operation_model.name}: fast {body!r} != walked {official!r}"
                )
        return 200, {"Content-Type": CONTENT_TYPE}, body

    DynamoResult.execute_result = execute_result  # type: ignore[method-assign]

    def uninstall() -> None:
        DynamoResult.execute_result = walked  # type: ignore[method-assign]

    return uninstall
