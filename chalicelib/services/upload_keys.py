"""Where an upload is stored: `cases/<case>/<slot>/<random id>-<declared bytes>/<safe file name>`."""

from __future__ import annotations

import re
from dataclasses import dataclass

from chalicelib.domain.errors import BadRequestError

_UNSAFE = re.compile(r"[^\w.\-\u4e00-\u9fff]+")
MISMATCH = "上传凭据与办件不符"


@dataclass(frozen=True)
class UploadKey:
    slot: str
    declared_size: int
    filename: str


def upload_key(case_id: str, slot_id: str, upload_id: str, size: int, filename: str) -> str:
    """A fresh key per upload: the size declared for the presigned POST travels with it."""
    return f"cases/{case_id}/{slot_id}/{upload_id}-{size}/{safe_filename(filename)}"


def parse_upload_key(key: str, case_id: str) -> UploadKey:
    """The parts of a key of this case's uploads; anything else is refused."""
    parts = key.split("/")
    if len(parts) != 5 or parts[0] != "cases" or parts[1] != case_id:
        raise BadRequestError(MISMATCH)
    _, _, size = parts[3].rpartition("-")
    if not size.isdigit() or not 0 < int(size) <= 2**40:
        raise BadRequestError(MISMATCH)
    return UploadKey(slot=parts[2], declared_size=int(size), filename=parts[4])


def safe_filename(name: str) -> str:
    """Keep only a harmless base name: no paths, no control characters, bounded length."""
    base = str(name).replace("\\", "/").split("/")[-1]
    base = _UNSAFE.sub("_", base).strip("._") or "file"
    return base[-80:]
