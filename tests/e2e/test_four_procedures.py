"""The seed's four procedures end to end through the real runner: real SQS queues between jurisdictions."""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Callable

import pytest
import requests
from pypdf import PdfReader

from tests.e2e.conftest import Runner, wait_until
from tests.support import scenarios

pytestmark = pytest.mark.e2e


def upload(ticket: dict[str, object], data: bytes) -> int:
    fields = ticket["fields"]
    assert isinstance(fields, dict)
    files = {"file": ("scan", data, fields.get("Content-Type", "image/jpeg"))}
    return requests.post(str(ticket["url"]), data=fields, files=files, timeout=10).status_code


@pytest.mark.parametrize(
    "procedure",
    [
        scenarios.online_with_supplement,
        scenarios.proxy_by_post,
        scenarios.joint_local,
        scenarios.joint_remote,
    ],
    ids=["全程网办", "异地代收代办", "异地受理本地办理", "异地受理异地办理"],
)
def test_each_procedure_of_the_seed_runs_to_its_end(
    runner: Runner, procedure: Callable[[scenarios.Scenario], None]
) -> None:
    scenario = scenarios.Scenario(runner.call, upload, wait_until)
    scenario.procedure = procedure.__name__
    procedure(scenario)
    # Supervisors read only cases that touch their jurisdiction: the online case is 闻喜's alone.
    supervisor = supervisor_of(scenario)
    status, audit = runner.call(
        "GET", f"/api/cases/{scenario.case_id}/audit", token=scenario.token(supervisor)
    )
    assert status == 200 and audit["intact"], audit
    check_documents(runner, scenario, supervisor)


def supervisor_of(scenario: scenarios.Scenario) -> str:
    online = scenario.procedure == "online_with_supplement"
    return "wx_supervisor" if online else "pl_supervisor"


EXPECTED_DOCUMENTS = {
    "online_with_supplement": {"supplement_notice", "receipt", "completion_notice"},
    "proxy_by_post": {"receipt", "transfer_slip", "completion_notice", "delivery_receipt"},
    "joint_local": {"receipt", "completion_notice", "delivery_receipt"},
    "joint_remote": {"receipt", "completion_notice", "delivery_receipt"},
}


def check_documents(runner: Runner, scenario: scenarios.Scenario, supervisor: str) -> None:
    """Every notice of the case is issued as a real PDF that names the case and verifies by its code."""
    wanted = EXPECTED_DOCUMENTS[scenario.procedure]

    def issued() -> bool:
        return {d["kind"] for d in scenario.view(supervisor)["documents"]} >= wanted

    wait_until(issued, timeout=60)
    for document in scenario.view(supervisor)["documents"]:
        pdf = requests.get(document["download_url"], timeout=10).content
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
        assert scenario.case_number in text.replace(" ", "").replace("\n", ""), document["kind"]
        status, verdict = runner.call("GET", f"/api/verify/{document['code']}")
        assert status == 200 and verdict["authentic"], verdict
        assert verdict["sha256"] == hashlib.sha256(pdf).hexdigest()
        if document["kind"] == "delivery_receipt":
            check_rating_link(runner, scenario.case_id, text)


def check_rating_link(runner: Runner, case_id: str, receipt_text: str) -> None:
    """The receipt a consumer rendered carries a rating link the API (another process) accepts."""
    found = re.search(r"/rate/(\w+)/([\w-]+)对本次", re.sub(r"\s", "", receipt_text))
    assert found and found.group(1) == case_id, receipt_text
    status, page = runner.call("GET", found.group(0).removesuffix("对本次"))
    # Accepted, the page shows the case (its rating form, or that it was rated); refused, a 404.
    assert status == 200 and 'id="case-status"' in page, page[page.find("<main") :][:600]


def test_a_tampered_stored_document_no_longer_verifies(runner: Runner) -> None:
    import boto3

    scenario = scenarios.Scenario(runner.call, upload, wait_until)
    scenarios.joint_local(scenario)
    wait_until(
        lambda: any(d["kind"] == "receipt" for d in scenario.view("pl_window")["documents"]),
        timeout=60,
    )
    receipt = next(d for d in scenario.view("pl_window")["documents"] if d["kind"] == "receipt")
    pdf = requests.get(receipt["download_url"], timeout=10).content
    s3 = boto3.client(
        "s3",
        endpoint_url=runner.moto,
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="x",
    )
    bucket = next(
        b["Name"] for b in s3.list_buckets()["Buckets"] if b["Name"].endswith("-documents")
    )
    key = next(
        o["Key"]
        for o in s3.list_objects_v2(Bucket=bucket)["Contents"]
        if receipt["code"] in o["Key"]
    )
    s3.put_object(Bucket=bucket, Key=key, Body=pdf.replace(b"/Producer", b"/Pr0ducer"))
    status, verdict = runner.call("GET", f"/api/verify/{receipt['code']}")
    assert status == 200 and not verdict["authentic"] and "不符" in verdict["message"]
    status, page = runner.call("GET", f"/verify/{receipt['code']}")
    assert status == 200 and "✘" in page


def test_scans_are_normalised_a_lying_file_is_refused_and_the_dossier_gathers_everything(
    runner: Runner,
) -> None:
    scenario = scenarios.Scenario(runner.call, upload, wait_until)
    scenario.create("pl_window", "GA-007", "proxy", "140823")
    slot, *others = scenario.form["material_slots"]
    for other in others:
        scenario.attach("pl_window", other["id"], other["accept"][0])
    liar = b"MZ\x90\x00 not a scan at all" * 50
    ticket = scenario.ok(
        "POST",
        f"/api/cases/{scenario.case_id}/uploads",
        "pl_window",
        {
            "slot": slot["id"],
            "filename": "扫描件.jpg",
            "content_type": "image/jpeg",
            "size": len(liar),
        },
    )
    assert upload(ticket, liar) in (200, 204)
    scenario.ok(
        "POST", f"/api/cases/{scenario.case_id}/materials", "pl_window", {"key": ticket["key"]}
    )

    def scanned() -> bool:
        return all(m["scan_status"] != "pending" for m in scenario.view("pl_window")["materials"])

    wait_until(scanned, timeout=60)
    materials = scenario.view("pl_window")["materials"]
    refused = [m for m in materials if m["scan_status"] == "rejected"]
    assert [m["filename"] for m in refused] == ["扫描件.jpg"] and "扫描件.jpg" in refused[0][
        "scan_message"
    ]
    assert all(m.get("thumbnail_url") for m in materials if m["scan_status"] == "ok")
    thumb = requests.get(
        next(m["thumbnail_url"] for m in materials if m["scan_status"] == "ok"), timeout=10
    )
    assert thumb.content.startswith(b"\xff\xd8")
    built = scenario.ok("POST", f"/api/cases/{scenario.case_id}/dossier", "pl_window", {})
    pdf = PdfReader(io.BytesIO(requests.get(built["download_url"], timeout=10).content))
    titles = [str(item.title) for item in pdf.outline if not isinstance(item, list)]
    assert (
        titles[:2] == ["卷宗封面", "申请表"]
        and sum(t.startswith("材料：") for t in titles) == len(materials) - 1
    )
    assert scenario.case_number in pdf.pages[0].extract_text().replace(" ", "")
