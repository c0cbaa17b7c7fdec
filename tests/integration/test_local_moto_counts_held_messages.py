"""The local moto's one-look count of held messages (the bench's idle check) agrees with SQS itself:
visible, then in flight, then gone."""

from __future__ import annotations

import boto3

from devtools.moto_process import held_messages
from tests.support.moto_env import REGION, mocked_aws


def test_a_message_is_counted_visible_then_in_flight_then_not_at_all() -> None:
    with mocked_aws():
        sqs = boto3.client("sqs", region_name=REGION)
        url = sqs.create_queue(QueueName="tongban-test-notices")["QueueUrl"]
        sqs.create_queue(QueueName="tongban-test-documents")
        assert held_messages() == {}
        sqs.send_message(QueueUrl=url, MessageBody="{}")
        assert held_messages() == {"tongban-test-notices": {"visible": 1, "in_flight": 0}}
        [message] = sqs.receive_message(QueueUrl=url)["Messages"]
        assert held_messages() == {"tongban-test-notices": {"visible": 0, "in_flight": 1}}
        sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
        assert held_messages() == {}
