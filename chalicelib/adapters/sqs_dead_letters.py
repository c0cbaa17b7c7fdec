"""The dead-letter queues on SQS: approximate depth, and moving messages back to their queue."""

from __future__ import annotations

from typing import Any

from chalicelib.resource_spec import queue_name


class SqsDeadLetters:
    def __init__(self, client: Any, stage: str) -> None:
        self._sqs = client
        self._stage = stage

    def _url(self, name: str) -> str:
        return str(self._sqs.get_queue_url(QueueName=name)["QueueUrl"])

    def depth(self, queue_key: str) -> int:
        url = self._url(queue_name(self._stage, queue_key) + "-dlq")
        attributes = self._sqs.get_queue_attributes(
            QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages"]
        )["Attributes"]
        return int(attributes.get("ApproximateNumberOfMessages", 0))

    def replay(self, queue_key: str, limit: int) -> int:
        # The same moves as devtools/ops.dlq_replay, bounded: send first, then delete, so a crash
        # in between leaves a duplicate (handlers are idempotent), never a loss.
        target = self._url(queue_name(self._stage, queue_key))
        dlq = self._url(queue_name(self._stage, queue_key) + "-dlq")
        moved = 0
        while moved < limit:
            out = self._sqs.receive_message(
                QueueUrl=dlq, MaxNumberOfMessages=min(10, limit - moved), WaitTimeSeconds=0
            )
            messages = out.get("Messages", [])
            if not messages:
                break
            for message in messages:
                self._sqs.send_message(QueueUrl=target, MessageBody=message["Body"])
                self._sqs.delete_message(QueueUrl=dlq, ReceiptHandle=message["ReceiptHandle"])
                moved += 1
        return moved
