"""异地受理异地办理 in headless Chromium against the real local runner: 平罗's county counter takes a 惠民
native's pension transfer, 惠民's approver only returns the review opinion (the buttons say so), and the
receiving counter completes the case and hands it over; every screen photographed and checked by axe-core."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.browser_support import browser as browser  # noqa: F401 (the fixture)
from tests.e2e.browser_support import log_in
from tests.e2e.conftest import Runner
from tests.e2e.workbench_counter import (
    accept_at_counter,
    approver_act,
    capture,
    forward,
    save_step,
    start_walk_in,
    submit_application,
)
from tests.e2e.workbench_steps import (
    Reader,
    by_id,
    css,
    fill_address,
    fill_division,
    id_with_check_digit,
    open_until,
    press,
    print_view,
    seen,
    sign_in_as,
    type_into,
)
from tests.support.scenarios import JPEG

pytestmark = pytest.mark.e2e
PERSON = {
    "name": "王秀珍",
    "id_number": id_with_check_digit("37162119700815224"),
    "phone": "13905437788",
}
OPINION = "参保缴费记录核对无误，同意转移"


@pytest.fixture(scope="module")
def scans(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, list[Path]]]:
    folder = tmp_path_factory.mktemp("joint-remote-scans")
    made: dict[str, list[Path]] = {}
    for slot in ("id_card", "transfer_application", "contribution_voucher"):
        page = folder / f"{slot}.jpg"
        page.write_bytes(JPEG)
        made[slot] = [page]
    yield made


def fill_pension_form(browser: Any) -> None:
    fill_address(browser, "applicant_address", {"division": "640221", "detail": "城关镇南街12号"})
    save_step(browser, "joint-step-applicant", "#f-origin_region-province")
    fill_division(browser, "f-origin_region", "371621")
    fill_division(browser, "f-destination_region", "640221")
    by_id(browser, "f-insured_as-0").click()
    type_into(browser, "f-employer_name", "惠民县某纺织有限公司")
    type_into(browser, "f-employer_uscc", "91371621MA3C000015")
    by_id(browser, "f-transfer_scope-0").click()
    save_step(browser, "joint-step-transfer", "#submit-application")


def test_in_joint_remote_handling_home_returns_its_opinion_and_the_receiving_counter_completes(
    runner: Runner, browser: Any, scans: dict[str, list[Path]]
) -> None:
    base = runner.url
    reader = Reader(runner, "pl_window")

    log_in(browser, base, "pl_window")
    case_id = start_walk_in(
        browser,
        base,
        search="养老保险关系转移",
        item="RS-010",
        mode="joint_remote",
        home="371621",
        person=PERSON,
    )
    fill_pension_form(browser)
    capture(browser, base, case_id, scans, "joint-capture")
    case_number = submit_application(browser, "joint")
    accept_at_counter(browser, base, case_id, "joint")
    print_view(browser, base, case_id, "receipt", "joint-receipt")
    forward(browser, base, case_id, "system")
    print_view(browser, base, case_id, "transfer_slip", "joint-transfer-slip")

    # 惠民 reviews and returns its opinion only: no 办结 on its side.
    sign_in_as(browser, base, "hm_approver", "/approvals", "#queue-filter")
    open_until(browser, f"{base}/approvals", f"#row-{case_id}", 60, "routed to 惠民")
    seen(browser, "joint-approvals-queue")
    press(browser, css(browser, f"#row-{case_id} a")[0], "#case-summary")
    assert "由受理地窗口办结" in by_id(browser, "opinion-only").text
    seen(browser, "joint-approvals-case")
    if css(browser, "#confirm-materials-form"):
        approver_act(browser, "confirm-materials-form")
    press(browser, css(browser, "#claim-form button[value=claim]")[0], "#claim-status")
    if css(browser, "#action-start_review"):
        approver_act(browser, "action-start_review")
    approve = by_id(browser, "action-approve")
    assert "返回审查意见" in approve.find_element("css selector", "button[type=submit]").text
    assert "返回审查意见" in by_id(browser, "action-deny").text
    approver_act(browser, "action-approve", OPINION)
    assert not css(browser, "#action-complete"), "the home side does not complete"
    seen(browser, "joint-approvals-opinion-returned")
    approver_act(browser, "action-send_result", **{"method-send_result": "system"})
    result = reader.case(case_id)["result"]
    assert (result["decision"], result["opinion"]) == ("approve", OPINION), result

    # 平罗's counter completes and hands the result over at the window.
    sign_in_as(browser, base, "pl_window", "/counter", "#q")
    open_until(browser, f"{base}/counter/{case_id}", "#complete-form", 60, "the opinion is back")
    seen(browser, "joint-counter-complete")
    press(browser, by_id(browser, "act-complete"), "#case-status")
    assert reader.status(case_id) == "completed"
    open_until(browser, f"{base}/counter/{case_id}", "#handover-form", 30, "hand-over offered")
    by_id(browser, "handover-method-window").click()
    type_into(browser, "receiver_name", PERSON["name"])
    type_into(browser, "receiver_id", PERSON["id_number"])
    seen(browser, "joint-counter-handover")
    press(browser, by_id(browser, "act-deliver"), "#document-view, #document-pending")
    print_view(browser, base, case_id, "delivery_receipt", "joint-delivery-receipt")
    assert reader.status(case_id) == "delivered"
    assert case_number.startswith("KS640221-"), case_number
