"""Finish `chalice package`'s SAM template: each function its own policy, settings, memory, concurrency, log group.

Run by `make package` (python -m infra.app_stack build/sam.json --profile global|cn); names come from
chalicelib/function_needs.py and chalicelib/resource_spec.py, so the template and the code cannot drift.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from chalicelib.function_needs import JURISDICTION_QUEUES, FunctionNeeds, needs_of
from chalicelib.resource_spec import (
    DOCUMENTS_QUEUE_KEY,
    NOTICES_QUEUE_KEY,
    SCANS_QUEUE_KEY,
    ResourceSpec,
)
from infra.app_settings import PARAMETERS, environment_for
from infra.arns import arn

LOG_RETENTION_DAYS = 180  # 网络安全法: logs kept at least six months


def handler_of(function: dict[str, Any]) -> str:
    name = str(function["Properties"]["Handler"]).removeprefix("app.")
    return "api_handler" if name == "app" else name


def _queue_keys(spec: ResourceSpec, keys: tuple[str, ...]) -> list[str]:
    """Queue keys, JURISDICTION_QUEUES standing for every per-jurisdiction case queue."""
    shared = {NOTICES_QUEUE_KEY, DOCUMENTS_QUEUE_KEY, SCANS_QUEUE_KEY}
    codes = [q.key for q in spec.queues if q.key not in shared]
    return [k for key in keys for k in (codes if key == JURISDICTION_QUEUES else [key])]


def statements(spec: ResourceSpec, needs: FunctionNeeds, handler: str, profile: str) -> list[Any]:
    """The function's own IAM statements, every resource named (`*` only where AWS allows no other)."""
    out: list[Any] = [
        {
            "Sid": "OwnLogs",
            "Effect": "Allow",
            "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
            "Resource": arn(
                "logs",
                "log-group:/aws/lambda/${Function}:*",
                Function=f"tongban-{spec.stage}-{handler}",
            ),
        }
    ]

    def tables(names: tuple[str, ...]) -> list[Any]:
        res = []
        for logical in names:
            name = spec.table(logical).name
            res += [arn("dynamodb", f"table/{name}"), arn("dynamodb", f"table/{name}/index/*")]
        return res

    if needs.writes_tables:
        out.append(
            {
                "Sid": "Tables",
                "Effect": "Allow",
                "Action": [
                    "dynamodb:GetItem",
                    "dynamodb:PutItem",
                    "dynamodb:UpdateItem",
                    "dynamodb:DeleteItem",
                    "dynamodb:Query",
                    "dynamodb:ConditionCheckItem",
                    "dynamodb:BatchGetItem",
                    "dynamodb:BatchWriteItem",
                ],
                "Resource": tables(needs.writes_tables),
            }
        )
    if needs.reads_tables:
        out.append(
            {
                "Sid": "ReadOnlyTables",
                "Effect": "Allow",
                "Action": ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:BatchGetItem"],
                "Resource": tables(needs.reads_tables),
            }
        )
    for sid, logicals, actions in (
        (
            "WriteObjects",
            needs.writes_buckets,
            ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject"],
        ),
        ("ReadObjects", needs.reads_buckets, ["s3:GetObject", "s3:GetObjectVersion"]),
    ):
        if logicals:
            out.append(
                {
                    "Sid": sid,
                    "Effect": "Allow",
                    "Action": actions,
                    "Resource": [arn("s3", f"{spec.bucket(b).name}/*", s3=True) for b in logicals],
                }
            )
    if needs.writes_buckets or needs.reads_buckets:
        out.append(
            {
                "Sid": "BucketKey",
                "Effect": "Allow",
                "Action": ["kms:Decrypt", "kms:GenerateDataKey"],
                "Resource": PARAMETERS.data_key_arn(),
            }
        )
    return (
        out
        + _messaging(spec, needs, handler, profile)
        + _accounts_secrets_metrics(spec, needs, profile)
    )


def _messaging(spec: ResourceSpec, needs: FunctionNeeds, handler: str, profile: str) -> list[Any]:
    out: list[Any] = []
    if needs.sends_to:
        out.append(
            {
                "Sid": "SendToQueues",
                "Effect": "Allow",
                "Action": ["sqs:SendMessage", "sqs:GetQueueUrl"],
                "Resource": [
                    arn("sqs", spec.queue(k).name) for k in _queue_keys(spec, needs.sends_to)
                ],
            }
        )
    if needs.consumes:
        key = (
            handler.removeprefix("route_cases_")
            if needs.consumes == JURISDICTION_QUEUES
            else needs.consumes
        )
        out.append(
            {
                "Sid": "ConsumeOwnQueue",
                "Effect": "Allow",
                "Action": [
                    "sqs:ReceiveMessage",
                    "sqs:DeleteMessage",
                    "sqs:GetQueueAttributes",
                    "sqs:ChangeMessageVisibility",
                ],
                "Resource": arn("sqs", spec.queue(key).name),
            }
        )
    if needs.publishes_alerts:
        out.append(
            {
                "Sid": "AlertTopics",
                "Effect": "Allow",
                "Action": ["sns:Publish", "sns:CreateTopic"],
                "Resource": [arn("sns", t.name) for t in spec.topics],
            }
        )
    if needs.sends_sms_and_email and profile == "global":
        # An SMS straight to a phone number has no resource ARN: AWS allows only "*" here.
        out.append({"Sid": "Sms", "Effect": "Allow", "Action": "sns:Publish", "Resource": "*"})
        out.append(
            {
                "Sid": "Email",
                "Effect": "Allow",
                "Action": ["ses:SendEmail", "ses:SendRawEmail"],
                "Resource": [
                    arn("ses", f"identity/{spec.email_sender}"),
                    arn("ses", f"identity/{spec.email_sender.split('@')[1]}"),
                ],
            }
        )
    return out


def _accounts_secrets_metrics(spec: ResourceSpec, needs: FunctionNeeds, profile: str) -> list[Any]:
    out: list[Any] = [
        {
            # X-Ray's write actions take no resource ARN: AWS documents "*" as the only form.
            "Sid": "Tracing",
            "Effect": "Allow",
            "Action": ["xray:PutTraceSegments", "xray:PutTelemetryRecords"],
            "Resource": "*",
        }
    ]
    if needs.manages_accounts and profile == "global":
        out.append(
            {
                "Sid": "Accounts",
                "Effect": "Allow",
                "Action": [
                    "cognito-idp:InitiateAuth",
                    "cognito-idp:SignUp",
                    "cognito-idp:ConfirmSignUp",
                    "cognito-idp:AdminAddUserToGroup",
                ],
                "Resource": PARAMETERS.user_pool_arn(),
            }
        )
    secrets = list(needs.secrets)
    if secrets:
        actions = ["secretsmanager:GetSecretValue"]
        if needs.creates_secrets:
            actions += ["secretsmanager:CreateSecret", "secretsmanager:PutSecretValue"]
        out.append(
            {
                "Sid": "Secrets",
                "Effect": "Allow",
                "Action": actions,
                "Resource": [
                    arn("secretsmanager", f"secret:tongban/{spec.stage}/{p}/*") for p in secrets
                ],
            }
        )
    return out


def finish(sam: dict[str, Any], spec: ResourceSpec, profile: str) -> dict[str, Any]:
    """The packaged template with least privilege, wired settings and the operational extras."""
    from infra.app_ops import add_operations

    resources: dict[str, Any] = sam["Resources"]
    functions = {k: v for k, v in resources.items() if v["Type"] == "AWS::Serverless::Function"}
    for logical, function in functions.items():
        handler = handler_of(function)
        needs = needs_of(handler)
        props = function["Properties"]
        props["MemorySize"] = needs.memory_mb
        props["Timeout"] = needs.timeout_s
        props["Environment"] = {"Variables": environment_for(spec, needs, profile)}
        props["LoggingConfig"] = {"LogGroup": {"Ref": f"{logical}Logs"}}
        resources[f"{logical}Logs"] = {
            "Type": "AWS::Logs::LogGroup",
            "DeletionPolicy": "Retain",
            "UpdateReplacePolicy": "Retain",
            "Properties": {
                "LogGroupName": f"/aws/lambda/tongban-{spec.stage}-{handler}",
                "RetentionInDays": LOG_RETENTION_DAYS,
            },
        }
        for event in props.get("Events", {}).values():
            if event["Type"] != "SQS":
                continue
            # The handlers answer which messages of a batch failed (entrypoints/queue.each_record):
            # without this, Lambda would count a batch with failures as done and lose them.
            event["Properties"]["FunctionResponseTypes"] = ["ReportBatchItemFailures"]
            if needs.max_concurrency:
                event["Properties"]["ScalingConfig"] = {"MaximumConcurrency": needs.max_concurrency}
        role = props["Role"]["Fn::GetAtt"][0]
        resources[role]["Properties"]["Policies"] = [
            {
                "PolicyName": f"tongban-{handler}",
                "PolicyDocument": {
                    "Version": "2012-10-17",
                    "Statement": statements(spec, needs, handler, profile),
                },
            }
        ]
        props["FunctionName"] = f"tongban-{spec.stage}-{handler}"
        # X-Ray: each invocation's segments (with the API stage's) show where a slow case spends its
        # time; the correlation id in the JSON logs ties them to the request that started the case.
        props["Tracing"] = "Active"
    sam.setdefault("Parameters", {}).update(PARAMETERS.declarations(profile))
    if profile == "cn":
        # No edge-optimised endpoints (and no CloudFront edge) in the aws-cn partition.
        resources["RestAPI"]["Properties"]["EndpointConfiguration"] = "REGIONAL"
    add_operations(sam, spec, profile)
    return sam


def main(argv: list[str] | None = None) -> int:
    from infra.build import spec_for_stage

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("template", type=Path)
    parser.add_argument("--profile", choices=("global", "cn"), default="global")
    parser.add_argument("--stage", default="prod")
    args = parser.parse_args(argv)
    sam = json.loads(args.template.read_text(encoding="utf-8"))
    finished = finish(sam, spec_for_stage(args.stage), args.profile)
    args.template.write_text(json.dumps(finished, ensure_ascii=False, indent=2), encoding="utf-8")
    count = sum(
        1 for r in finished["Resources"].values() if r["Type"] == "AWS::Serverless::Function"
    )
    print(f"{args.template}: profile {args.profile}, {count} functions, each with its own policy")
    return 0


if __name__ == "__main__":
    sys.exit(main())
