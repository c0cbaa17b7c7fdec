"""已受理待补办 through the chalice test client on moto: 惠民 asks during review, the 平罗 counter sees it,
captures the material and supplies it, 惠民 approves; the promised date moves, the legal one does not."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from chalice.test import Client

from chalicelib.bootstrap import CHINA, ChinaClock
from tests.integration.test_apply_pages import Browser as Clerk
from tests.integration.test_approvals_claims import press
from tests.integration.test_approvals_pages import routed_case
from tests.integration.test_counter_after_intake_pages import _act, _create_for_huimin
from tests.integration.test_my_cases_pages import Browser, by_id, hidden, scenario, text, world
from tests.support.aws import MotoWorld

__all__ = ["world"]
A_WEEK = timedelta(days=7)


# 失业登记 (人社, a 即办件 without a legal period) as the issue walks it, and 从业资格证件补发 (交通运输, 20 working
# days by law) for the legal date that must not move.
CASES = [("RS-002", "hm_approver"), ("JT-002", "hm_approver_jt")]


@pytest.mark.parametrize(("item", "approver_login"), CASES)
def test_huimin_asks_for_a_material_during_review_and_the_pingluo_counter_supplies_it(
    world: tuple[MotoWorld, Client], monkeypatch: pytest.MonkeyPatch, item: str, approver_login: str
) -> None:
    w, client = world
    s = scenario(w, client)
    if item == "RS-002":
        _create_for_huimin(s)
    else:
        s.create("pl_window", item, "proxy", "371621")
    s.attach_required("pl_window")
    s.submit("pl_window")
    clerk = Clerk(client)
    clerk.sign_in("pl_window")
    accepted = _act(clerk, s.case_id, [("action", "accept"), ("identity", "reader")])
    assert accepted.status_code == 303, accepted.body[:500]
    s.wait_routed(approver_login)
    s.act("pl_window", "send_materials", method="system")

    approver = Browser(client, s.token(approver_login))
    assert press(approver, s.case_id, "start_review").status_code == 303  # type: ignore[attr-defined]
    page = text(approver.get(f"/approvals/{s.case_id}"))
    assert "审查中补办" in by_id(page, "review-supplement-form")
    slots = re.findall(r'id="review-materials-([^"]+)" name="materials"', page)
    assert slots, "the form lists the case's materials"
    ticked = slots[0]
    before = s.view(approver_login)["deadline"]
    asked = approver.post(
        f"/approvals/{s.case_id}/act",
        {
            "action": "request_review_supplement",
            "expected_version": hidden(page, "expected_version"),
            "materials": ticked,
            "reason": "户口簿复印件不清晰，请携带原件到受理窗口补办",
        },
    )
    assert asked.status_code == 303, text(asked)[:500]
    view = s.view(approver_login)
    assert view["status"] == "awaiting_review_supplement"
    assert view["supplement_requests"][-1] == [ticked]

    # A week later the person comes back to the 平罗 counter with the material.
    monkeypatch.setattr(ChinaClock, "now", lambda self: datetime.now(CHINA) + A_WEEK)
    clerk.get("/counter")
    assert by_id(clerk.last, "resupply-count").strip() == "1"
    assert s.case_number in by_id(clerk.last, "counter-resupply")
    clerk.get(f"/counter/{s.case_id}")
    assert "户口簿复印件不清晰" in by_id(clerk.last, "resupply-reason")
    found_wanting = [m for m in s.view("pl_window")["materials"] if m["slot"] == ticked]
    assert found_wanting[0]["filename"] in by_id(clerk.last, f"resupply-{ticked}")
    refused = clerk.post(f"/counter/{s.case_id}/act", [("action", "supply_for_review")])
    assert refused.status_code == 400 and "材料不齐全" in clerk.last  # the old page answers nothing

    # 采集: the unreadable page is deleted on the capture page and the new one captured.
    assert clerk.get(f"/counter/{s.case_id}/materials").status_code == 200
    deleted = clerk.post(
        f"/counter/{s.case_id}/materials/page",
        [("how", "delete"), ("key", found_wanting[0]["key"]), ("slot", ticked)],
    )
    assert deleted.status_code == 303
    clerk.get(f"/counter/{s.case_id}")
    assert "尚未采集" in by_id(clerk.last, f"resupply-{ticked}")
    slot = next(x for x in s.form["material_slots"] if x["id"] == ticked)
    s.attach("pl_window", ticked, slot["accept"][0])
    clerk.get(f"/counter/{s.case_id}")
    assert 'id="supply-form"' in clerk.last and "尚未采集" not in by_id(
        clerk.last, f"resupply-{ticked}"
    )
    supplied = clerk.post(f"/counter/{s.case_id}/act", [("action", "supply_for_review")])
    assert supplied.status_code == 303, supplied.body[:500]

    after = s.view(approver_login)
    assert after["status"] == "under_review"
    assert after["deadline"]["legal_due"] == before["legal_due"]  # 第四十二条 runs on
    assert (before["legal_due"] is None) is (item == "RS-002")
    assert after["deadline"]["promised_due"] > before["promised_due"]  # 承诺时限 stopped
    clerk.get("/counter")
    assert by_id(clerk.last, "resupply-count").strip() == "0"

    page = text(approver.get(f"/approvals/{s.case_id}"))
    assert "审查中" in by_id(page, "case-status")
    approved = press(approver, s.case_id, "approve", reason="材料齐全，准予登记", confirm="yes")
    assert approved.status_code == 303  # type: ignore[attr-defined]
    assert s.view(approver_login)["status"] == "approved"
    s.wait_notices(approver_login, {"review_supplement", "review_supplied"})
    s.wait(lambda: "supplement_notice" in {d["kind"] for d in s.view(approver_login)["documents"]})


def test_online_the_home_department_asks_the_applicant_who_uploads_and_submits_from_my_cases(
    world: tuple[MotoWorld, Client],
) -> None:
    w, client = world
    s = routed_case(w, client)
    approver = Browser(client, s.token("wx_approver"))
    for action in ("accept", "start_review"):
        assert press(approver, s.case_id, action).status_code == 303  # type: ignore[attr-defined]
    page = text(approver.get(f"/approvals/{s.case_id}"))
    ticked = re.findall(r'id="review-materials-([^"]+)" name="materials"', page)[0]
    asked = press(
        approver, s.case_id, "request_review_supplement", materials=ticked, reason="照片模糊"
    )
    assert asked.status_code == 303  # type: ignore[attr-defined]

    me = Browser(client, s.token("applicant1"))
    mine = text(me.get(f"/me/cases/{s.case_id}"))
    assert "审查中需要补办的材料" in by_id(mine, "supplement-title")
    assert "照片模糊" in by_id(mine, "supplement-reason")
    assert re.findall(r'<li id="supplement-([^"]+)"', mine) == [ticked]
    assert "补办期间承诺时限暂停计算" in by_id(mine, "clock")
    refused = me.post(
        f"/me/cases/{s.case_id}/resubmit", {"expected_version": hidden(mine, "expected_version")}
    )
    assert refused.status_code == 400  # the page found wanting answers nothing: a new one is needed
    slot = next(x for x in s.form["material_slots"] if x["id"] == ticked)
    old = [m["key"] for m in s.view("applicant1")["materials"] if m["slot"] == ticked]
    assert me.get(f"/me/cases/{s.case_id}/supplement").status_code == 200  # the 补正 upload page
    for key in old:
        gone = me.post(f"/apply/{s.case_id}/materials/delete", {"flow": "supplement", "key": key})
        assert gone.status_code == 303
    s.attach("applicant1", ticked, slot["accept"][0])
    mine = text(me.get(f"/me/cases/{s.case_id}"))
    done = me.post(
        f"/me/cases/{s.case_id}/resubmit", {"expected_version": hidden(mine, "expected_version")}
    )
    assert done.status_code == 303
    assert s.view("applicant1")["status"] == "under_review"
