"""The seed's four procedures end to end through the real runner: real SQS queues between jurisdictions."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import requests

from tests.e2e.conftest import Runner
from tests.e2e.test_local_runner import wait_until
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
    status, audit = runner.call(
        "GET", f"/api/cases/{scenario.case_id}/audit", token=scenario.token("pl_supervisor")
    )
    assert status == 200 and audit["intact"], audit


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
