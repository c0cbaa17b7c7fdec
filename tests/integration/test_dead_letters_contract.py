"""One contract for the dead-letter queues, on the in-memory fake and on SQS (moto): depth, and a
bounded replay that moves messages back to their own queue, oldest part first, nothing lost."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from chalicelib.adapters.sqs_dead_letters import SqsDeadLetters
from chalicelib.resource_spec import queue_name
from chalicelib.services.operations import DeadLetters
from tests.support.fakes_queues import FakeDeadLetters

STAGE = "contract"
KEYS = ("640221", "notices")
ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
}

# (the port, put a dead letter on a queue's DLQ, the bodies now waiting on the queue itself)
Setup = tuple[DeadLetters, Callable[[str, str], None], Callable[[str], list[str]]]


@pytest.fixture(params=["fake", "sqs"])
def letters(request: pytest.FixtureRequest) -> Iterator[Setup]:
    if request.param == "fake":
        fake = FakeDeadLetters()
        yield fake, fake.put, lambda key: list(fake.queued[key])
        return
    saved = {k: os.environ.get(k) for k in [*ENV, "AWS_ENDPOINT_URL"]}
    os.environ.update(ENV)
    os.environ.pop("AWS_ENDPOINT_URL", None)
    try:
        with mock_aws():
            sqs: Any = boto3.client("sqs", region_name="us-east-1")
            for key in KEYS:
                sqs.create_queue(QueueName=queue_name(STAGE, key))
                sqs.create_queue(QueueName=queue_name(STAGE, key) + "-dlq")

            def url(name: str) -> str:
                return str(sqs.get_queue_url(QueueName=name)["QueueUrl"])

            def put(key: str, body: str) -> None:
                sqs.send_message(QueueUrl=url(queue_name(STAGE, key) + "-dlq"), MessageBody=body)

            def queued(key: str) -> list[str]:
                found: list[str] = []
                while True:
                    out = sqs.receive_message(
                        QueueUrl=url(queue_name(STAGE, key)),
                        MaxNumberOfMessages=10,
                        VisibilityTimeout=60,
                    )
                    if not out.get("Messages"):
                        return found
                    found += [m["Body"] for m in out["Messages"]]

            yield SqsDeadLetters(sqs, STAGE), put, queued
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def test_the_depth_counts_each_queues_dead_letters_separately(letters: Setup) -> None:
    port, put, _ = letters
    assert port.depth("notices") == 0
    for n in range(3):
        put("notices", f'{{"n": {n}}}')
    put("640221", '{"case": 1}')
    assert port.depth("notices") == 3 and port.depth("640221") == 1


def test_a_replay_moves_at_most_the_limit_back_to_its_own_queue(letters: Setup) -> None:
    port, put, queued = letters
    bodies = [f'{{"n": {n}}}' for n in range(12)]
    for body in bodies:
        put("notices", body)
    put("640221", '{"case": 1}')
    assert port.replay("notices", 11) == 11
    assert port.depth("notices") == 1 and port.depth("640221") == 1
    assert port.replay("notices", 5) == 1
    assert port.replay("notices", 5) == 0
    assert sorted(queued("notices")) == sorted(bodies)
    assert queued("640221") == []
