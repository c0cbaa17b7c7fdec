"""ARNs in whatever partition the stack is deployed to (aws, aws-cn): never a hard-coded `arn:aws:`."""

from __future__ import annotations

from typing import Any


def arn(service: str, resource: str, s3: bool = False, **values: Any) -> dict[str, Any]:
    """`arn:${AWS::Partition}:service:region:account:resource` (S3 ARNs have no region or account)."""
    where = ":::" if s3 else ":${AWS::Region}:${AWS::AccountId}:"
    text = f"arn:${{AWS::Partition}}:{service}{where}{resource}"
    return {"Fn::Sub": [text, values]} if values else {"Fn::Sub": text}
