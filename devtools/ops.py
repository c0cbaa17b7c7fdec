"""Operations commands (work against AWS or the local moto alike, via the usual AWS environment):
list and replay dead-letter queues, verify audit chains, maintain the staff directory."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

import boto3

from chalicelib.adapters.dynamodb_cases import CASE_SK, DynamoCaseRepository
from chalicelib.adapters.dynamodb_staff_directory import DynamoStaffDirectory
from chalicelib.bootstrap import ChinaClock
from chalicelib.config import content_root, load_settings
from chalicelib.content.catalog_files import load_jurisdictions
from chalicelib.domain.case_events import verify_chain
from chalicelib.domain.errors import DomainError
from chalicelib.resource_spec import build_spec
from devtools import staff_admin
from devtools.case_files_copy import Copied, copy_case_files, old_table_names


def _spec() -> Any:
    return build_spec(load_settings().stage, load_jurisdictions(content_root()).codes())


def dlq_list(sqs: Any, spec: Any) -> list[dict[str, Any]]:
    """Peek at every DLQ without taking anything off it."""
    found = []
    for queue in spec.queues:
        url = sqs.get_queue_url(QueueName=queue.dlq_name)["QueueUrl"]
        out = sqs.receive_message(
            QueueUrl=url, MaxNumberOfMessages=10, VisibilityTimeout=1, WaitTimeSeconds=0
        )
        for message in out.get("Messages", []):
            found.append(
                {
                    "queue": queue.key,
                    "message_id": message["MessageId"],
                    "body": json.loads(message["Body"]),
                }
            )
            # Only a peek: visible again at once, so a replay right after finds it.
            sqs.change_message_visibility(
                QueueUrl=url, ReceiptHandle=message["ReceiptHandle"], VisibilityTimeout=0
            )
    return found


def dlq_replay(sqs: Any, spec: Any, key: str | None = None) -> int:
    """Move DLQ messages back to their queue (handlers are idempotent, so a replay is safe)."""
    moved = 0
    for queue in spec.queues:
        if key and queue.key != key:
            continue
        dlq_url = sqs.get_queue_url(QueueName=queue.dlq_name)["QueueUrl"]
        url = sqs.get_queue_url(QueueName=queue.name)["QueueUrl"]
        while True:
            out = sqs.receive_message(QueueUrl=dlq_url, MaxNumberOfMessages=10, WaitTimeSeconds=0)
            messages = out.get("Messages", [])
            if not messages:
                break
            for message in messages:
                sqs.send_message(QueueUrl=url, MessageBody=message["Body"])
                sqs.delete_message(QueueUrl=dlq_url, ReceiptHandle=message["ReceiptHandle"])
                moved += 1
    return moved


def verify_all(db: Any, spec: Any) -> dict[str, list[str]]:
    """Every case's chain; returns the broken ones with their problems."""
    table = spec.table("CaseFilesTable").name
    repo = DynamoCaseRepository(db, table)
    broken: dict[str, list[str]] = {}
    paginator = db.get_paginator("scan")
    # The whole history on purpose (an audit of every case), its case items only.
    for page in paginator.paginate(
        TableName=table,
        ProjectionExpression="pk",
        FilterExpression="sk = :case",
        ExpressionAttributeValues={":case": {"S": CASE_SK}},
    ):
        for item in page.get("Items", []):
            case_id = item["pk"]["S"]
            events = repo.events(case_id)
            problems = verify_chain(events)
            if events and events[-1].hash != repo.get(case_id).last_hash:
                problems.append("办件记录的最新哈希与审计链末端不符")
            if problems:
                broken[case_id] = problems
    return broken


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="通办运维命令")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("dlq-list", help="列出死信队列中的消息")
    replay = sub.add_parser("dlq-replay", help="把死信消息放回原队列重新处理")
    replay.add_argument("--queue", help="只处理这个队列（地区代码或 notices）")
    sub.add_parser("verify-audit", help="核验全部办件的审计哈希链")
    sub.add_parser(
        "copy-case-files", help="把本阶段旧的 cases、case-events 表中的办件复制到 case-files 表"
    )
    staff_admin.add_parser(sub)
    args = parser.parse_args(argv)
    settings = load_settings()
    region = settings.region
    spec = _spec()
    if args.command == "staff":
        return _staff(args, spec, settings)
    if args.command == "dlq-list":
        for entry in dlq_list(boto3.client("sqs", region_name=region), spec):
            print(json.dumps(entry, ensure_ascii=False))
        return 0
    if args.command == "dlq-replay":
        print(
            f"已放回 {dlq_replay(boto3.client('sqs', region_name=region), spec, args.queue)} 条消息"
        )
        return 0
    if args.command == "copy-case-files":
        return _copy_case_files(boto3.client("dynamodb", region_name=region), spec, settings.stage)
    broken = verify_all(boto3.client("dynamodb", region_name=region), spec)
    for case_id, problems in broken.items():
        print(f"{case_id}: {'；'.join(problems)}")
    print("全部办件审计链完整" if not broken else f"{len(broken)} 个办件审计链异常")
    return 1 if broken else 0


def _copy_case_files(db: Any, spec: Any, stage: str) -> int:
    cases_table, events_table = old_table_names(stage)
    target = spec.table("CaseFilesTable").name

    def said(done: Copied) -> None:
        print(f"已复制办件 {done.cases} 个、档案记录 {done.file_items} 条……", flush=True)

    done = copy_case_files(db, cases_table, events_table, target, progress=said)
    print(
        f"完成：复制办件 {done.cases} 个、幂等键 {done.claims} 个、档案记录 {done.file_items} 条；"
        f"{done.already_there} 条在 {target} 中已有，未覆盖"
    )
    return 0


def _staff(args: argparse.Namespace, spec: Any, settings: Any) -> int:
    roster = DynamoStaffDirectory(
        boto3.client("dynamodb", region_name=settings.region),
        spec.table("StaffDirectoryTable").name,
    )
    try:
        lines = staff_admin.run(
            args,
            roster,
            load_jurisdictions(content_root()),
            ChinaClock().today(),
            boto3.client("cognito-idp", region_name=settings.region),
            settings.user_pool_id,
        )
    except DomainError as error:
        print(error.message, file=sys.stderr)
        return 2
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
