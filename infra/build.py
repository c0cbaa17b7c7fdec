"""Generate infra/template.json (CloudFormation) from the resource spec; `--check` fails if it is out of step."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from chalicelib.content.catalog_files import load_jurisdictions
from chalicelib.entrypoints.security_headers import HSTS, security_headers
from chalicelib.gateway_responses import GATEWAY_RESPONSES, not_found_page
from chalicelib.resource_spec import (
    UPLOAD_CORS_MAX_AGE,
    UPLOAD_CORS_METHODS,
    ResourceSpec,
    build_spec,
)
from infra.data_security import (
    data_key,
    malware_protection,
    malware_protection_role,
    tls_only,
)

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).resolve().parent / "template.json"
# The Ningxia (aws-cn) data stack: no Cognito, SES or SNS SMS there (identity by OIDC, SMS by a provider SDK).
TEMPLATE_CN = Path(__file__).resolve().parent / "template-cn.json"
PROFILES = ("global", "cn")
# Materials are personal data kept while a case may be reopened; issued documents are locked for 30 years.
MATERIALS_NONCURRENT_DAYS = 90
# Where the portal is served (TONGBAN_PUBLIC_BASE_URL's origin), given when the stack is deployed.
PORTAL_ORIGIN_PARAMETER = "PortalOrigin"
PORTAL_ORIGIN: Any = {"Ref": PORTAL_ORIGIN_PARAMETER}


def _table(table: Any) -> dict[str, Any]:
    attrs = {table.partition} | ({table.sort} if table.sort else set())
    keys = [{"AttributeName": table.partition, "KeyType": "HASH"}]
    if table.sort:
        keys.append({"AttributeName": table.sort, "KeyType": "RANGE"})
    gsis = []
    for index in table.indexes:
        attrs |= {index.partition} | ({index.sort} if index.sort else set())
        schema = [{"AttributeName": index.partition, "KeyType": "HASH"}]
        if index.sort:
            schema.append({"AttributeName": index.sort, "KeyType": "RANGE"})
        gsis.append({"IndexName": index.name, "KeySchema": schema, "Projection": index.projection})
    props: dict[str, Any] = {
        "TableName": table.name,
        "BillingMode": "PAY_PER_REQUEST",
        "KeySchema": keys,
        "AttributeDefinitions": [{"AttributeName": a, "AttributeType": "S"} for a in sorted(attrs)],
        "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True},
        "DeletionProtectionEnabled": True,
        "SSESpecification": {"SSEEnabled": True},
    }
    if gsis:
        props["GlobalSecondaryIndexes"] = gsis
    if table.ttl:
        props["TimeToLiveSpecification"] = {"AttributeName": table.ttl, "Enabled": True}
    return {
        "Type": "AWS::DynamoDB::Table",
        "DeletionPolicy": "Retain",
        "UpdateReplacePolicy": "Retain",
        "Properties": props,
    }


def _bucket(bucket: Any) -> dict[str, Any]:
    props: dict[str, Any] = {
        "BucketName": bucket.name,
        "VersioningConfiguration": {"Status": "Enabled" if bucket.versioned else "Suspended"},
        "PublicAccessBlockConfiguration": {
            "BlockPublicAcls": True,
            "BlockPublicPolicy": True,
            "IgnorePublicAcls": True,
            "RestrictPublicBuckets": True,
        },
        "BucketEncryption": {
            "ServerSideEncryptionConfiguration": [
                {
                    "ServerSideEncryptionByDefault": {
                        "SSEAlgorithm": "aws:kms",
                        "KMSMasterKeyID": {"Fn::GetAtt": ["DataKey", "Arn"]},
                    },
                    "BucketKeyEnabled": True,
                }
            ]
        },
    }
    if not bucket.object_lock:
        # Old versions of replaced or deleted materials go after a while; issued documents never do.
        props["LifecycleConfiguration"] = {
            "Rules": [
                {
                    "Id": "old-versions",
                    "Status": "Enabled",
                    "NoncurrentVersionExpiration": {"NoncurrentDays": MATERIALS_NONCURRENT_DAYS},
                    "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 7},
                }
            ]
        }
    if bucket.browser_uploads:
        # The portal's pages post files straight here (presigned POST): its origin only.
        props["CorsConfiguration"] = {
            "CorsRules": [
                {
                    "AllowedOrigins": [PORTAL_ORIGIN],
                    "AllowedMethods": list(UPLOAD_CORS_METHODS),
                    "AllowedHeaders": ["*"],
                    "MaxAge": UPLOAD_CORS_MAX_AGE,
                }
            ]
        }
    if bucket.object_lock:
        props["ObjectLockEnabled"] = True
        props["ObjectLockConfiguration"] = {
            "ObjectLockEnabled": "Enabled",
            "Rule": {"DefaultRetention": {"Mode": "GOVERNANCE", "Years": 30}},
        }
    return {
        "Type": "AWS::S3::Bucket",
        "DeletionPolicy": "Retain",
        "UpdateReplacePolicy": "Retain",
        "Properties": props,
    }


def _export(value: Any, name: str) -> dict[str, Any]:
    return {"Value": value, "Export": {"Name": {"Fn::Sub": f"${{AWS::StackName}}-{name}"}}}


def build_template(spec: ResourceSpec, profile: str = "global") -> dict[str, Any]:
    resources: dict[str, Any] = {"DataKey": data_key()}
    outputs: dict[str, Any] = {
        "DataKeyArn": _export({"Fn::GetAtt": ["DataKey", "Arn"]}, "DataKeyArn")
    }
    for table in spec.tables:
        resources[table.logical] = _table(table)
    for bucket in spec.buckets:
        resources[bucket.logical] = _bucket(bucket)
        resources[f"{bucket.logical}Policy"] = tls_only(bucket)
        if bucket.browser_uploads and profile == "global":
            resources["MaterialsMalwareProtection"] = malware_protection(bucket)
            resources["MalwareProtectionRole"] = malware_protection_role(bucket)
        if bucket.notify_queue:
            queue = spec.queue(bucket.notify_queue)
            # S3 → SQS (not Chalice's on_s3_event, which cannot be packaged to CloudFormation).
            resources[bucket.logical]["DependsOn"] = [f"{queue.logical}Policy"]
            resources[bucket.logical]["Properties"]["NotificationConfiguration"] = {
                "QueueConfigurations": [
                    {
                        "Event": "s3:ObjectCreated:*",
                        "Queue": {"Fn::GetAtt": [queue.logical, "Arn"]},
                        "Filter": {"S3Key": {"Rules": [{"Name": "prefix", "Value": "cases/"}]}},
                    }
                ]
            }
            resources[f"{queue.logical}Policy"] = {
                "Type": "AWS::SQS::QueuePolicy",
                "Properties": {
                    "Queues": [{"Ref": queue.logical}],
                    "PolicyDocument": {
                        "Version": "2012-10-17",
                        "Statement": [
                            {
                                "Effect": "Allow",
                                "Principal": {"Service": "s3.amazonaws.com"},
                                "Action": "sqs:SendMessage",
                                "Resource": {"Fn::GetAtt": [queue.logical, "Arn"]},
                                "Condition": {
                                    "ArnLike": {
                                        "aws:SourceArn": {
                                            "Fn::Sub": f"arn:${{AWS::Partition}}:s3:::{bucket.name}"
                                        }
                                    }
                                },
                            }
                        ],
                    },
                },
            }
    for queue in spec.queues:
        dlq = f"{queue.logical}Dlq"
        resources[dlq] = {
            "Type": "AWS::SQS::Queue",
            "Properties": {"QueueName": queue.dlq_name, "MessageRetentionPeriod": 1209600},
        }
        resources[queue.logical] = {
            "Type": "AWS::SQS::Queue",
            "Properties": {
                "QueueName": queue.name,
                "VisibilityTimeout": queue.visibility_timeout * 6,
                "RedrivePolicy": {
                    "deadLetterTargetArn": {"Fn::GetAtt": [dlq, "Arn"]},
                    "maxReceiveCount": queue.max_receive_count,
                },
            },
        }
        outputs[f"{queue.logical}Url"] = {"Value": {"Ref": queue.logical}}
    for topic in spec.topics:
        resources[topic.logical] = {
            "Type": "AWS::SNS::Topic",
            "Properties": {"TopicName": topic.name},
        }
    if profile == "global":
        _identity_and_senders(spec, resources, outputs)
    return {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Parameters": {
            PORTAL_ORIGIN_PARAMETER: {
                "Type": "String",
                "Description": "门户的来源（TONGBAN_PUBLIC_BASE_URL 的 https://域名 部分），浏览器从这里直传材料",
                "AllowedPattern": "^https://[A-Za-z0-9.-]+(:[0-9]+)?$",
            }
        },
        "Description": f"Tongban (通办) storage, queues and identity — stage {spec.stage}, profile {profile}. Generated by infra/build.py from chalicelib/resource_spec.py; do not edit by hand.",
        "Resources": resources,
        "Outputs": outputs,
    }


def _identity_and_senders(
    spec: ResourceSpec, resources: dict[str, Any], outputs: dict[str, Any]
) -> None:
    """Cognito and SES: the global profile only (neither exists in aws-cn)."""
    resources["UserPool"] = {
        "Type": "AWS::Cognito::UserPool",
        "Properties": {
            "UserPoolName": spec.user_pool_name,
            "UsernameConfiguration": {"CaseSensitive": False},
            "AutoVerifiedAttributes": ["phone_number"],
            "MfaConfiguration": spec.mfa_configuration,
            "EnabledMfas": ["SOFTWARE_TOKEN_MFA"],
            "Policies": {
                "PasswordPolicy": {
                    "MinimumLength": 8,
                    "RequireLowercase": True,
                    "RequireUppercase": True,
                    "RequireNumbers": True,
                }
            },
            "Schema": [
                {"Name": a, "AttributeDataType": "String", "Mutable": True}
                for a in spec.user_attributes
            ],
        },
    }
    resources["UserPoolClient"] = {
        "Type": "AWS::Cognito::UserPoolClient",
        "Properties": {
            "UserPoolId": {"Ref": "UserPool"},
            "ClientName": "tongban-web",
            "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
            "GenerateSecret": False,
            "ReadAttributes": list(spec.client_read_attributes),
            "WriteAttributes": list(spec.client_write_attributes),
            "EnableTokenRevocation": True,
        },
    }
    for group in spec.user_groups:
        resources[f"Group{group.title().replace('_', '')}"] = {
            "Type": "AWS::Cognito::UserPoolGroup",
            "Properties": {"GroupName": group, "UserPoolId": {"Ref": "UserPool"}},
        }
    resources["EmailIdentity"] = {
        "Type": "AWS::SES::EmailIdentity",
        "Properties": {"EmailIdentity": spec.email_sender},
    }
    outputs["UserPoolId"] = _export({"Ref": "UserPool"}, "UserPoolId")
    outputs["UserPoolClientId"] = _export({"Ref": "UserPoolClient"}, "UserPoolClientId")


def _templates(kind: str, body: dict[str, str]) -> dict[str, str]:
    templates = {"application/json": json.dumps(body, ensure_ascii=False)}
    if kind == "MISSING_AUTHENTICATION_TOKEN":
        templates["text/html"] = not_found_page(ROOT).decode("utf-8")
    return templates


def gateway_responses_merge() -> dict[str, Any]:
    """Merged into `chalice package` output: API Gateway's own errors answer in Chinese JSON."""
    resources = {}
    for kind, (status, body) in GATEWAY_RESPONSES.items():
        resources[f"GatewayResponse{kind.title().replace('_', '')}"] = {
            "Type": "AWS::ApiGateway::GatewayResponse",
            "Properties": {
                "ResponseType": kind,
                "RestApiId": {"Ref": "RestAPI"},
                "StatusCode": str(status),
                "ResponseTemplates": _templates(kind, body),
                # The app's security headers (deployed: HTTPS, so HSTS too). A static value here is
                # quoted '…', so the CSP (full of 'self') is left out: these are JSON bodies under nosniff.
                "ResponseParameters": {
                    f"gatewayresponse.header.{name}": f"'{value}'"
                    for name, value in {
                        **security_headers(),
                        "Strict-Transport-Security": HSTS,
                    }.items()
                    if "'" not in value
                },
            },
        }
    return {"Resources": resources}


def spec_for_stage(stage: str) -> ResourceSpec:
    return build_spec(stage, load_jurisdictions(ROOT).codes())


def render(stage: str = "prod", profile: str = "global") -> str:
    template = build_template(spec_for_stage(stage), profile)
    return json.dumps(template, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    merge = Path(__file__).resolve().parent / "gateway-responses.json"
    wanted = {
        TEMPLATE: render(),
        TEMPLATE_CN: render(profile="cn"),
        merge: json.dumps(gateway_responses_merge(), ensure_ascii=False, indent=2) + "\n",
    }
    for path, text in wanted.items():
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                print(
                    f"{path.name} 与资源规格不一致：请运行 python -m infra.build", file=sys.stderr
                )
                return 1
        else:
            path.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
