"""An unexpected failure answers a Chinese 500 with no trace, page or JSON (issue 9, build item 5).

Before this change a page route that failed answered Chalice's English `InternalServerError` body (a
stack trace with `debug` on) and no security headers: the page tests failed then."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
from chalice.test import Client

from tests.support.aws import REGION, moto_world

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def broken(tmp_path: Path) -> Iterator[Client]:
    """The real app on moto with the case-files table gone: every read of them raises."""
    with moto_world(tmp_path) as w:
        db = boto3.client("dynamodb", region_name=REGION)
        db.delete_table(TableName=w.spec.table("CaseFilesTable").name)
        from app import app

        with Client(app, stage_name="local", project_dir=str(ROOT)) as client:
            yield client


@pytest.mark.parametrize(
    "path",
    ["/api/verify/ABCDEF", "/verify/ABCDEF"],
)
def test_an_unexpected_failure_says_so_in_chinese_and_shows_no_trace(
    broken: Client, path: str
) -> None:
    response = broken.http.get(path)
    text = response.body.decode("utf-8")
    assert response.status_code == 500, text
    if path.startswith("/api/"):
        body = json.loads(text)
        assert body["error"] == "internal_error" and "系统内部错误" in body["message"]
    else:  # a page answers with the Chinese error page in the site's look
        assert "系统暂时出现问题" in text and "<html" in text
    for leak in ("Traceback", 'File "', "botocore", "ResourceNotFound", "InternalServerError"):
        assert leak not in text
    headers = {k.lower(): v for k, v in response.headers.items()}
    assert headers["x-content-type-options"] == "nosniff" and headers["cache-control"] == "no-store"


def test_debug_mode_is_off_so_chalice_would_not_print_a_trace_either() -> None:
    from app import app

    assert app.debug is False
