"""A queue batch reports only its failed messages back, so only they are retried and reach the DLQ."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from chalicelib.entrypoints.queue import each_record


@dataclass(frozen=True)
class Record:
    """Chalice's SQSRecord: the body as an attribute, the rest in the raw record."""

    message_id: str
    body: str

    def to_dict(self) -> dict[str, Any]:
        return {"messageId": self.message_id, "body": self.body}


def test_a_failed_message_is_reported_and_the_rest_of_the_batch_is_handled() -> None:
    handled: list[Any] = []

    def handle(message: dict[str, Any], message_id: str) -> None:
        if message["n"] == 2:
            raise RuntimeError("渲染失败")
        handled.append(message["n"])

    batch = [Record(f"m{n}", json.dumps({"n": n})) for n in range(1, 4)]
    assert each_record(batch, handle) == {"batchItemFailures": [{"itemIdentifier": "m2"}]}
    assert handled == [1, 3]


def test_a_batch_without_failures_reports_none() -> None:
    assert each_record([Record("m1", "{}")], lambda m, i: None) == {"batchItemFailures": []}
