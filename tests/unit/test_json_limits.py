"""Hole 7: a JSON body is application/json, shallow and bounded, or a Chinese 4xx before any parser runs."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from chalicelib.entrypoints.http import MAX_JSON_DEPTH, HttpError, json_body


@dataclass
class Request:
    raw_body: bytes
    headers: dict[str, str] = field(default_factory=lambda: {"content-type": "application/json"})


def refused(raw: bytes, **headers: str) -> HttpError:
    request = Request(raw, headers) if headers else Request(raw)
    with pytest.raises(HttpError) as caught:
        json_body(request)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in caught.value.message)
    return caught.value


@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 10_000, 120_000])
def test_deeply_nested_json_is_a_400_not_a_500(depth: int) -> None:
    """Fails on the old code: json.loads raised RecursionError past ~1000 levels and the API said 500."""
    error = refused(b'{"a":' + b"[" * depth + b"]" * depth + b"}")
    assert (error.status, error.code) == (400, "too_deep")


def test_brackets_inside_strings_do_not_count_as_nesting() -> None:
    text = '{"a": "' + "[{" * 200 + '\\"]"}'
    assert json_body(Request(text.encode()))["a"].startswith("[{[{")


def test_nesting_up_to_the_limit_is_accepted() -> None:
    inner = "[" * (MAX_JSON_DEPTH - 1) + "]" * (MAX_JSON_DEPTH - 1)
    assert json_body(Request(f'{{"a": {inner}}}'.encode()))


@pytest.mark.parametrize(
    "raw",
    [
        b'{"a": '
        + b"1" * 5000
        + b"}",  # int(): more than 4300 digits is a ValueError, not a decode error
        b'{"a": NaN}',
        b'{"a": -Infinity}',
    ],
)
def test_numbers_python_refuses_or_json_does_not_know_are_malformed(raw: bytes) -> None:
    assert refused(raw).code == "malformed_json"


def test_very_long_lists_and_texts_are_refused() -> None:
    assert refused(b'{"a": [' + b",".join([b"0"] * 1001) + b"]}").code == "too_large"
    assert refused(b'{"a": "' + b"x" * 20_001 + b'"}').code == "too_long"
    wide = b"{" + b",".join(b'"k%d": [0, 0]' % i for i in range(7000)) + b"}"
    assert refused(wide).code == "too_large"


@pytest.mark.parametrize(
    "content_type",
    ["text/plain", "application/x-www-form-urlencoded", "text/plain, application/json"],
)
def test_a_body_a_cross_site_page_could_send_is_a_415(content_type: str) -> None:
    """Fails on the old code: text/plain and form bodies were parsed as JSON, so a page on another site
    could register accounts (and send SMS at the county's cost) without a CORS preflight."""
    error = refused(b'{"username": "x"}', **{"content-type": content_type})
    assert (error.status, error.code) == (415, "unsupported_media_type")


def test_a_body_without_a_content_type_is_a_415() -> None:
    error = refused(b'{"username": "x"}', **{"x-other": "1"})
    assert error.status == 415


def test_application_json_with_a_charset_is_accepted() -> None:
    request = Request(b'{"a": 1}', {"Content-Type": "application/json; charset=utf-8"})
    assert json_body(request) == {"a": 1}
