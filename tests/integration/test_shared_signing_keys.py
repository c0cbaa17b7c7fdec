"""Two Lambda containers sharing Secrets Manager sign with one key: either verifies the other's documents."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
from moto import mock_aws

from chalicelib.adapters.secrets_keys import SecretsManagerKeyStore
from chalicelib.documents.contexts import sample_context
from chalicelib.documents.pdf.keys import StoredKeySource
from chalicelib.documents.pdf.signing import verify_pdf_signature
from chalicelib.documents.sealed_pdf import render_document

ROOT = Path(__file__).resolve().parents[2]
UNIT = "闻喜县人力资源和社会保障局"


@pytest.fixture()
def secrets() -> Iterator[object]:
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
    with mock_aws():
        yield boto3.client("secretsmanager", region_name="us-east-1")


def test_a_document_signed_in_one_container_verifies_in_another(secrets: object) -> None:
    first = StoredKeySource(SecretsManagerKeyStore(secrets, "tongban/prod/signing/"))
    second = StoredKeySource(SecretsManagerKeyStore(secrets, "tongban/prod/signing/"))
    document = render_document(
        "receipt",
        sample_context("receipt", "proxy"),
        templates_dir=ROOT / "templates",
        seal_name=UNIT,
        verify_url="https://tongban.example.gov.cn/verify/7KQ2-M9XD-4TPA",
        verification_code="7KQ2-M9XD-4TPA",
        key_source=first,
    )
    assert verify_pdf_signature(document.pdf, [second.trust_root(UNIT)]).ok
    assert first.trust_root(UNIT) == second.trust_root(UNIT)


def test_when_two_containers_race_to_create_a_key_both_end_up_with_the_stored_one(
    secrets: object,
) -> None:
    store = SecretsManagerKeyStore(secrets, "tongban/prod/signing/")
    assert store.create("slot", b"first") == b"first"
    assert store.create("slot", b"second") == b"first"
    assert store.load("missing") is None
