"""Create every AWS resource of the resource spec with boto3 (on moto locally), plus demo users and
their staff directory entries."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

import boto3

from chalicelib.adapters.dynamodb_staff_directory import DynamoStaffDirectory
from chalicelib.bootstrap import ChinaClock
from chalicelib.resource_spec import Bucket, ResourceSpec, Table, upload_cors_rules
from chalicelib.services.staff_directory import staff_entry
from devtools.demo_users import DEMO_PASSWORD, DEMO_USERS, DemoUser

__all__ = ["DEMO_PASSWORD", "DEMO_USERS", "DemoUser", "provision"]


@dataclass(frozen=True)
class Provisioned:
    user_pool_id: str
    user_pool_client_id: str


def _create_bucket(s3: Any, bucket: Bucket, region: str, web_origins: tuple[str, ...]) -> None:
    kwargs: dict[str, Any] = {"Bucket": bucket.name}
    if region != "us-east-1":
        kwargs["CreateBucketConfiguration"] = {"LocationConstraint": region}
    if bucket.object_lock:
        kwargs["ObjectLockEnabledForBucket"] = True
    s3.create_bucket(**kwargs)
    if bucket.versioned:
        s3.put_bucket_versioning(Bucket=bucket.name, VersioningConfiguration={"Status": "Enabled"})
    rules = upload_cors_rules(web_origins) if bucket.browser_uploads else []
    if rules:
        s3.put_bucket_cors(Bucket=bucket.name, CORSConfiguration={"CORSRules": rules})
    s3.put_public_access_block(
        Bucket=bucket.name,
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True,
        },
    )


def provision(spec: ResourceSpec, region: str, web_origins: tuple[str, ...] = ()) -> Provisioned:
    """Create everything; `web_origins` are where the portal's pages are served (bucket CORS)."""
    session = boto3.session.Session(region_name=region)
    ddb = session.client("dynamodb")
    for table in spec.tables:
        _create_table(ddb, table)
    s3 = session.client("s3")
    for bucket in spec.buckets:
        _create_bucket(s3, bucket, region, web_origins)
    sqs = session.client("sqs")
    for queue in spec.queues:
        dlq_url = sqs.create_queue(QueueName=queue.dlq_name)["QueueUrl"]
        dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq_url, AttributeNames=["QueueArn"])[
            "Attributes"
        ]["QueueArn"]
        sqs.create_queue(
            QueueName=queue.name,
            Attributes={
                "VisibilityTimeout": str(queue.visibility_timeout),
                "RedrivePolicy": json.dumps(
                    {"deadLetterTargetArn": dlq_arn, "maxReceiveCount": queue.max_receive_count}
                ),
            },
        )
    for bucket in spec.buckets:
        if bucket.notify_queue:
            url = sqs.get_queue_url(QueueName=spec.queue(bucket.notify_queue).name)["QueueUrl"]
            arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"][
                "QueueArn"
            ]
            s3.put_bucket_notification_configuration(
                Bucket=bucket.name,
                NotificationConfiguration={
                    "QueueConfigurations": [
                        {
                            "QueueArn": arn,
                            "Events": ["s3:ObjectCreated:*"],
                            "Filter": {
                                "Key": {"FilterRules": [{"Name": "prefix", "Value": "cases/"}]}
                            },
                        }
                    ]
                },
            )
    session.client("ses").verify_email_identity(EmailAddress=spec.email_sender)
    sns = session.client("sns")
    for topic in spec.topics:
        arn = sns.create_topic(Name=topic.name)["TopicArn"]
        for user in DEMO_USERS:
            if user.jurisdiction == topic.jurisdiction and user.group in (
                "window_staff",
                "approver",
            ):
                sns.subscribe(TopicArn=arn, Protocol="sms", Endpoint="+86" + user.phone)
    made, subs = _provision_users(session.client("cognito-idp"), spec)
    seed_staff_directory(
        DynamoStaffDirectory(ddb, spec.table("StaffDirectoryTable").name),
        subs,
        ChinaClock().today(),
    )
    return made


def seed_staff_directory(
    directory: DynamoStaffDirectory, subs: dict[str, str], today: date
) -> None:
    """Every demo user who is not an applicant gets the directory entry their work needs, from today."""
    for user in DEMO_USERS:
        if user.group == "applicant":
            continue
        directory.put(
            staff_entry(
                user_id=subs[user.username],
                login=user.username,
                name=user.name,
                roles=user.directory_roles,
                jurisdiction=user.jurisdiction,
                center=user.center,
                department=user.department,
                window=user.window,
                valid_from=today.isoformat(),
            )
        )


def _create_table(ddb: Any, table: Table) -> None:
    attrs = {table.partition}
    keys = [{"AttributeName": table.partition, "KeyType": "HASH"}]
    if table.sort:
        attrs.add(table.sort)
        keys.append({"AttributeName": table.sort, "KeyType": "RANGE"})
    gsis = []
    for index in table.indexes:
        attrs.add(index.partition)
        schema = [{"AttributeName": index.partition, "KeyType": "HASH"}]
        if index.sort:
            attrs.add(index.sort)
            schema.append({"AttributeName": index.sort, "KeyType": "RANGE"})
        gsis.append({"IndexName": index.name, "KeySchema": schema, "Projection": index.projection})
    kwargs: dict[str, Any] = {
        "TableName": table.name,
        "KeySchema": keys,
        "AttributeDefinitions": [{"AttributeName": a, "AttributeType": "S"} for a in sorted(attrs)],
        "BillingMode": "PAY_PER_REQUEST",
    }
    if gsis:
        kwargs["GlobalSecondaryIndexes"] = gsis
    ddb.create_table(**kwargs)
    if table.ttl:
        ddb.update_time_to_live(
            TableName=table.name,
            TimeToLiveSpecification={"Enabled": True, "AttributeName": table.ttl},
        )


def _provision_users(idp: Any, spec: ResourceSpec) -> tuple[Provisioned, dict[str, str]]:
    pool = idp.create_user_pool(
        PoolName=spec.user_pool_name,
        MfaConfiguration=spec.mfa_configuration,
        Schema=[
            {"Name": attr, "AttributeDataType": "String", "Mutable": True}
            for attr in spec.user_attributes
        ],
        Policies={
            "PasswordPolicy": {
                "MinimumLength": 8,
                "RequireUppercase": True,
                "RequireLowercase": True,
                "RequireNumbers": True,
            }
        },
    )["UserPool"]
    client = idp.create_user_pool_client(
        UserPoolId=pool["Id"],
        ClientName="tongban-web",
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        # The same lists as the deployed client: a person may edit their name, phone and e-mail,
        # never their place of work (moto does not enforce WriteAttributes; Cognito does).
        ReadAttributes=list(spec.client_read_attributes),
        WriteAttributes=list(spec.client_write_attributes),
        EnableTokenRevocation=True,
    )["UserPoolClient"]
    idp.set_user_pool_mfa_config(
        UserPoolId=pool["Id"],
        SoftwareTokenMfaConfiguration={"Enabled": True},
        MfaConfiguration=spec.mfa_configuration,
    )
    for group in spec.user_groups:
        idp.create_group(UserPoolId=pool["Id"], GroupName=group)
    subs = {user.username: add_user(idp, pool["Id"], user) for user in DEMO_USERS}
    return Provisioned(user_pool_id=pool["Id"], user_pool_client_id=client["ClientId"]), subs


def add_user(idp: Any, pool_id: str, user: DemoUser) -> str:
    """Create the demo user; returns the `sub` their tokens will carry (the directory's key)."""
    # The custom attributes are for the pool's console only: the service never reads them.
    attributes = [
        {"Name": "name", "Value": user.name},
        {"Name": "phone_number", "Value": "+86" + user.phone},
        {"Name": "custom:jurisdiction", "Value": user.jurisdiction},
        {"Name": "custom:center", "Value": user.center},
        {"Name": "custom:department", "Value": user.department},
    ]
    created = idp.admin_create_user(
        UserPoolId=pool_id,
        Username=user.username,
        UserAttributes=[a for a in attributes if a["Value"]],
        MessageAction="SUPPRESS",
    )["User"]
    idp.admin_set_user_password(
        UserPoolId=pool_id, Username=user.username, Password=user.password, Permanent=True
    )
    # Groups are kept for the pool's own console; the service reads roles from the staff directory.
    for group in user.roles:
        idp.admin_add_user_to_group(UserPoolId=pool_id, Username=user.username, GroupName=group)
    return str(next(a["Value"] for a in created["Attributes"] if a["Name"] == "sub"))
