"""/supervision handling times and cases over time, through the chalice test client on moto: a 平罗 case
decided by the approver shows in its item's row, in this month's column and, as the approver's full
view of the applicant's data, in the views list; other jurisdictions and roles see none of it."""

from __future__ import annotations

import re

from chalice.test import Client

from tests.integration.test_my_cases_pages import Browser, by_id, scenario, text, world
from tests.support.aws import MotoWorld

__all__ = ["world"]


def test_a_decided_case_counts_in_the_handling_times_and_the_monthly_chart(
    world: tuple[MotoWorld, Client],
) -> None:
    w, client = world
    s = scenario(w, client)
    s.create("applicant1", "RS-002", "online", "640221")
    s.attach_required("applicant1")
    s.submit("applicant1")
    s.wait_routed("pl_approver_rs")
    s.act("pl_approver_rs", "accept")
    s.act("pl_approver_rs", "approve", "符合失业登记条件")

    body = text(Browser(client, s.token("pl_supervisor")).get("/supervision"))
    name, decided, mean, p90, _promised, within_promised, _legal, within_legal = by_id(
        body, "times-RS-002"
    ).split()
    # Decided the day it was received: no working day used, within both limits.
    assert (name, decided, mean, p90, within_promised) == ("失业登记", "1", "0.0", "0", "1")
    assert within_legal in ("1", "—")
    desc = re.search(r'<desc id="chart-months-desc">(.*?)</desc>', body)
    assert desc and desc.group(1).endswith("：1件")

    # The approver read the case whole while deciding: the supervisor sees who, on which case.
    views = by_id(body, "personal-data-views")
    assert s.case_number in views and "审批人员" in views

    for user in ("pl_approver_rs", "pl_window", "applicant1"):
        assert Browser(client, s.token(user)).get("/supervision").status_code == 403
    other = text(Browser(client, s.token("wx_supervisor")).get("/supervision"))
    assert 'id="times-RS-002"' not in other
    assert s.case_number not in other
