"""Both stacks deploy into moto's CloudFormation, and what moto silently skips is at least in the template."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest

from chalicelib.resource_spec import ResourceSpec
from infra.app_stack import finish
from infra.build import build_template, spec_for_stage
from tests.support.chalice_shape import chalice_shaped_template
from tests.support.moto_env import mocked_aws

pytestmark = pytest.mark.filterwarnings(
    "ignore::UserWarning"
)  # moto: "…not supported by moto's CloudFormation"

ORIGIN = "https://tongban.example.gov.cn"
APP_PARAMETERS = {
    "PublicBaseUrl": ORIGIN,
    "AlarmEmail": "ops@example.gov.cn",
    "OidcIssuer": "https://tyrz.nx.gov.cn/realms/zwfw",
    "OidcAudience": "tongban",
    "SmtpHost": "smtp.example.gov.cn",
    "EmailSender": "noreply@tongban.example.gov.cn",
}


def _parameters(values: dict[str, str], declared: dict[str, Any]) -> list[dict[str, str]]:
    return [{"ParameterKey": k, "ParameterValue": v} for k, v in values.items() if k in declared]


def _for_lambda(role: dict[str, Any]) -> bool:
    return "lambda.amazonaws.com" in json.dumps(role["AssumeRolePolicyDocument"])


def _without_sam(template: dict[str, Any]) -> dict[str, Any]:
    """moto has no SAM transform: everything but the functions and the API (and alarms on them)."""
    kept = {
        k: v
        for k, v in template["Resources"].items()
        if not v["Type"].startswith("AWS::Serverless::")
        and '"Ref"' not in json.dumps(v.get("Properties", {}).get("Dimensions", []))
    }
    return {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Parameters": template["Parameters"],
        "Resources": kept,
    }


# moto's CloudFormation skips the Cognito pool and leaves its exports without a value, so the global
# app stack imports from this stand-in (the data stack itself is deployed and checked separately).
STAND_IN = "exports-stand-in"
STAND_IN_EXPORTS = {
    "Resources": {"Placeholder": {"Type": "AWS::SNS::Topic"}},
    "Outputs": {
        name: {"Value": value, "Export": {"Name": f"{STAND_IN}-{name}"}}
        for name, value in (
            ("UserPoolId", "us-east-1_standin"),
            ("UserPoolClientId", "standin"),
            ("DataKeyArn", "arn:aws:kms:us-east-1:123456789012:key/standin"),
        )
    },
}


def _deploy(cf: Any, spec: ResourceSpec, profile: str) -> None:
    data = build_template(spec, profile)
    cf.create_stack(
        StackName=f"tongban-data-{profile}",
        TemplateBody=json.dumps(data),
        Parameters=_parameters({"PortalOrigin": ORIGIN}, data["Parameters"]),
    )
    if profile == "global":
        cf.create_stack(StackName=STAND_IN, TemplateBody=json.dumps(STAND_IN_EXPORTS))
    app = _without_sam(finish(chalice_shaped_template("prod"), spec, profile))
    cf.create_stack(
        StackName=f"tongban-app-{profile}",
        TemplateBody=json.dumps(app),
        Parameters=_parameters(
            {
                **APP_PARAMETERS,
                "DataStackName": STAND_IN if profile == "global" else f"tongban-data-{profile}",
            },
            app["Parameters"],
        ),
        Capabilities=["CAPABILITY_NAMED_IAM"],
    )


@pytest.fixture(scope="module")
def deployed() -> Iterator[tuple[ResourceSpec, Any]]:
    """The Ningxia profile's data and app stacks."""
    spec = spec_for_stage("prod")
    with mocked_aws():
        cf = boto3.client("cloudformation")
        _deploy(cf, spec, "cn")
        yield spec, cf


def test_the_data_stack_creates_every_table_bucket_and_queue(
    deployed: tuple[ResourceSpec, Any],
) -> None:
    spec, cf = deployed
    assert (
        cf.describe_stacks(StackName="tongban-data-cn")["Stacks"][0]["StackStatus"]
        == "CREATE_COMPLETE"
    )
    tables = set(boto3.client("dynamodb").list_tables()["TableNames"])
    assert {t.name for t in spec.tables} <= tables
    buckets = {b["Name"] for b in boto3.client("s3").list_buckets()["Buckets"]}
    assert {b.name for b in spec.buckets} <= buckets
    queues = boto3.client("sqs").list_queues()["QueueUrls"]
    assert len([q for q in queues if q.rsplit("/", 1)[1].startswith("tongban-prod-")]) == 2 * len(
        spec.queues
    )


def test_the_app_stack_creates_one_role_and_log_group_per_function(
    deployed: tuple[ResourceSpec, Any],
) -> None:
    spec, cf = deployed
    assert (
        cf.describe_stacks(StackName="tongban-app-cn")["Stacks"][0]["StackStatus"]
        == "CREATE_COMPLETE"
    )
    groups = boto3.client("logs").describe_log_groups(
        logGroupNamePrefix="/aws/lambda/tongban-prod-"
    )
    assert len(groups["logGroups"]) == 12
    assert all(g["retentionInDays"] == 180 for g in groups["logGroups"])
    roles = boto3.client("iam").list_roles()["Roles"]
    assert (
        len([r for r in roles if r["RoleName"].startswith("tongban-app-cn-") and _for_lambda(r)])
        == 12
    )


@pytest.mark.parametrize("profile", ["global", "cn"])
def test_what_moto_skips_is_in_the_template(profile: str) -> None:
    """moto said CREATE_COMPLETE without these: the template is the only place they are checked."""
    spec = spec_for_stage("prod")
    resources = build_template(spec, profile)["Resources"]
    by_type: dict[str, list[dict[str, Any]]] = {}
    for r in resources.values():
        by_type.setdefault(r["Type"], []).append(r.get("Properties", {}))
    if profile == "global":
        assert by_type["AWS::Cognito::UserPool"] and by_type["AWS::SES::EmailIdentity"]
        assert by_type["AWS::GuardDuty::MalwareProtectionPlan"]
    else:
        assert not {"AWS::Cognito::UserPool", "AWS::SES::EmailIdentity"} & set(by_type)
    assert by_type["AWS::SQS::QueuePolicy"]
    for bucket in by_type["AWS::S3::Bucket"]:
        assert bucket["VersioningConfiguration"] == {"Status": "Enabled"}
        assert bucket["PublicAccessBlockConfiguration"]["RestrictPublicBuckets"]
        sse = bucket["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]
        assert sse["ServerSideEncryptionByDefault"]["SSEAlgorithm"] == "aws:kms"
    materials = resources["MaterialsBucket"]["Properties"]
    assert materials["NotificationConfiguration"]["QueueConfigurations"]
    assert materials["CorsConfiguration"]["CorsRules"][0]["AllowedMethods"] == ["POST"]
    assert materials["LifecycleConfiguration"]["Rules"]
    documents = resources["DocumentsBucket"]["Properties"]
    assert documents["ObjectLockConfiguration"]["Rule"]["DefaultRetention"]["Years"] == 30
    tls = [p["PolicyDocument"]["Statement"][0] for p in by_type["AWS::S3::BucketPolicy"]]
    assert len(tls) == 2 and all(
        s["Condition"] == {"Bool": {"aws:SecureTransport": "false"}} for s in tls
    )
    for table in by_type["AWS::DynamoDB::Table"]:
        assert table["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}
        assert table["DeletionProtectionEnabled"]
    assert resources["RateLimitsTable"]["Properties"]["TimeToLiveSpecification"]["Enabled"]


def test_the_global_stacks_deploy_too() -> None:
    spec = spec_for_stage("test")  # its own bucket names: a fresh moto account anyway
    with mocked_aws():
        cf = boto3.client("cloudformation")
        _deploy(cf, spec, "global")
        for stack in ("tongban-data-global", "tongban-app-global"):
            assert (
                cf.describe_stacks(StackName=stack)["Stacks"][0]["StackStatus"] == "CREATE_COMPLETE"
            )
        roles = boto3.client("iam").list_roles()["Roles"]
        assert (
            len(
                [
                    r
                    for r in roles
                    if r["RoleName"].startswith("tongban-app-global-") and _for_lambda(r)
                ]
            )
            == 12
        )
