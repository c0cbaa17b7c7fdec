"""好差评 over HTTP on moto: rate a delivered case badly, fix it, and the rater's SMS leaves through the case outbox."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import requests
from chalice.test import Client

from tests.integration.test_first_slice_with_test_client import api_for, world  # noqa: F401 - fixture
from tests.support.aws import MotoWorld, deliverer
from tests.support.slice import login, run_online_slice


def test_a_bad_rating_is_fixed_and_the_rater_is_told_through_the_case_outbox(
    world: tuple[MotoWorld, Client],  # noqa: F811 - the fixture imported above
) -> None:
    w, client = world
    api = api_for(client)
    deliver = deliverer(w, client)

    def upload(ticket: dict[str, Any], data: bytes) -> int:
        files = {"file": ("scan.jpg", data, ticket["fields"].get("Content-Type", "image/jpeg"))}
        return requests.post(
            ticket["url"], data=ticket["fields"], files=files, timeout=10
        ).status_code

    def wait_until(check: Callable[[], bool]) -> None:
        assert check()

    outcome = run_online_slice(api, upload, deliver, wait_until)
    applicant, approver = login(api, "applicant1"), login(api, "pl_approver_rs")
    case_path = f"/api/cases/{outcome.case_id}"
    status, body = api(
        "POST",
        f"{case_path}/actions",
        {
            "action": "deliver",
            "expected_version": outcome.final["version"],
            "details": {"method": "electronic"},
        },
        approver,
    )
    assert status == 200, body
    status, rated = api(
        "POST", f"{case_path}/evaluation", {"level": 1, "comment": "等了太久"}, applicant
    )
    assert status == 200, rated
    rect = rated["rectification"]
    assert (
        rect["owner"]["jurisdiction"] == "640221"
        and rated["evaluation"]["rated_unit"]["staff_name"]
    )
    path = f"/api/rectifications/{rect['rectification_id']}/actions"
    for action, note in (("verify", ""), ("complete", "已压缩审批环节")):
        status, rect = api("POST", path, {"action": action, "note": note}, approver)
        assert status == 200, rect
    assert rect["status"] == "rectified"
    version = api("GET", case_path, token=applicant)[1]["version"]
    deliver()
    final = api("GET", case_path, token=applicant)[1]
    assert "rectified" in {n["notice"] for n in final["notices"] if n["status"] == "sent"}
    assert final["version"] == version  # the notice rode the outbox; the case did not move
