"""A template shaped like `chalice package`'s SAM output for this app (no zip): what infra/app_stack.py finishes."""

from __future__ import annotations

from typing import Any

from chalice.utils import to_cfn_resource_name

LAMBDA_TRUST = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"Service": "lambda.amazonaws.com"},
            "Action": "sts:AssumeRole",
        }
    ],
}


def chalice_shaped_template(stage: str) -> dict[str, Any]:
    """One function per handler of app.py, each with the role Chalice gives it; SQS consumers with their event."""
    import app as application

    app = application.app
    handlers: list[tuple[str, str, dict[str, Any]]] = [("APIHandler", "app.app", {})]
    handlers += [
        (to_cfn_resource_name(a.name), f"app.{a.name}", {}) for a in app.builtin_auth_handlers
    ]
    for source in app.event_sources:
        events: dict[str, Any] = {}
        queue = getattr(source, "queue", None)
        if queue:
            arn = f"arn:${{AWS::Partition}}:sqs:${{AWS::Region}}:${{AWS::AccountId}}:{queue}"
            events = {
                "Sqs": {
                    "Type": "SQS",
                    "Properties": {
                        "Queue": {"Fn::Sub": arn},
                        "BatchSize": getattr(source, "batch_size", 1),
                    },
                }
            }
        else:
            events = {
                "Schedule": {"Type": "Schedule", "Properties": {"Schedule": "rate(1 minute)"}}
            }
        handlers.append((to_cfn_resource_name(source.name), f"app.{source.name}", events))
    resources: dict[str, Any] = {
        "RestAPI": {"Type": "AWS::Serverless::Api", "Properties": {"EndpointConfiguration": "EDGE"}}
    }
    for logical, handler, events in handlers:
        role = "ApiHandlerRole" if logical == "APIHandler" else f"{logical}Role"
        resources[role] = {
            "Type": "AWS::IAM::Role",
            "Properties": {"AssumeRolePolicyDocument": LAMBDA_TRUST, "Policies": []},
        }
        props: dict[str, Any] = {
            "Handler": handler,
            "Environment": {"Variables": {"TONGBAN_STAGE": stage}},
            "Role": {"Fn::GetAtt": [role, "Arn"]},
        }
        if events:
            props["Events"] = events
        resources[logical] = {"Type": "AWS::Serverless::Function", "Properties": props}
    return {"Resources": resources}
