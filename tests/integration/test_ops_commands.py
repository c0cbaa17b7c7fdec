"""Operations commands on moto: dead-letter messages are listed and replayed; a tampered audit trail is found."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

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


def test_a_stage_from_before_case_files_is_copied_over_once_and_reads_as_before(
    world: MotoWorld,
) -> None:
    from dataclasses import replace

    from chalicelib.adapters.dynamodb_cases import DynamoCaseRepository, case_key
    from devtools.case_files_copy import copy_case_files, old_table_names
    from tests.integration.test_case_lists_contract import case
    from tests.integration.test_step_save_contract import step

    db = boto3.client("dynamodb", region_name=REGION)
    target = world.spec.table("CaseFilesTable").name
    written = DynamoCaseRepository(db, target)  # items exactly as the app writes them
    first = case(1)
    written.add(first, step(1), idempotency_key="u1#k1")
    written.save(replace(first, version=2), step(2), expected_version=1)
    old_cases, old_events = old_table_names(world.spec.stage)
    keys: list[Any] = [{"AttributeName": "pk", "KeyType": "HASH"}]
    db.create_table(
        TableName=old_cases,
        KeySchema=keys,
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    db.create_table(
        TableName=old_events,
        KeySchema=[*keys, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "S"},
        ],
        BillingMode="PAY_PER_REQUEST",
    )
    # The old layout: the case and its claim without a sort key, the events in their own table.
    for item in db.scan(TableName=target)["Items"]:
        if item["sk"]["S"] in ("C#", "I#"):
            db.put_item(TableName=old_cases, Item={k: v for k, v in item.items() if k != "sk"})
        else:
            db.put_item(TableName=old_events, Item=item)
        db.delete_item(TableName=target, Key={"pk": item["pk"], "sk": item["sk"]})
    assert db.scan(TableName=target)["Count"] == 0
    done = copy_case_files(db, old_cases, old_events, target)
    assert (done.cases, done.claims, done.file_items, done.already_there) == (1, 1, 2, 0)
    assert written.get("c001") == replace(first, version=2)
    assert [e.seq for e in written.events("c001")] == [1, 2]
    assert written.by_idempotency_key("u1#k1") == "c001"
    assert "Item" in db.get_item(TableName=target, Key=case_key("c001"))
    again = copy_case_files(db, old_cases, old_events, target)
    assert (again.cases, again.claims, again.file_items, again.already_there) == (0, 0, 0, 4)
