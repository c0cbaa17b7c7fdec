"""Operations commands on moto: dead-letter messages are listed and replayed; a tampered audit trail is found."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest

from chalicelib import bootstrap
from chalicelib.services import intake
from devtools.ops import dlq_list, dlq_replay, verify_all
from tests.support.aws import REGION, MotoWorld, moto_world
from tests.support.builders import APPLICANT
from tests.support.slice import sample_answers


@pytest.fixture()
def world(tmp_path: Path) -> Iterator[MotoWorld]:
    with moto_world(tmp_path) as w:
        yield w


def test_dead_letters_are_listed_and_replayed_onto_their_queue(world: MotoWorld) -> None:
    sqs = boto3.client("sqs", region_name=REGION)
    dlq = sqs.get_queue_url(QueueName=world.spec.queue("notices").dlq_name)["QueueUrl"]
    sqs.send_message(QueueUrl=dlq, MessageBody=json.dumps({"task": "send_notice", "case_id": "c1"}))
    listed = dlq_list(sqs, world.spec)
    assert [(m["queue"], m["body"]["case_id"]) for m in listed] == [("notices", "c1")]
    assert dlq_replay(sqs, world.spec, "notices") == 1
    main = sqs.get_queue_url(QueueName=world.spec.queue("notices").name)["QueueUrl"]
    bodies = [
        json.loads(m["Body"])
        for m in sqs.receive_message(QueueUrl=main, MaxNumberOfMessages=10)["Messages"]
    ]
    assert bodies == [{"task": "send_notice", "case_id": "c1"}]
    assert dlq_replay(sqs, world.spec) == 0


def test_verify_audit_finds_a_case_whose_history_was_edited_in_the_database(
    world: MotoWorld,
) -> None:
    case = intake.create_case(
        bootstrap.intake(),
        APPLICANT,
        item_code="RS-002",
        mode="online",
        home_code="640221",
        answers=sample_answers("unemployment-registration"),
    )
    db = boto3.client("dynamodb", region_name=REGION)
    assert verify_all(db, world.spec) == {}
    table = world.spec.table("CaseFilesTable").name
    key = {"pk": {"S": case.case_id}, "sk": {"S": "E#000001"}}
    doc = json.loads(db.get_item(TableName=table, Key=key)["Item"]["doc"]["S"])
    doc["actor"]["name"] = "别人"
    db.put_item(TableName=table, Item={**key, "doc": {"S": json.dumps(doc, ensure_ascii=False)}})
    broken = verify_all(db, world.spec)
    assert list(broken) == [case.case_id] and any("被改动" in p for p in broken[case.case_id])
