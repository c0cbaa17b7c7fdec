"""跨省通办窗口 pages through the chalice test client on moto: a walk-in case for a 闻喜 native, 形式审查
and 受理 at the counter with the checklist in the audit trail; other places' staff and applicants refused."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
from chalice.test import Client

from chalicelib import bootstrap
from tests.integration.test_apply_pages import Browser
from tests.integration.test_first_slice_with_test_client import api_for
from tests.support.aws import REGION, MotoWorld, moto_world
from tests.support.slice import login, sample_answers

ROOT = Path(__file__).resolve().parents[2]
VALID_ID = "140823198503121230"


@pytest.fixture()
def world(tmp_path: Path) -> Iterator[tuple[MotoWorld, Client]]:
    with moto_world(tmp_path) as w:
        from app import app

        with Client(app, stage_name="local", project_dir=str(ROOT)) as client:
            yield w, client


def test_a_walk_in_case_is_started_filled_and_accepted_with_the_checklist_audited(
    world: tuple[MotoWorld, Client],
) -> None:
    w, client = world
    clerk = Browser(client)
    clerk.sign_in("pl_window")
    listing = clerk.get("/counter?q=失业")
    assert listing.status_code == 200 and "/counter?item_code=RS-002" in clerk.last
    assert 'href="/counter"' in clerk.last  # the nav entry for window staff
    clerk.get("/counter?item_code=RS-002&mode=proxy")
    assert 'value="140823"' in clerk.last and 'value="proxy" checked' in clerk.last
    fields = {"item_code": "RS-002", "mode": "proxy", "home_code": "140823", "name": "张三"}
    bad = clerk.post("/counter/new", {**fields, "id_number": "140823198503121239", "phone": ""})
    assert bad.status_code == 400, bad.headers
    assert "校验位不正确" in clerk.last
    assert 'id="id-derived"' not in clerk.last
    made = clerk.post(
        "/counter/new", {**fields, "id_number": VALID_ID, "phone": "13900000000", "nonce": "n1"}
    )
    assert made.status_code == 303, made.body[:500]
    found = re.search(r"/apply/([^/]+)/step/", made.headers["Location"])
    assert found
    case_id = found.group(1)
    assert clerk.follow(made).status_code == 200  # the applicants' step pages serve the clerk

    call = api_for(client)
    token = login(call, "pl_window")
    path = f"/api/cases/{case_id}"
    form = call("GET", "/api/items/RS-002/form?jurisdiction=140823")[1]
    answers = {**sample_answers(form["id"])}
    status, body = call("PUT", f"{path}/answers", {"answers": answers}, token)
    assert status == 200, body
    ticket = call(
        "POST",
        f"{path}/uploads",
        {"slot": "id_card", "filename": "id.jpg", "content_type": "image/jpeg", "size": 9},
        token,
    )[1]
    boto3.client("s3", region_name=REGION).put_object(
        Bucket=w.spec.bucket("MaterialsBucket").name,
        Key=ticket["key"],
        Body=b"\xff\xd8\xffjpeg!!",
        ContentType="image/jpeg",
    )
    assert call("POST", f"{path}/materials", {"key": ticket["key"]}, token)[0] == 200
    assert call("POST", f"{path}/submit", {}, token)[0] == 200

    clerk.get(f"/counter/{case_id}")
    assert 'id="act-accept"' in clerk.last and 'name="identity"' in clerk.last
    boxes = re.findall(r'name="check" value="([^"]+)"', clerk.last)
    assert boxes
    pairs = [("action", "accept"), ("identity", "reader"), *(("check", b) for b in boxes[:2])]
    done = clerk.post(f"/counter/{case_id}/act", pairs)
    assert done.status_code == 303, done.body[:800]
    assert done.headers["Location"].endswith(f"/counter/{case_id}/print/receipt")
    assert (
        clerk.follow(done).status_code == 200
    )  # the receipt's print view (see test_counter_after_intake_pages)
    clerk.get(f"/counter/{case_id}")
    assert "已受理" in clerk.last
    status, audit = call("GET", f"{path}/audit", None, token)
    assert status == 200, audit  # the chain still verifies with the counter's details in it
    events = bootstrap.queries().files.read(case_id).events
    accepted = [e for e in events if e.action == "accept"]
    assert accepted, [e.action for e in events]
    details = accepted[0].details
    assert details["identity_check"] == "reader"
    code, check = boxes[0].split(":")
    assert check in details["checklist"][code]

    other = Browser(client)
    other.sign_in("hm_window")
    assert other.get(f"/counter/{case_id}").status_code == 404
    applicant = Browser(client)
    applicant.sign_in("applicant1")
    assert applicant.get("/counter").status_code == 403
    assert Browser(client).get("/counter").headers["Location"].endswith("/login?next=/counter")
