"""The data stack's protections: the customer key, TLS-only bucket policies, GuardDuty malware scans."""

from __future__ import annotations

from typing import Any


def tls_only(bucket: Any) -> dict[str, Any]:
    arn = f"arn:${{AWS::Partition}}:s3:::{bucket.name}"
    return {
        "Type": "AWS::S3::BucketPolicy",
        "Properties": {
            "Bucket": {"Ref": bucket.logical},
            "PolicyDocument": {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Sid": "TlsOnly",
                        "Effect": "Deny",
                        "Principal": "*",
                        "Action": "s3:*",
                        "Resource": [{"Fn::Sub": arn}, {"Fn::Sub": f"{arn}/*"}],
                        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                    }
                ],
            },
        },
    }


def data_key() -> dict[str, Any]:
    return {
        "Type": "AWS::KMS::Key",
        "DeletionPolicy": "Retain",
        "UpdateReplacePolicy": "Retain",
        "Properties": {
            "Description": "Tongban materials and documents (SSE-KMS)",
            "EnableKeyRotation": True,
            "KeyPolicy": {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Sid": "AccountAdministers",
                        "Effect": "Allow",
                        "Principal": {
                            "AWS": {"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"}
                        },
                        "Action": "kms:*",
                        "Resource": "*",
                    }
                ],
            },
        },
    }


def malware_protection(bucket: Any) -> dict[str, Any]:
    """GuardDuty scans each new material (global profile; aws-cn has no Malware Protection for S3)."""
    return {
        "Type": "AWS::GuardDuty::MalwareProtectionPlan",
        "Properties": {
            "Role": {"Fn::GetAtt": ["MalwareProtectionRole", "Arn"]},
            "ProtectedResource": {"S3Bucket": {"BucketName": {"Ref": bucket.logical}}},
            "Actions": {"Tagging": {"Status": "ENABLED"}},
        },
    }


def malware_protection_role(bucket: Any) -> dict[str, Any]:
    arn = f"arn:${{AWS::Partition}}:s3:::{bucket.name}"
    return {
        "Type": "AWS::IAM::Role",
        "Properties": {
            "AssumeRolePolicyDocument": {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {"Service": "malware-protection-plan.guardduty.amazonaws.com"},
                        "Action": "sts:AssumeRole",
                    }
                ],
            },
            "Policies": [
                {
                    "PolicyName": "scan-materials",
                    "PolicyDocument": {
                        "Version": "2012-10-17",
                        "Statement": [
                            {
                                "Effect": "Allow",
                                "Action": [
                                    "s3:GetObject",
                                    "s3:GetObjectVersion",
                                    "s3:PutObjectTagging",
                                    "s3:GetObjectTagging",
                                    "s3:PutObjectVersionTagging",
                                    "s3:GetObjectVersionTagging",
                                ],
                                "Resource": {"Fn::Sub": f"{arn}/*"},
                            },
                            {
                                "Effect": "Allow",
                                "Action": [
                                    "s3:GetBucketNotification",
                                    "s3:PutBucketNotification",
                                    "s3:ListBucket",
                                ],
                                "Resource": {"Fn::Sub": arn},
                            },
                            {
                                "Effect": "Allow",
                                "Action": ["kms:Decrypt", "kms:GenerateDataKey"],
                                "Resource": {"Fn::GetAtt": ["DataKey", "Arn"]},
                            },
                        ],
                    },
                }
            ],
        },
    }
