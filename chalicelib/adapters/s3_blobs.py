"""S3 object storage: presigned POST uploads (one key, one type, one exact size), version-bound HEAD,
GET and short-lived downloads."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any

from chalicelib.services.ports import StoredObject, UploadTicket

# A download link is handed out again while it has at least four fifths of its life left: a case's
# page lists every document on each view and step, and signing each one anew was a tenth of the
# API's CPU. Only links the service already decided to give are reused, so no check is skipped.
REUSE_FRACTION = 5
REUSED_LINKS = 512  # per warm function: the links of the cases its recent requests showed


class S3BlobStore:
    def __init__(
        self, client: Any, bucket: str, monotonic: Callable[[], float] = time.monotonic
    ) -> None:
        self._s3 = client
        self._bucket = bucket
        self._monotonic = monotonic
        self._links: dict[tuple[str, str, int], tuple[float, str]] = {}

    def presign_upload(
        self,
        key: str,
        content_type: str,
        size: int,
        expires_in: int,
        metadata: Mapping[str, str] | None = None,
    ) -> UploadTicket:
        pinned = {f"x-amz-meta-{name}": value for name, value in (metadata or {}).items()}
        post = self._s3.generate_presigned_post(
            Bucket=self._bucket,
            Key=key,
            Fields={"Content-Type": content_type, **pinned},
            Conditions=[
                {"Content-Type": content_type},
                # Exactly the declared size: S3 refuses any other body (the attach checks it again).
                ["content-length-range", size, size],
                *({name: value} for name, value in pinned.items()),
            ],
            ExpiresIn=expires_in,
        )
        return UploadTicket(
            url=post["url"], fields=dict(post["fields"]), key=key, expires_in=expires_in
        )

    def _version(self, version_id: str) -> dict[str, str]:
        return {"VersionId": version_id} if version_id else {}

    def head(self, key: str, version_id: str = "") -> StoredObject | None:
        try:
            out = self._s3.head_object(Bucket=self._bucket, Key=key, **self._version(version_id))
        except self._s3.exceptions.ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return None
            raise
        return StoredObject(
            key=key,
            size=int(out["ContentLength"]),
            content_type=out.get("ContentType", ""),
            version_id=str(out.get("VersionId") or ""),
        )

    def presign_download(self, key: str, expires_in: int, version_id: str = "") -> str:
        now = self._monotonic()
        cached = self._links.get((key, version_id, expires_in))
        if cached is not None and now - cached[0] < expires_in / REUSE_FRACTION:
            return cached[1]
        url: str = self._s3.generate_presigned_url(
            "get_object",
            Params={"Bucket": self._bucket, "Key": key, **self._version(version_id)},
            ExpiresIn=expires_in,
        )
        if len(self._links) >= REUSED_LINKS:
            self._links.clear()  # cheaper than tracking age: the next views sign again
        self._links[(key, version_id, expires_in)] = (now, url)
        return url

    def put(self, key: str, data: bytes, content_type: str) -> str:
        out = self._s3.put_object(
            Bucket=self._bucket,
            Key=key,
            Body=data,
            ContentType=content_type,
            ServerSideEncryption="AES256",
        )
        return str(out.get("VersionId", ""))

    def get(self, key: str, version_id: str = "") -> bytes:
        out = self._s3.get_object(Bucket=self._bucket, Key=key, **self._version(version_id))
        body: bytes = out["Body"].read()
        return body

    def fetch(self, key: str, version_id: str = "") -> tuple[StoredObject, bytes] | None:
        # GetObject answers what HeadObject would, with the bytes: one request instead of two.
        try:
            out = self._s3.get_object(Bucket=self._bucket, Key=key, **self._version(version_id))
        except self._s3.exceptions.ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in (
                "404",
                "NoSuchKey",
                "NotFound",
                "NoSuchVersion",
            ):
                return None
            raise
        body: bytes = out["Body"].read()
        stored = StoredObject(
            key=key,
            size=int(out["ContentLength"]),
            content_type=out.get("ContentType", ""),
            version_id=str(out.get("VersionId") or ""),
            metadata={str(k): str(v) for k, v in (out.get("Metadata") or {}).items()},
        )
        return stored, body
