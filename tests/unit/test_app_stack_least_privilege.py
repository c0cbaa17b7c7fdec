"""The app stack gives every function exactly the settings and permissions chalicelib/function_needs.py says."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from chalicelib.config import REQUIRED_SETTINGS
from chalicelib.function_needs import JURISDICTION_QUEUES, FunctionNeeds, needs_of
from chalicelib.resource_spec import ResourceSpec
from infra.app_stack import finish, handler_of
from infra.build import spec_for_stage
from tests.support.chalice_shape import chalice_shaped_template

PROFILES = ("global", "cn")


def _finished(profile: str) -> tuple[ResourceSpec, dict[str, Any]]:
    spec = spec_for_stage("prod")
    return spec, finish(chalice_shaped_template("prod"), spec, profile)


def _functions(template: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        handler_of(r): r
        for r in template["Resources"].values()
        if r["Type"] == "AWS::Serverless::Function"
    }


def _policy(template: dict[str, Any], function: dict[str, Any]) -> list[dict[str, Any]]:
    role = template["Resources"][function["Properties"]["Role"]["Fn::GetAtt"][0]]
    (policy,) = role["Properties"]["Policies"]
    return list(policy["PolicyDocument"]["Statement"])


def _resource_texts(statement: dict[str, Any]) -> list[str]:
    resources = statement["Resource"]
    out = []
    for r in resources if isinstance(resources, list) else [resources]:
        sub = r["Fn::Sub"] if isinstance(r, dict) and "Fn::Sub" in r else r
        out.append(
            sub[0] if isinstance(sub, list) else json.dumps(sub) if isinstance(sub, dict) else sub
        )
    return out


def _named(statements: list[dict[str, Any]], pattern: str) -> set[str]:
    return {
        m.group(1)
        for s in statements
        for text in _resource_texts(s)
        if (m := re.search(pattern, text))
    }


def _queues(spec: ResourceSpec, keys: tuple[str, ...]) -> set[str]:
    codes = [q.key for q in spec.queues if q.key.isdigit()]
    expanded = [k for key in keys for k in (codes if key == JURISDICTION_QUEUES else [key])]
    return {spec.queue(k).name for k in expanded}


def _expected_queues(spec: ResourceSpec, handler: str, needs: FunctionNeeds) -> set[str]:
    consumed = needs.consumes
    if consumed == JURISDICTION_QUEUES:
        consumed = handler.removeprefix("route_cases_")
    return _queues(spec, needs.sends_to) | ({spec.queue(consumed).name} if consumed else set())


@pytest.mark.parametrize("profile", PROFILES)
def test_every_packaged_function_has_its_needs_declared(profile: str) -> None:
    _, template = _finished(profile)
    handlers = set(_functions(template))
    assert len(handlers) == 12 and {"api_handler", "cognito_jwt", "send_notices"} <= handlers
    for handler in handlers:
        needs_of(handler)


@pytest.mark.parametrize("profile", PROFILES)
def test_each_function_may_touch_exactly_the_tables_buckets_and_queues_it_needs(
    profile: str,
) -> None:
    spec, template = _finished(profile)
    for handler, function in _functions(template).items():
        needs, policy = needs_of(handler), _policy(template, function)
        tables = {spec.table(t).name for t in needs.writes_tables + needs.reads_tables}
        buckets = {spec.bucket(b).name for b in needs.writes_buckets + needs.reads_buckets}
        assert _named(policy, r":table/([^/]+)") == tables, handler
        assert _named(policy, r":s3:::([^/]+)/\*") == buckets, handler
        assert _named(policy, r":sqs:\$\{AWS::Region\}:\$\{AWS::AccountId\}:(.+)$") == (
            _expected_queues(spec, handler, needs)
        ), handler
        topics = {t.name for t in spec.topics} if needs.publishes_alerts else set()
        assert _named(policy, r":sns:\$\{AWS::Region\}:\$\{AWS::AccountId\}:(.+)$") == topics
        # The staff directory is written only by the administrator's tooling.
        written = _named([s for s in policy if s["Sid"] == "Tables"], r":table/([^/]+)")
        assert spec.table("StaffDirectoryTable").name not in written, handler


@pytest.mark.parametrize("profile", PROFILES)
def test_no_function_gets_a_wildcard_resource_except_where_aws_allows_no_other(
    profile: str,
) -> None:
    _, template = _finished(profile)
    for handler, function in _functions(template).items():
        for statement in _policy(template, function):
            if statement["Resource"] != "*":
                continue
            if statement["Sid"] == "Tracing":  # X-Ray's writes have no resource ARN
                assert statement["Action"] == ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]
                continue
            # An SMS to a phone number has no ARN (custom metrics are EMF log lines: no PutMetricData):
            # only the functions that send notices, and only where SNS sends the SMS.
            assert (statement["Action"], profile) == ("sns:Publish", "global"), handler
            assert needs_of(handler).sends_sms_and_email, handler


@pytest.mark.parametrize("profile", PROFILES)
def test_each_function_gets_the_settings_its_profile_requires_from_the_stack(
    profile: str,
) -> None:
    _, template = _finished(profile)
    for handler, function in _functions(template).items():
        env = function["Properties"]["Environment"]["Variables"]
        extra = {"TONGBAN_BASE_PATH", "TONGBAN_OIDC_ISSUER"}
        if needs_of(handler).sends_sms_and_email:
            extra |= (
                {"TONGBAN_SMS_SENDER_ID"}
                if profile == "global"
                else {
                    "ALIBABA_CLOUD_ACCESS_KEY_ID",
                    "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
                    "TONGBAN_SMTP_HOST",
                    "TONGBAN_SMTP_PORT",
                    "TONGBAN_SMTP_USER",
                    "TONGBAN_SMTP_PASSWORD",
                    "TONGBAN_EMAIL_SENDER",
                }
            )
        assert set(env) == set(REQUIRED_SETTINGS[profile]) | extra, handler
        assert env["TONGBAN_PUBLIC_BASE_URL"] == {"Ref": "PublicBaseUrl"}
        assert env["TONGBAN_PROFILE"] == profile
        if profile == "global":
            assert env["TONGBAN_USER_POOL_ID"] == {
                "Fn::ImportValue": {"Fn::Sub": "${DataStackName}-UserPoolId"}
            }
            assert "${AWS::URLSuffix}" in env["TONGBAN_OIDC_ISSUER"]["Fn::Sub"][0]
        else:
            assert env["TONGBAN_OIDC_ISSUER"] == {"Ref": "OidcIssuer"}
        assert {r["Ref"] for r in env.values() if isinstance(r, dict) and "Ref" in r} <= set(
            template["Parameters"]
        )


@pytest.mark.parametrize("profile", PROFILES)
def test_queue_consumers_are_capped_and_the_authorizer_is_small(profile: str) -> None:
    _, template = _finished(profile)
    for function in _functions(template).values():
        props = function["Properties"]
        for event in props.get("Events", {}).values():
            if event["Type"] == "SQS":
                assert event["Properties"]["ScalingConfig"]["MaximumConcurrency"] >= 2
        logs = template["Resources"][props["LoggingConfig"]["LogGroup"]["Ref"]]
        assert logs["Properties"]["RetentionInDays"] >= 180
    assert _functions(template)["cognito_jwt"]["Properties"]["MemorySize"] <= 256


@pytest.mark.parametrize("profile", PROFILES)
def test_queue_consumers_report_failed_messages_of_a_batch_so_only_they_are_retried(
    profile: str,
) -> None:
    _, template = _finished(profile)
    events = [
        event
        for function in _functions(template).values()
        for event in function["Properties"].get("Events", {}).values()
        if event["Type"] == "SQS"
    ]
    assert events
    for event in events:
        assert event["Properties"]["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
        assert event["Properties"]["BatchSize"] == 10


@pytest.mark.parametrize("profile", PROFILES)
def test_every_function_and_the_api_stage_are_traced(profile: str) -> None:
    _, template = _finished(profile)
    assert all(f["Properties"]["Tracing"] == "Active" for f in _functions(template).values())
    assert template["Resources"]["RestAPI"]["Properties"]["TracingEnabled"] is True


def test_the_ningxia_profile_has_a_regional_api_and_no_cognito_or_ses() -> None:
    _, template = _finished("cn")
    assert template["Resources"]["RestAPI"]["Properties"]["EndpointConfiguration"] == "REGIONAL"
    text = json.dumps(template)
    assert "cognito-idp:" not in text and "ses:" not in text
    assert {"OidcIssuer", "OidcAudience", "SmtpHost", "EmailSender"} <= set(template["Parameters"])
    notices = _functions(template)["send_notices"]["Properties"]["Environment"]["Variables"]
    assert notices["ALIBABA_CLOUD_ACCESS_KEY_SECRET"].startswith("{{resolve:secretsmanager:")


@pytest.mark.parametrize("profile", PROFILES)
def test_no_arn_names_a_partition_by_hand(profile: str) -> None:
    from infra.build import build_template

    spec, template = _finished(profile)
    for text in (json.dumps(template), json.dumps(build_template(spec, profile))):
        assert "arn:aws:" not in text and "arn:*:" not in text


@pytest.mark.parametrize("profile", PROFILES)
def test_every_dead_letter_queue_and_function_has_an_alarm(profile: str) -> None:
    spec, template = _finished(profile)
    alarms = [
        r["Properties"]
        for r in template["Resources"].values()
        if r["Type"] == "AWS::CloudWatch::Alarm"
    ]
    watched_dlqs = {d["Value"] for a in alarms for d in a["Dimensions"] if d["Name"] == "QueueName"}
    assert watched_dlqs == {q.dlq_name for q in spec.queues}
    metrics = {a["MetricName"] for a in alarms}
    assert {"Errors", "Throttles", "5XXError", "OverdueCases", "FailedNotices"} <= metrics
    api = template["Resources"]["RestAPI"]["Properties"]
    assert api["MethodSettings"][0]["ThrottlingRateLimit"] > 0 and api["AccessLogSetting"]
