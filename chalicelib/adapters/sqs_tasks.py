"""SQS task queue: one queue per jurisdiction plus the notices queue, addressed by key."""

from __future__ import annotations

import json
import threading
from typing import Any

from chalicelib.resource_spec import queue_name


class SqsTaskQueue:
    def __init__(self, client: Any, stage: str) -> None:
        self._sqs = client
        self._stage = stage
        self._urls: dict[str, str] = {}
        self._lock = threading.Lock()

    def url(self, key: str) -> str:
        with self._lock:
            if key not in self._urls:
                self._urls[key] = self._sqs.get_queue_url(QueueName=queue_name(self._stage, key))[
                    "QueueUrl"
                ]
            return self._urls[key]

    def send(self, queue_key: str, message: dict[str, Any]) -> None:
        self._sqs.send_message(
            QueueUrl=self.url(queue_key), MessageBody=json.dumps(message, ensure_ascii=False)
        )
