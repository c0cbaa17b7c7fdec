"""One contract for the blob store, on the in-memory fake and on S3 (moto): versions are kept apart, and
whoever names a version reads exactly it; the presigned POST pins one key, one type and one size."""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import boto3
import pytest
import requests
from moto import mock_aws

from chalicelib.adapters.s3_blobs import S3BlobStore
from chalicelib.services.ports import BlobStore
from tests.support.fakes import FakeBlobs

BUCKET = "tongban-blobs-test"
ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
}


@contextmanager
def moto_bucket() -> Iterator[Any]:
    saved = {k: os.environ.get(k) for k in [*ENV, "AWS_ENDPOINT_URL"]}
    os.environ.update(ENV)
    os.environ.pop("AWS_ENDPOINT_URL", None)
    try:
        with mock_aws():
            s3 = boto3.client("s3", region_name="us-east-1")
            s3.create_bucket(Bucket=BUCKET)
            s3.put_bucket_versioning(Bucket=BUCKET, VersioningConfiguration={"Status": "Enabled"})
            yield s3
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@pytest.fixture(params=["fake", "s3"])
def store(request: pytest.FixtureRequest) -> Iterator[BlobStore]:
    if request.param == "fake":
        yield FakeBlobs()
        return
    with moto_bucket() as s3:
        yield S3BlobStore(s3, BUCKET)


def test_a_second_write_is_a_new_version_and_each_version_reads_as_written(
    store: BlobStore,
) -> None:
    first = store.put("cases/c/slot/u-3/a.jpg", b"one", "image/jpeg")
    second = store.put("cases/c/slot/u-3/a.jpg", b"two!", "image/jpeg")
    assert first and second and first != second
    newest = store.head("cases/c/slot/u-3/a.jpg")
    assert newest is not None and (newest.version_id, newest.size) == (second, 4)
    old = store.head("cases/c/slot/u-3/a.jpg", first)
    assert old is not None and (old.version_id, old.size) == (first, 3)
    assert store.get("cases/c/slot/u-3/a.jpg", first) == b"one"
    assert store.get("cases/c/slot/u-3/a.jpg") == b"two!"
    assert first in store.presign_download("cases/c/slot/u-3/a.jpg", 60, first)


def test_a_missing_key_heads_as_none(store: BlobStore) -> None:
    assert store.head("cases/none/x/y/z.jpg") is None


def test_the_presigned_post_allows_exactly_the_declared_size_for_five_minutes() -> None:
    with moto_bucket() as s3:
        ticket = S3BlobStore(s3, BUCKET).presign_upload(
            "cases/c/s/u-1234/a.jpg", "image/jpeg", 1234, 300
        )
        policy: dict[str, Any] = json.loads(base64.b64decode(ticket.fields["policy"]))
        assert ["content-length-range", 1234, 1234] in policy["conditions"]
        assert {"Content-Type": "image/jpeg"} in policy["conditions"]
        assert {"key": "cases/c/s/u-1234/a.jpg"} in policy["conditions"]
        assert ticket.expires_in == 300
        files = {"file": ("a.jpg", b"x" * 1234, "image/jpeg")}
        assert requests.post(ticket.url, data=ticket.fields, files=files, timeout=10).ok
        stored = S3BlobStore(s3, BUCKET).head("cases/c/s/u-1234/a.jpg")
        assert stored is not None and stored.version_id and stored.size == 1234


def test_fetch_answers_what_head_and_get_answer_in_one_read(store: BlobStore) -> None:
    first = store.put("cases/c1/slot/x/a.pdf", b"one", "application/pdf")
    store.put("cases/c1/slot/x/a.pdf", b"second", "application/pdf")
    newest = store.fetch("cases/c1/slot/x/a.pdf")
    named = store.fetch("cases/c1/slot/x/a.pdf", first)
    assert newest == (store.head("cases/c1/slot/x/a.pdf"), b"second")
    assert named == (store.head("cases/c1/slot/x/a.pdf", first), b"one")
    assert store.fetch("cases/c1/slot/x/missing.pdf") is None


class CountingSigner:
    def __init__(self, s3: Any) -> None:
        self.s3, self.signed = s3, 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.s3, name)

    def generate_presigned_url(self, *args: Any, **kwargs: Any) -> str:
        self.signed += 1
        url: str = self.s3.generate_presigned_url(*args, **kwargs)
        return url


def test_a_download_link_is_given_again_while_four_fifths_of_its_life_is_left_then_signed_anew() -> (
    None
):
    now = [1000.0]
    with moto_bucket() as s3:
        signer = CountingSigner(s3)
        store = S3BlobStore(signer, BUCKET, monotonic=lambda: now[0])
        version = store.put("cases/c/doc.pdf", b"%PDF-1.7 receipt", "application/pdf")
        link = store.presign_download("cases/c/doc.pdf", 300, version)
        now[0] += 59
        assert store.presign_download("cases/c/doc.pdf", 300, version) == link
        assert signer.signed == 1
        store.presign_download("cases/c/doc.pdf", 60, version)  # another lifetime: its own link
        assert store.presign_download("cases/c/other.pdf", 300, version) != link
        assert signer.signed == 3
        assert requests.get(link, timeout=10).content == b"%PDF-1.7 receipt"
        now[0] += 2  # 61 s on: less than four fifths of its 300 s are left
        store.presign_download("cases/c/doc.pdf", 300, version)
        assert signer.signed == 4


def test_metadata_a_ticket_pins_is_in_its_policy_and_on_the_object_posted() -> None:
    with moto_bucket() as s3:
        blobs = S3BlobStore(s3, BUCKET)
        ticket = blobs.presign_upload(
            "cases/c/s/u-5/a.jpg", "image/jpeg", 5, 300, {"tongban-colour": "1"}
        )
        # S3 refuses a POST whose fields break the policy (moto does not check it: the policy is).
        policy: dict[str, Any] = json.loads(base64.b64decode(ticket.fields["policy"]))
        assert {"x-amz-meta-tongban-colour": "1"} in policy["conditions"]
        files = {"file": ("a.jpg", b"x" * 5, "image/jpeg")}
        assert requests.post(ticket.url, data=ticket.fields, files=files, timeout=10).ok
        fetched = blobs.fetch("cases/c/s/u-5/a.jpg")
        assert fetched is not None and dict(fetched[0].metadata) == {"tongban-colour": "1"}
