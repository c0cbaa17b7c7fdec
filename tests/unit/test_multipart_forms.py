"""The upload form's multipart parse (entrypoints.page_forms): bytes come through unchanged, sizes and
part counts are bounded, and anything that is not our form is a clear refusal."""

from __future__ import annotations

import random
from types import SimpleNamespace
from typing import Any

import pytest
import requests

from chalicelib.entrypoints.http import HttpError
from chalicelib.entrypoints.page_forms import multipart


def request_of(fields: dict[str, str], files: dict[str, tuple[str, bytes, str]]) -> Any:
    prepared = requests.Request("POST", "http://x/verify", data=fields, files=files).prepare()
    return SimpleNamespace(raw_body=prepared.body, headers=dict(prepared.headers))


def test_binary_bytes_and_the_csrf_field_come_through_unchanged() -> None:
    rng = random.Random(7)
    for n in range(20):
        data = bytes(rng.randrange(256) for _ in range(3000)) + b"\r\n--\r\r\n\n" * (n % 3)
        files = {"pdf": ("回执.pdf", data, "application/pdf")}
        parsed = multipart(request_of({"csrf": "令牌-1"}, files), 10_000, "太大")
        assert parsed.files["pdf"] == data and parsed.fields["csrf"] == ["令牌-1"]


def test_too_large_too_many_parts_and_other_bodies_are_refused() -> None:
    big = request_of({}, {"pdf": ("a.pdf", b"x" * 200_000, "application/pdf")})
    with pytest.raises(HttpError) as too_large:
        multipart(big, 100_000, "文件超过限制")
    assert too_large.value.status == 413 and too_large.value.message == "文件超过限制"
    many = request_of({f"f{i}": "v" for i in range(20)}, {})
    with pytest.raises(HttpError) as crowded:
        multipart(many, 100_000, "太大")
    assert crowded.value.status == 400
    plain = SimpleNamespace(raw_body=b"csrf=x", headers={"Content-Type": "text/plain"})
    with pytest.raises(HttpError) as other:
        multipart(plain, 100_000, "太大")
    assert other.value.status == 400 and "表单" in other.value.message
