"""Test helpers for moto: a provisioned in-process AWS, tokens for demo users, and the sent SMS."""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
import moto
from moto import mock_aws

from chalicelib import bootstrap
from chalicelib.content.catalog_files import load_jurisdictions
from chalicelib.resource_spec import ResourceSpec, build_spec
from devtools.provision import DEMO_PASSWORD, provision

ROOT = Path(__file__).resolve().parents[2]
REGION = "us-east-1"


@dataclass
class MotoWorld:
    spec: ResourceSpec
    pool_id: str
    client_id: str

    def token(self, username: str, password: str = DEMO_PASSWORD) -> str:
        idp = boto3.client("cognito-idp", region_name=REGION)
        out = idp.initiate_auth(
            ClientId=self.client_id,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": username, "PASSWORD": password},
        )
        return str(out["AuthenticationResult"]["IdToken"])

    def sent_sms(self) -> list[dict[str, Any]]:
        from moto.core import DEFAULT_ACCOUNT_ID  # type: ignore[attr-defined]
        from moto.sns.models import sns_backends

        return [
            {"to": m[0], "text": m[1]}
            for m in sns_backends[DEFAULT_ACCOUNT_ID][REGION].sms_messages.values()
        ]


def write_moto_jwks(target: Path) -> Path:
    source = Path(moto.__file__).parent / "cognitoidp" / "resources" / "jwks-public.json.gz"
    target.write_bytes(gzip.decompress(source.read_bytes()))
    return target


@contextmanager
def moto_world(tmp_dir: Path) -> Iterator[MotoWorld]:
    env = {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": REGION,
        "AWS_REGION": REGION,
        "TONGBAN_STAGE": "local",
    }
    saved = {
        k: os.environ.get(k)
        for k in [
            *env,
            "AWS_ENDPOINT_URL",
            "TONGBAN_USER_POOL_ID",
            "TONGBAN_USER_POOL_CLIENT_ID",
            "TONGBAN_JWKS_URL",
        ]
    }
    os.environ.update(env)
    os.environ.pop("AWS_ENDPOINT_URL", None)
    bootstrap.reset()
    # Cognito's RevokeToken, which moto lacks, as the local runner emulates it (sign-out works).
    from devtools import local_cognito

    local_cognito.install_revoke_token()
    try:
        with mock_aws():
            spec = build_spec("local", load_jurisdictions(ROOT).codes())
            made = provision(spec, REGION)
            os.environ["TONGBAN_USER_POOL_ID"] = made.user_pool_id
            os.environ["TONGBAN_USER_POOL_CLIENT_ID"] = made.user_pool_client_id
            os.environ["TONGBAN_JWKS_URL"] = write_moto_jwks(tmp_dir / "jwks.json").as_uri()
            bootstrap.reset()
            yield MotoWorld(
                spec=spec, pool_id=made.user_pool_id, client_id=made.user_pool_client_id
            )
    finally:
        bootstrap.reset()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def sqs_event(body: dict[str, Any], queue_name: str, message_id: str) -> dict[str, Any]:
    """A Lambda-shaped SQS event with a unique messageId (chalice's generator reuses one)."""
    return {
        "Records": [
            {
                "messageId": message_id,
                "receiptHandle": f"rh-{message_id}",
                "body": json.dumps(body, ensure_ascii=False),
                "attributes": {"ApproximateReceiveCount": "1"},
                "messageAttributes": {},
                "eventSource": "aws:sqs",
                "eventSourceARN": f"arn:aws:sqs:{REGION}:123456789012:{queue_name}",
                "awsRegion": REGION,
            }
        ]
    }


def drain(queue_name: str) -> list[dict[str, Any]]:
    sqs = boto3.client("sqs", region_name=REGION)
    url = sqs.get_queue_url(QueueName=queue_name)["QueueUrl"]
    bodies: list[dict[str, Any]] = []
    while True:
        out = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=0)
        messages = out.get("Messages", [])
        if not messages:
            return bodies
        for m in messages:
            bodies.append(json.loads(m["Body"]))
            sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])


# The consumers a home jurisdiction's case needs delivered: its router, the notices, and the documents
# with the notices that announce them.
CASE_CONSUMERS = (
    ("640221", "route_cases_640221"),
    ("notices", "send_notices"),
    ("documents", "issue_documents"),
)


def deliverer(
    w: MotoWorld,
    client: Any,
    consumers: tuple[tuple[str, str], ...] = CASE_CONSUMERS,
    seen: list[dict[str, Any]] | None = None,
) -> Callable[[], None]:
    """Drain each queue into its Lambda handler through chalice's test client, as SQS would."""
    counter = iter(range(1, 100_000))

    def deliver() -> None:
        for key, handler in consumers:
            name = w.spec.queue(key).name
            for body in drain(name):
                if seen is not None:
                    seen.append(body)
                client.lambda_.invoke(handler, sqs_event(body, name, f"sqs-{key}-{next(counter)}"))

    return deliver
