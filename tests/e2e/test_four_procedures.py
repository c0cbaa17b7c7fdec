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
    procedure(scenario)
    status, audit = runner.call(
        "GET", f"/api/cases/{scenario.case_id}/audit", token=scenario.token("pl_supervisor")
    )
    assert status == 200 and audit["intact"], audit
