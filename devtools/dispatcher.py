"""Local stand-in for Lambda's event source mappings: long-poll SQS, invoke handlers, tick schedules."""

from __future__ import annotations

import logging
import threading
import time
import uuid
from datetime import UTC, datetime
from typing import Any

import boto3
from chalice.app import Chalice, ScheduledEventConfig, SQSEventConfig

log = logging.getLogger("devtools.dispatcher")  # not under "tongban": Chalice owns that logger
LOCAL_ACCOUNT = "123456789012"  # moto's default account


class _Context:
    function_name = "local"
    aws_request_id = "local"

    def get_remaining_time_in_millis(self) -> int:
        return 60_000


def lambda_record(message: dict[str, Any], queue_arn: str, region: str) -> dict[str, Any]:
    """Lambda's SQS record shape (camelCase attributes), not ReceiveMessage's."""
    attrs = message.get("Attributes", {})
    return {
        "messageId": message["MessageId"],
        "receiptHandle": message["ReceiptHandle"],
        "body": message["Body"],
        "attributes": {
            "ApproximateReceiveCount": attrs.get("ApproximateReceiveCount", "1"),
            "SentTimestamp": attrs.get("SentTimestamp", "0"),
        },
        "messageAttributes": {
            k: {"stringValue": v.get("StringValue"), "dataType": v.get("DataType")}
            for k, v in message.get("MessageAttributes", {}).items()
        },
        "md5OfBody": message.get("MD5OfBody", ""),
        "eventSource": "aws:sqs",
        "eventSourceARN": queue_arn,
        "awsRegion": region,
    }


def scheduled_event(rule: str, region: str, now: datetime | None = None) -> dict[str, Any]:
    """EventBridge's scheduled event, every field Chalice's CloudWatchEvent reads (it fails on a missing one)."""
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": "Scheduled Event",
        "source": "aws.events",
        "account": LOCAL_ACCOUNT,
        "time": moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "region": region,
        "resources": [f"arn:aws:events:{region}:{LOCAL_ACCOUNT}:rule/{rule}"],
        "detail": {},
    }


class Dispatcher:
    """One thread per queue consumer and one ticker for schedules; stop() ends them all."""

    def __init__(
        self, app: Chalice, region: str, wait_seconds: int = 1, schedule_every: float = 60.0
    ) -> None:
        self._app = app
        self._region = region
        self._wait = wait_seconds
        self._schedule_every = schedule_every
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self.handled = 0
        self.failed = 0
        self.ticks = 0
        self.schedule_failures = 0
        # Wall time of each handler invocation (ms) by handler name: the bench prices them as Lambda GB-s.
        self.durations: dict[str, list[float]] = {}

    def start(self) -> None:
        for source in self._app.event_sources:
            if isinstance(source, SQSEventConfig):
                self._spawn(self._poll, source)
        schedules = [s for s in self._app.event_sources if isinstance(s, ScheduledEventConfig)]
        if schedules:
            self._spawn(self._tick, schedules)

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=self._wait + 5)

    def _spawn(self, target: Any, arg: Any) -> None:
        thread = threading.Thread(target=target, args=(arg,), daemon=True)
        thread.start()
        self._threads.append(thread)

    def _poll(self, source: SQSEventConfig) -> None:
        sqs: Any = boto3.session.Session(region_name=self._region).client("sqs")
        url = sqs.get_queue_url(QueueName=source.queue)["QueueUrl"]
        arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"][
            "QueueArn"
        ]
        name = source.handler_string.split(".")[-1]
        handler = self._app.handler_map[name]
        timed = self.durations.setdefault(name, [])
        while not self._stop.is_set():
            try:
                out = sqs.receive_message(
                    QueueUrl=url,
                    MaxNumberOfMessages=source.batch_size,
                    WaitTimeSeconds=self._wait,
                    AttributeNames=["All"],
                    MessageAttributeNames=["All"],
                )
            except Exception:
                if not self._stop.is_set():
                    log.exception("receive from %s failed", source.queue)
                    time.sleep(1)
                continue
            messages = out.get("Messages", [])
            if not messages:
                continue
            # One invocation per batch, as Lambda's event source mapping does; with a partial batch
            # response only the failed messages stay, to be retried and then redriven to the DLQ.
            event = {"Records": [lambda_record(m, arn, self._region) for m in messages]}
            started = time.perf_counter()
            try:
                answer = handler(event, _Context())
                failed = {f["itemIdentifier"] for f in (answer or {}).get("batchItemFailures", [])}
            except Exception:
                log.exception("handler for %s failed; the batch is left for retry", source.queue)
                failed = {m["MessageId"] for m in messages}
            timed.append((time.perf_counter() - started) * 1000)
            done = [m for m in messages if m["MessageId"] not in failed]
            self.failed += len(failed)
            if done:
                sqs.delete_message_batch(
                    QueueUrl=url,
                    Entries=[
                        {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]}
                        for i, m in enumerate(done)
                    ],
                )
            self.handled += len(done)

    def _tick(self, schedules: list[ScheduledEventConfig]) -> None:
        while not self._stop.wait(self._schedule_every):
            self.tick(schedules)

    def tick(self, schedules: list[ScheduledEventConfig]) -> None:
        """Run every schedule once, as EventBridge would invoke it; one log line per tick, not per handler."""
        started = time.monotonic()
        outcomes = []
        for source in schedules:
            handler = self._app.handler_map[source.handler_string.split(".")[-1]]
            try:
                handler(scheduled_event(source.name, self._region), _Context())
            except Exception:
                self.schedule_failures += 1
                outcomes.append(f"{source.name} 失败")
                log.exception("schedule %s failed", source.name)
                continue
            outcomes.append(f"{source.name} ok")
        self.ticks += 1
        log.info(
            "schedule tick %d: %s (%d ms)",
            self.ticks,
            ", ".join(outcomes),
            (time.monotonic() - started) * 1000,
        )
