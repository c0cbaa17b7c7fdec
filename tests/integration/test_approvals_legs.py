"""审批工作台 steps of the other side through the chalice test client on moto: posted materials signed for
with their waybill, a 补正 the applicant reads exactly, the 异地办理 opinion, and the dossier as one PDF."""

from __future__ import annotations

import re

from chalice.test import Client

from tests.integration.test_approvals_claims import press
from tests.integration.test_approvals_pages import routed_case
from tests.integration.test_my_cases_pages import Browser, by_id, hidden, scenario, text, world
from tests.support.aws import MotoWorld

__all__ = ["world"]


def test_materials_that_came_by_post_are_signed_for_with_carrier_and_waybill_shown(
    world: tuple[MotoWorld, Client],
) -> None:
    w, client = world
    s = scenario(w, client)
    s.create("pl_window", "GA-007", "proxy", "140823")
    s.attach_required("pl_window")
    s.submit("pl_window")
    s.act("pl_window", "accept")
    s.act("pl_window", "send_materials", method="post", waybill="SF1400823001", carrier="顺丰")
    s.wait_routed("wx_approver_ga")
    approver = Browser(client, s.token("wx_approver_ga"))

    page = text(approver.get(f"/approvals/{s.case_id}"))
    form = by_id(page, "confirm-materials-form")
    assert "顺丰" in form and "SF1400823001" in form
    signed = approver.post(
        f"/approvals/{s.case_id}/act",
        {"action": "confirm_materials", "expected_version": hidden(page, "expected_version")},
    )
    assert signed.status_code == 303
    leg = s.view("wx_approver_ga")["transfers"][0]
    assert leg["received_by"] == "卫建军" and leg["waybill"] == "SF1400823001"
    after = text(approver.get(f"/approvals/{s.case_id}"))
    assert 'id="confirm-materials-form"' not in after
    assert "签收" in by_id(after, "legs") and "待签收" not in by_id(after, "legs")


def test_the_applicant_reads_exactly_the_materials_ticked_and_the_reason_written(
    world: tuple[MotoWorld, Client],
) -> None:
    w, client = world
    s = routed_case(w, client)
    approver = Browser(client, s.token("wx_approver"))
    page = text(approver.get(f"/approvals/{s.case_id}"))
    form = by_id(page, "supplement-form")
    assert "补正原因" in form
    slots = re.findall(r'name="materials" value="([^"]+)"', page)
    ticked = slots[0]
    asked = approver.post(
        f"/approvals/{s.case_id}/act",
        {
            "action": "request_supplement",
            "expected_version": hidden(page, "expected_version"),
            "materials": ticked,
            "reason": "身份证反面照片模糊，请重新拍摄",
        },
    )
    assert asked.status_code == 303
    assert s.view("applicant1")["supplement_requests"] == [[ticked]]
    mine = text(Browser(client, s.token("applicant1")).get(f"/me/cases/{s.case_id}"))
    assert "身份证反面照片模糊，请重新拍摄" in by_id(mine, "supplement-reason")
    assert re.findall(r'<li id="supplement-([^"]+)"', mine) == [ticked]


def test_in_joint_remote_handling_the_home_department_returns_its_opinion_and_the_counter_completes(
    world: tuple[MotoWorld, Client],
) -> None:
    w, client = world
    s = scenario(w, client)
    s.create("pl_window", "RS-010", "joint_remote", "140823")
    s.attach_required("pl_window")
    s.submit("pl_window")
    s.act("pl_window", "accept")
    s.wait_routed("wx_approver")
    approver = Browser(client, s.token("wx_approver"))

    page = text(approver.get(f"/approvals/{s.case_id}"))
    assert "由受理地窗口办结" in by_id(page, "opinion-only")
    assert "返回审查意见：同意" in by_id(page, "action-approve")
    assert 'id="action-complete"' not in page
    returned = approver.post(
        f"/approvals/{s.case_id}/act",
        {
            "action": "approve",
            "expected_version": hidden(page, "expected_version"),
            "reason": "审核通过，同意转移",
            "confirm": "yes",
        },
    )
    assert returned.status_code == 303
    result = s.view("wx_approver")["result"]
    assert (result["decision"], result["opinion"]) == ("approve", "审核通过，同意转移")
    after = text(approver.get(f"/approvals/{s.case_id}"))
    assert 'id="action-send_result"' in after and 'id="action-complete"' not in after
    s.act("wx_approver", "send_result", method="system")
    s.act("pl_window", "complete")
    assert s.view("pl_window")["status"] == "completed"


def test_the_dossier_link_downloads_the_case_as_one_pdf(world: tuple[MotoWorld, Client]) -> None:
    w, client = world
    s = routed_case(w, client)
    approver = Browser(client, s.token("wx_approver"))
    page = text(approver.get(f"/approvals/{s.case_id}"))
    assert f'id="dossier-link" href="/approvals/{s.case_id}/dossier"' in page
    assert "material-original" in page
    got = approver.get(f"/approvals/{s.case_id}/dossier")
    assert got.status_code == 303 and "dossiers/" in got.headers["Location"]
    applicant = Browser(client, s.token("applicant1"))
    assert applicant.get(f"/approvals/{s.case_id}/dossier").status_code == 403


def test_an_approval_issues_the_completion_notice_shown_as_the_result_document(
    world: tuple[MotoWorld, Client],
) -> None:
    w, client = world
    s = routed_case(w, client)
    approver = Browser(client, s.token("wx_approver"))
    assert "尚未出具结果文书" in by_id(
        text(approver.get(f"/approvals/{s.case_id}")), "result-document"
    )
    for action, extra in (
        ("accept", {}),
        ("approve", {"reason": "符合失业登记条件", "confirm": "yes"}),
        ("complete", {}),
    ):
        assert press(approver, s.case_id, action, **extra).status_code == 303  # type: ignore[attr-defined]
    s.wait(lambda: "completion_notice" in {d["kind"] for d in s.view("wx_approver")["documents"]})
    result = by_id(text(approver.get(f"/approvals/{s.case_id}")), "result-document")
    assert "办结通知书" in result and "核验码" in result
