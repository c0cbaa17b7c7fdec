"""File uploads from our own pages: a bounded multipart/form-data parse (the stdlib email parser).

Urlencoded forms and the CSRF token are web_session's; this only turns a multipart body into the same
`fields` shape (so `check_csrf` works on it) plus the uploaded files' bytes.
"""

from __future__ import annotations

import email.parser
import email.policy
from dataclasses import dataclass, field
from typing import Any

from .http import HttpError

MAX_PARTS = 10  # our upload forms have a CSRF token and one file
MAX_FIELD_CHARS = 2000


@dataclass(frozen=True)
class Multipart:
    fields: dict[str, list[str]] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)


def content_type(request: Any) -> str:
    return next(
        (str(v) for k, v in (request.headers or {}).items() if str(k).lower() == "content-type"),
        "",
    )


def multipart(request: Any, max_bytes: int, too_large: str) -> Multipart:
    """The parts of a multipart post; more than `max_bytes` is refused (413) with `too_large`."""
    raw: bytes = request.raw_body or b""
    if len(raw) > max_bytes + 64 * 1024:  # the file may be max_bytes; the envelope is small
        raise HttpError(413, "too_large", too_large)
    kind = content_type(request)
    if not kind.lower().startswith("multipart/form-data") or "boundary=" not in kind:
        raise HttpError(400, "bad_request", "请通过页面上的表单上传文件")
    try:
        head = f"Content-Type: {kind}\r\nMIME-Version: 1.0\r\n\r\n".encode("latin-1")
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + raw)
    except (UnicodeEncodeError, ValueError):
        raise HttpError(400, "bad_request", "上传的内容无法识别，请重新选择文件") from None
    if not message.is_multipart():
        raise HttpError(400, "bad_request", "上传的内容无法识别，请重新选择文件")
    out = Multipart()
    for index, part in enumerate(message.iter_parts()):
        if index >= MAX_PARTS:
            raise HttpError(400, "bad_request", "上传的内容无法识别，请重新选择文件")
        name = str(part.get_param("name", "", header="content-disposition"))
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        if part.get_filename() is not None:
            out.files.setdefault(name, data)
        else:
            text = data.decode("utf-8", "replace")[:MAX_FIELD_CHARS]
            out.fields.setdefault(name, []).append(text)
    return out
