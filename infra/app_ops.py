"""The app stack's operations: an alarm topic, alarms (DLQ depth, 5xx, throttles, errors, overdue cases,
failed notices), a dashboard, API Gateway throttling and access logs."""

from __future__ import annotations

import json
from typing import Any

from chalicelib.resource_spec import ResourceSpec

METRICS_NAMESPACE = (
    "Tongban"  # custom metrics: OverdueCases (sweep_deadlines), FailedNotices (send_notices)
)
API_RATE_LIMIT = 200  # requests/s steady for the whole stage; a county's peak is far below
API_BURST_LIMIT = 400


def _alarm(
    description: str,
    namespace: str,
    metric: str,
    dimensions: dict[str, Any],
    stat: str = "Sum",
    threshold: float = 0,
) -> dict[str, Any]:
    return {
        "Type": "AWS::CloudWatch::Alarm",
        "Properties": {
            "AlarmDescription": description,
            "Namespace": namespace,
            "MetricName": metric,
            "Dimensions": [{"Name": k, "Value": v} for k, v in dimensions.items()],
            "Statistic": stat,
            "Period": 300,
            "EvaluationPeriods": 1,
            "Threshold": threshold,
            "ComparisonOperator": "GreaterThanThreshold",
            "TreatMissingData": "notBreaching",
            "AlarmActions": [{"Ref": "AlarmTopic"}],
        },
    }


def add_operations(sam: dict[str, Any], spec: ResourceSpec, profile: str) -> None:
    resources: dict[str, Any] = sam["Resources"]
    resources["AlarmTopic"] = {
        "Type": "AWS::SNS::Topic",
        "Properties": {
            "TopicName": f"tongban-{spec.stage}-alarms",
            "Subscription": [{"Protocol": "email", "Endpoint": {"Ref": "AlarmEmail"}}],
        },
    }
    for queue in spec.queues:
        resources[f"{queue.logical}DlqAlarm"] = _alarm(
            f"死信队列 {queue.dlq_name} 有消息（make dlq 查看，make dlq-replay 重放）",
            "AWS/SQS",
            "ApproximateNumberOfMessagesVisible",
            {"QueueName": queue.dlq_name},
            stat="Maximum",
        )
    functions = [k for k, v in resources.items() if v["Type"] == "AWS::Serverless::Function"]
    for logical in functions:
        for metric in ("Errors", "Throttles"):
            resources[f"{logical}{metric}Alarm"] = _alarm(
                f"函数 {logical} 出现 {metric}",
                "AWS/Lambda",
                metric,
                {"FunctionName": {"Ref": logical}},
            )
    resources["Api5xxAlarm"] = _alarm(
        "API 5xx 比例超过 1%",
        "AWS/ApiGateway",
        "5XXError",
        {"ApiName": "tongban", "Stage": "api"},
        stat="Average",
        threshold=0.01,
    )
    resources["OverdueCasesAlarm"] = _alarm(
        "有超期办件（每日超期扫描计数）",
        METRICS_NAMESPACE,
        "OverdueCases",
        {"Stage": spec.stage},
        stat="Maximum",
    )
    resources["FailedNoticesAlarm"] = _alarm(
        "短信/邮件通知发送失败", METRICS_NAMESPACE, "FailedNotices", {"Stage": spec.stage}
    )
    widgets = [
        {
            "type": "metric",
            "width": 12,
            "height": 6,
            "properties": {
                "title": title,
                "region": "${AWS::Region}",
                "stat": "Sum",
                "period": 300,
                "metrics": metrics,
            },
        }
        for title, metrics in (
            (
                "API 请求与 5xx",
                [["AWS/ApiGateway", "Count", "ApiName", "tongban"], [".", "5XXError", ".", "."]],
            ),
            (
                "死信队列",
                [
                    ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", q.dlq_name]
                    for q in spec.queues
                ],
            ),
            (
                "超期办件与通知失败",
                [
                    [METRICS_NAMESPACE, "OverdueCases", "Stage", spec.stage],
                    [".", "FailedNotices", ".", "."],
                ],
            ),
        )
    ]
    resources["Dashboard"] = {
        "Type": "AWS::CloudWatch::Dashboard",
        "Properties": {
            "DashboardName": f"tongban-{spec.stage}",
            "DashboardBody": {"Fn::Sub": json.dumps({"widgets": widgets}, ensure_ascii=False)},
        },
    }
    resources["ApiAccessLogs"] = {
        "Type": "AWS::Logs::LogGroup",
        "DeletionPolicy": "Retain",
        "UpdateReplacePolicy": "Retain",
        "Properties": {"LogGroupName": f"/tongban/{spec.stage}/api-access", "RetentionInDays": 180},
    }
    # Access logs need the account's API Gateway → CloudWatch role (one per account and region).
    resources["ApiGatewayLogsRole"] = {
        "Type": "AWS::IAM::Role",
        "Properties": {
            "AssumeRolePolicyDocument": {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {"Service": "apigateway.amazonaws.com"},
                        "Action": "sts:AssumeRole",
                    }
                ],
            },
            "ManagedPolicyArns": [
                {
                    "Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"
                }
            ],
        },
    }
    resources["ApiGatewayAccount"] = {
        "Type": "AWS::ApiGateway::Account",
        "Properties": {"CloudWatchRoleArn": {"Fn::GetAtt": ["ApiGatewayLogsRole", "Arn"]}},
    }
    resources["RestAPI"]["DependsOn"] = ["ApiGatewayAccount"]
    api = resources["RestAPI"]["Properties"]
    api["TracingEnabled"] = True
    api["MethodSettings"] = [
        {
            "ResourcePath": "/*",
            "HttpMethod": "*",
            "ThrottlingRateLimit": API_RATE_LIMIT,
            "ThrottlingBurstLimit": API_BURST_LIMIT,
            "MetricsEnabled": True,
        }
    ]
    api["AccessLogSetting"] = {
        "DestinationArn": {"Fn::GetAtt": ["ApiAccessLogs", "Arn"]},
        "Format": json.dumps(
            {
                "requestId": "$context.requestId",
                "ip": "$context.identity.sourceIp",
                "method": "$context.httpMethod",
                "path": "$context.resourcePath",
                "status": "$context.status",
                "latencyMs": "$context.responseLatency",
            }
        ),
    }
