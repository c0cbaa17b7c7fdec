"""The local runner behaves as the deployed system would: schedules tick, links, sign-up codes, people's names."""

from __future__ import annotations

import base64
import io
import json
import re
import secrets
from typing import Any

import boto3
import pytest
import requests
from pypdf import PdfReader

from chalicelib.adapters.dynamodb_cases import case_key
from chalicelib.adapters.dynamodb_packed_docs import packed, unpacked
from devtools.inbox import sent_messages
from tests.e2e.conftest import Runner, wait_until
from tests.support.slice import SliceOutcome, login

pytestmark = pytest.mark.e2e

CASES_TABLE = "tongban-local-case-files"
TICK_LINE = re.compile(r"schedule tick \d+: flush_outboxes ok, sweep_deadlines ok")


def moto_dynamodb(runner: Runner) -> Any:
    return boto3.session.Session(
        aws_access_key_id="local", aws_secret_access_key="local", region_name="us-east-1"
    ).client("dynamodb", endpoint_url=runner.moto)


def claims_of(id_token: str) -> dict[str, Any]:
    payload = id_token.split(".")[1]
    data: dict[str, Any] = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    return data


def test_the_ticker_runs_both_schedules_without_error_and_flushes_a_left_outbox(
    runner: Runner, online_slice: SliceOutcome
) -> None:
    # Leave a message in the case's outbox as a crash between commit and send would, long enough ago.
    ddb = moto_dynamodb(runner)
    item = ddb.get_item(TableName=CASES_TABLE, Key=case_key(online_slice.case_id))["Item"]
    doc = json.loads(unpacked(item["doc"]))
    doc["outbox"] = [
        {"id": "e2e:documents:ignored:", "queue": "documents", "body": {"task": "e2e"}}
    ]
    item["doc"] = packed(json.dumps(doc, ensure_ascii=False))
    item["outbox_pending"] = {"S": "1"}
    item["updated_at"] = {"S": "2026-01-05T09:00:00+08:00"}
    ddb.put_item(TableName=CASES_TABLE, Item=item)

    def flushed() -> bool:
        now = ddb.get_item(TableName=CASES_TABLE, Key=case_key(online_slice.case_id))
        return (
            "outbox_pending" not in now["Item"]
            and not json.loads(unpacked(now["Item"]["doc"]))["outbox"]
        )

    wait_until(flushed, timeout=30)
    wait_until(lambda: any(TICK_LINE.search(line) for line in runner.output), timeout=10)
    log = "".join(runner.output)
    assert "schedule flush_outboxes failed" not in log
    assert "schedule sweep_deadlines failed" not in log
    assert "KeyError" not in log


def test_links_in_sms_and_pdfs_point_at_the_port_the_runner_serves(
    runner: Runner, online_slice: SliceOutcome
) -> None:
    assert not runner.url.endswith(":8000")  # the runner was started on a free port
    texts = [
        m["text"]
        for m in sent_messages(runner.moto)["sms"]
        if m["to"] == "+86" + online_slice.applicant_phone
    ]
    assert any(f"{runner.url}/track" in text for text in texts), texts
    assert not any("localhost:8000" in text for text in texts)

    token = login(runner.call, "pl_supervisor")

    def receipt() -> dict[str, Any] | None:
        documents = runner.call("GET", f"/api/cases/{online_slice.case_id}", token=token)[1][
            "documents"
        ]
        return next((d for d in documents if d["kind"] == "receipt"), None)

    wait_until(lambda: receipt() is not None, timeout=60)
    document = receipt()
    assert document is not None
    pdf = requests.get(document["download_url"], timeout=10).content
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    flat = re.sub(r"\s+", "", text)
    assert runner.url.removeprefix("http://") in flat and "localhost:8000" not in flat


def test_registration_texts_a_code_refuses_a_wrong_one_and_activates_with_the_right_one(
    runner: Runner,
) -> None:
    username = f"e2e_{secrets.token_hex(4)}"
    phone = "137" + f"{secrets.randbelow(10**8):08d}"
    status, body = runner.call(
        "POST",
        "/api/auth/register",
        {"username": username, "password": "Tongban#2026", "name": "何美玲", "phone": phone},
    )
    assert status == 200, body
    texts = [m["text"] for m in sent_messages(runner.moto)["sms"] if m["to"] == "+86" + phone]
    codes = [found.group(1) for t in texts if (found := re.search(r"验证码是 (\d{6})", t))]
    assert len(codes) == 1, texts
    wrong = f"{(int(codes[0]) + 1) % 1_000_000:06d}"

    status, body = runner.call("POST", "/api/auth/confirm", {"username": username, "code": wrong})
    assert status == 400 and "验证码错误" in body["message"], body
    status, body = runner.call(
        "POST", "/api/auth/login", {"username": username, "password": "Tongban#2026"}
    )
    assert status == 403 and "尚未激活" in body["message"], body

    status, body = runner.call(
        "POST", "/api/auth/confirm", {"username": username, "code": codes[0]}
    )
    assert status == 200, body
    assert claims_of(login(runner.call, username))["name"] == "何美玲"


def test_demo_users_id_tokens_carry_the_persons_name(runner: Runner) -> None:
    from devtools.provision import DEMO_USERS

    names = {
        user.username: claims_of(login(runner.call, user.username))["name"] for user in DEMO_USERS
    }
    assert names["pl_window"] == "马晓燕" and names["pl_approver_rs"] == "赵国强"
    assert all(name and name != username for username, name in names.items())


def test_a_step_by_a_demo_approver_is_recorded_under_the_persons_name(
    online_slice: SliceOutcome,
) -> None:
    accept = next(e for e in online_slice.final["timeline"] if e["action"] == "accept")
    assert accept["actor"]["name"] == "赵国强"
