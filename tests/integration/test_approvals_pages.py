"""审批工作台 pages through the chalice test client on moto: the queue is the department's, a 补正 asked
from the page is recorded, a missing reason is shown on the page; other places and applicants are refused."""

from __future__ import annotations

import re

from chalice.test import Client

from tests.integration.test_my_cases_pages import Browser, by_id, hidden, scenario, text, world
from tests.support.aws import MotoWorld
from tests.support.scenarios import Scenario

__all__ = ["world"]


def routed_case(w: MotoWorld, client: Client) -> Scenario:
    s = scenario(w, client)
    s.create("applicant1", "RS-002", "online", "140823")
    s.attach_required("applicant1")
    s.submit("applicant1")
    s.wait_routed("wx_approver")
    return s


def test_the_queue_shows_my_departments_case_and_a_supplement_is_asked_from_the_page(
    world: tuple[MotoWorld, Client],
) -> None:
    w, client = world
    s = routed_case(w, client)
    approver = Browser(client, s.token("wx_approver"))

    queue = text(approver.get("/approvals"))
    row = by_id(queue, f"row-{s.case_id}")
    assert s.case_number in row and "失业登记" in row
    other_department = Browser(client, s.token("wx_approver_ga"))
    assert f"row-{s.case_id}" not in text(other_department.get("/approvals"))

    case_page = text(approver.get(f"/approvals/{s.case_id}"))
    assert s.case_number in by_id(case_page, "case-number")
    assert 'id="supplement-form"' in case_page
    slot = re.search(r'name="materials" value="([^"]+)"', case_page)
    assert slot, "no material checkboxes"
    version = hidden(case_page, "expected_version")

    missing = approver.post(
        f"/approvals/{s.case_id}/act",
        {"action": "request_supplement", "expected_version": version, "materials": slot.group(1)},
    )
    assert missing.status_code == 400
    assert "error-summary" in text(missing) and 'href="#reason-request_supplement"' in text(missing)

    asked = approver.post(
        f"/approvals/{s.case_id}/act",
        {
            "action": "request_supplement",
            "expected_version": version,
            "materials": slot.group(1),
            "reason": "身份证照片不清晰，请重新上传",
        },
    )
    assert asked.status_code in (302, 303)
    assert f"/approvals/{s.case_id}?done=request_supplement" in asked.headers["Location"]
    assert s.view("wx_approver")["supplement_requests"] == [[slot.group(1)]]
    after = text(approver.get(f"/approvals/{s.case_id}?done=request_supplement"))
    assert "已完成" in by_id(after, "page-notice")
    assert slot.group(1) in by_id(after, "supplement-requests")


def test_another_jurisdiction_gets_404_an_applicant_403_and_the_signed_out_sign_in(
    world: tuple[MotoWorld, Client],
) -> None:
    w, client = world
    s = routed_case(w, client)
    elsewhere = Browser(client, s.token("hm_approver"))
    assert elsewhere.get(f"/approvals/{s.case_id}").status_code == 404
    applicant = Browser(client, s.token("applicant1"))
    assert applicant.get("/approvals").status_code == 403
    assert applicant.get(f"/approvals/{s.case_id}").status_code == 403
    signed_out = Browser(client).get("/approvals")
    assert signed_out.status_code in (302, 303)
    assert "/login?next=/approvals" in signed_out.headers["Location"]
