"""In-memory fakes of the storage-like ports: a versioned blob store, rate-limit counters, secrets."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from chalicelib.services.ports import StoredObject, UploadTicket


class FakeSecrets:
    def secret(self, name: str) -> bytes:
        return f"test-secret-{name}".encode().ljust(32, b".")


class FakeHitCounter:
    """Rate-limit counters with the adapter's semantics: one atomic add that returns the new value."""

    def __init__(self) -> None:
        self.values: dict[str, int] = {}
        self.expiry: dict[str, int] = {}
        self._lock = threading.Lock()

    def add(self, name: str, amount: int, expires_at: int) -> int:
        with self._lock:
            self.values[name] = self.values.get(name, 0) + amount
            self.expiry.setdefault(name, expires_at)
            return self.values[name]


@dataclass
class FakeBlobs:
    """A versioned bucket: every write to a key is a new version; reads name a version or get the newest."""

    versions: dict[str, list[tuple[StoredObject, bytes]]] = field(default_factory=dict)
    tickets: list[UploadTicket] = field(default_factory=list)
    _written: int = 0

    @property
    def objects(self) -> dict[str, StoredObject]:
        return {key: stored[-1][0] for key, stored in self.versions.items()}

    @property
    def data(self) -> _NewestBytes:
        return _NewestBytes(self)

    def presign_upload(
        self,
        key: str,
        content_type: str,
        size: int,
        expires_in: int,
        metadata: Mapping[str, str] | None = None,
    ) -> UploadTicket:
        pinned = {f"x-amz-meta-{k}": v for k, v in (metadata or {}).items()}
        ticket = UploadTicket(
            url="https://blobs.invalid/upload",
            fields={"key": key, "Content-Type": content_type, **pinned},
            key=key,
            expires_in=expires_in,
        )
        self.tickets.append(ticket)
        return ticket

    def _write(
        self, key: str, data: bytes, content_type: str, metadata: Mapping[str, str] | None = None
    ) -> str:
        self._written += 1
        version = f"v{self._written}"
        stored = StoredObject(
            key=key,
            size=len(data),
            content_type=content_type,
            version_id=version,
            metadata=dict(metadata or {}),
        )
        self.versions.setdefault(key, []).append((stored, data))
        return version

    def uploaded(self, key: str, size: int, content_type: str, data: bytes = b"") -> str:
        """What a browser's presigned POST would have left in the bucket: a new version of `key`,
        with the metadata its ticket pinned (S3 keeps the POST's x-amz-meta-* fields)."""
        ticket = next((t for t in reversed(self.tickets) if t.key == key), None)
        fields = ticket.fields if ticket is not None else {}
        metadata = {
            k.removeprefix("x-amz-meta-"): v
            for k, v in fields.items()
            if k.startswith("x-amz-meta-")
        }
        body = data or b"\xff\xd8\xff" + b"0" * max(0, size - 3)
        return self._write(key, body, content_type, metadata)

    def _find(self, key: str, version_id: str) -> tuple[StoredObject, bytes] | None:
        stored = self.versions.get(key, [])
        if not version_id:
            return stored[-1] if stored else None
        return next((s for s in stored if s[0].version_id == version_id), None)

    def head(self, key: str, version_id: str = "") -> StoredObject | None:
        found = self._find(key, version_id)
        return found[0] if found else None

    def presign_download(self, key: str, expires_in: int, version_id: str = "") -> str:
        return f"https://blobs.invalid/{key}" + (f"?versionId={version_id}" if version_id else "")

    def put(self, key: str, data: bytes, content_type: str) -> str:
        return self._write(key, data, content_type)

    def get(self, key: str, version_id: str = "") -> bytes:
        found = self._find(key, version_id)
        if found is None:
            raise KeyError(key)
        return found[1]

    def fetch(self, key: str, version_id: str = "") -> tuple[StoredObject, bytes] | None:
        return self._find(key, version_id)


class _NewestBytes:
    """`blobs.data[key]`: the newest bytes of a key; assigning writes over them in place (tampering)."""

    def __init__(self, blobs: FakeBlobs) -> None:
        self._blobs = blobs

    def __contains__(self, key: object) -> bool:
        return key in self._blobs.versions

    def __iter__(self) -> Iterator[str]:
        return iter(self._blobs.versions)

    def __len__(self) -> int:
        return len(self._blobs.versions)

    def __bool__(self) -> bool:
        return bool(self._blobs.versions)

    def __getitem__(self, key: str) -> bytes:
        return self._blobs.versions[key][-1][1]

    def __setitem__(self, key: str, data: bytes) -> None:
        stored, _ = self._blobs.versions[key][-1]
        self._blobs.versions[key][-1] = (stored, data)
