"""The staff workbenches in headless Chromium against the real local runner: a 平罗 township clerk takes a
walk-in 代收代办 case for a 惠民 native, 惠民's approver decides it and posts the result back, the clerk hands
it over, the applicant rates by the QR link and the 平罗 supervisor sees and exports it; every screen is
photographed and checked by axe-core. The 异地受理异地办理 walk is in test_joint_remote_in_a_browser.py."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
import requests
from pypdf import PdfReader

from tests.e2e.browser_support import browser as browser  # noqa: F401 (the fixture)
from tests.e2e.browser_support import log_in, wait_for
from tests.e2e.conftest import Runner
from tests.e2e.workbench_counter import (
    accept_at_counter,
    approver_act,
    capture,
    forward,
    rotate,
    save_step,
    start_walk_in,
    submit_application,
)
from tests.e2e.workbench_steps import (
    Reader,
    by_id,
    choose,
    css,
    fill_address,
    id_with_check_digit,
    open_until,
    press,
    print_view,
    seen,
    session_cookies,
    sign_in_as,
    sign_out,
    type_into,
    until,
)
from tests.support.scenarios import JPEG
from tests.support.slice import sample_answers

pytestmark = pytest.mark.e2e
ANSWERS = sample_answers("unemployment-registration")
PERSON = {
    "name": "孙立军",
    "id_number": id_with_check_digit("37162119850312123"),
    "phone": "13905431234",
}
WAYBILL, RESULT_WAYBILL = "EMS6402210001", "EMS3716210001"


@pytest.fixture(scope="module")
def scans(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, list[Path]]]:
    folder = tmp_path_factory.mktemp("counter-scans")
    made: dict[str, list[Path]] = {"id_card": [folder / "身份证.jpg"], "termination_proof": []}
    made["id_card"][0].write_bytes(JPEG)
    for n in (1, 2, 3):
        page = folder / f"终止劳动合同证明-第{n}页.jpg"
        page.write_bytes(JPEG)
        made["termination_proof"].append(page)
    yield made


def fill_unemployment_form(browser: Any) -> None:
    """The portal's step renderer, filled by the clerk with the person at the window."""
    save_step(browser, "proxy-step-applicant", "#f-household_address-division-province")
    fill_address(
        browser, "household_address", {"division": "371621", "detail": "惠民县孙武街道某村"}
    )
    fill_address(browser, "residence_address", ANSWERS["residence_address"])
    if css(browser, "#f-hm_community"):  # 惠民's overlay asks for the community
        type_into(browser, "f-hm_community", "孙武街道某社区")
    save_step(browser, "proxy-step-residence", "#f-unemployment_reason")
    assert choose(browser, "f-unemployment_reason", ANSWERS["unemployment_reason"])
    type_into(browser, "f-former_employer", ANSWERS["former_employer"])
    type_into(browser, "f-former_employer_uscc", ANSWERS["former_employer_uscc"])
    date = by_id(browser, "f-unemployment_date")
    browser.execute_script("arguments[0].value = arguments[1]", date, ANSWERS["unemployment_date"])
    save_step(browser, "proxy-step-unemployment", "#f-job_intention")
    type_into(browser, "f-job_intention", ANSWERS["job_intention"])
    by_id(browser, "f-training_wish-0").click()
    by_id(browser, "f-claim_benefit-0").click()
    save_step(browser, "proxy-step-wishes", "#submit-application")


def ask_for_one_material_during_review(
    browser: Any, base: str, case_id: str, scans: dict[str, list[Path]]
) -> None:
    """审查中补办: the home side asks for one material after acceptance; the counter captures a new
    page for it (the wanting one deleted) and supplies it, and review goes on."""
    form = by_id(browser, "review-supplement-form")
    by_id(browser, "review-materials-termination_proof").click()
    type_into(browser, "reason-request_review_supplement", "终止劳动合同证明缺少单位盖章页，请补交")
    seen(browser, "proxy-approver-asks-resupply")
    press(browser, form.find_element("css selector", "button[type=submit]"), "main")
    until(lambda: "已受理待补办" in by_id(browser, "case-summary").text, 30, "the case awaits 补办")
    seen(browser, "proxy-approver-asked-resupply")

    sign_in_as(browser, base, "pl_window_cg", "/counter", "#q")
    open_until(
        browser, f"{base}/counter", f"#counter-resupply a[href$='{case_id}']", 60, "补办 list"
    )
    seen(browser, "proxy-counter-resupply-list")
    browser.get(f"{base}/counter/{case_id}")
    wait_for(browser, "#resupply")
    seen(browser, "proxy-counter-resupply-asked")
    browser.get(f"{base}/counter/{case_id}/materials")
    by_id(browser, "delete-termination_proof-1").click()  # the page the department found wanting
    until(lambda: not css(browser, "#page-termination_proof-3"), 20, "the wanting page deleted")
    picker = by_id(browser, "file-termination_proof")
    until(picker.is_displayed, 20, "upload.js shows the file input")
    picker.send_keys(str(scans["termination_proof"][0]))

    def rescanned() -> bool:
        if css(browser, "#page-termination_proof-3[data-status=ok]"):
            return True
        browser.refresh()  # the scan runs on a queue
        return False

    until(rescanned, 90, "the new page scanned")
    seen(browser, "proxy-counter-resupply-captured")
    browser.get(f"{base}/counter/{case_id}")
    press(browser, by_id(browser, "act-supply_for_review"), "main")
    seen(browser, "proxy-counter-supplied")
    sign_in_as(browser, base, "hm_approver", f"/approvals/{case_id}", "#case-summary")
    until(lambda: "审查中" in by_id(browser, "case-summary").text, 30, "review goes on")


def test_a_township_clerk_takes_a_walk_in_case_home_decides_it_and_the_applicant_rates_it(
    runner: Runner, browser: Any, scans: dict[str, list[Path]]
) -> None:
    base = runner.url
    reader = Reader(runner, "pl_supervisor")

    # 平罗县城关镇便民服务中心: the walk-in case, ID checked, the form filled with the person.
    log_in(browser, base, "pl_window_cg")
    case_id = start_walk_in(
        browser,
        base,
        search="失业登记",
        item="RS-002",
        mode="proxy",
        home="371621",
        person=PERSON,
    )
    fill_unemployment_form(browser)
    seen(browser, "proxy-check-before-capture")

    # Three pages of one material through the file input (and the ID card), one page turned.
    capture(browser, base, case_id, scans, "proxy-capture")
    rotate(browser, "termination_proof", 2)
    seen(browser, "proxy-capture-rotated")
    case_number = submit_application(browser, "proxy")
    assert case_number.startswith("KS640221-"), case_number

    # 形式审查 + 身份核验, 受理: the receipt's print view; forward by post: the transfer slip.
    accept_at_counter(browser, base, case_id, "proxy")
    print_view(browser, base, case_id, "receipt", "proxy-receipt")
    forward(browser, base, case_id, "post", WAYBILL)
    print_view(browser, base, case_id, "transfer_slip", "proxy-transfer-slip")
    legs = reader.case(case_id)["transfers"]
    assert (legs[0]["method"], legs[0]["waybill"]) == ("post", WAYBILL), legs

    # 惠民: the approver finds it in the queue, signs for the post, claims it, reads the dossier.
    sign_in_as(browser, base, "hm_approver", "/approvals", "#queue-filter")
    open_until(browser, f"{base}/approvals", f"#row-{case_id}", 60, "routed to 惠民")
    seen(browser, "proxy-approvals-queue")
    press(browser, css(browser, f"#row-{case_id} a")[0], "#case-summary")
    assert WAYBILL in by_id(browser, "confirm-materials-form").text
    seen(browser, "proxy-approvals-case")
    approver_act(browser, "confirm-materials-form")
    press(browser, css(browser, "#claim-form button[value=claim]")[0], "#claim-status")
    assert "本人" in by_id(browser, "claim-status").text
    seen(browser, "proxy-approvals-claimed")
    dossier = by_id(browser, "dossier-link").get_attribute("href")
    got = requests.get(urljoin(base, dossier), cookies=session_cookies(browser), timeout=60)
    assert got.status_code == 200 and got.content.startswith(b"%PDF"), got.status_code
    assert len(PdfReader(io.BytesIO(got.content)).pages) >= 4  # the form, and four scanned pages
    if css(browser, "#action-start_review"):
        approver_act(browser, "action-start_review")
    ask_for_one_material_during_review(browser, base, case_id, scans)

    # The decision (confirmed), 办结 where 惠民 completes, and the result posted back.
    approver_act(browser, "action-approve", "符合失业登记条件，准予登记")
    if css(browser, "#action-complete"):
        approver_act(browser, "action-complete")
    seen(browser, "proxy-approvals-decided")
    fields = {"method-send_result": "post", "carrier-send_result": "中国邮政EMS"}
    approver_act(browser, "action-send_result", **fields, **{"waybill-send_result": RESULT_WAYBILL})
    seen(browser, "proxy-approvals-result-sent")

    # Back at the township: 结果已返回, sign for the post, hand over with proof, 送达回证.
    sign_in_as(browser, base, "pl_window_cg", "/counter", "#q")
    open_until(browser, f"{base}/counter", "#counter-returned", 60, "result in the inbox")
    assert case_number in by_id(browser, "counter-returned").text
    seen(browser, "proxy-counter-returned")
    link = next(a for a in css(browser, "#counter-returned a") if case_number in a.text)
    press(browser, link, "#confirm-result-form")
    seen(browser, "proxy-counter-sign-result")
    press(browser, by_id(browser, "act-confirm_result"), "#handover-form")
    by_id(browser, "handover-method-window").click()
    type_into(browser, "receiver_name", PERSON["name"])
    type_into(browser, "receiver_id", PERSON["id_number"])
    seen(browser, "proxy-counter-handover")
    press(browser, by_id(browser, "act-deliver"), "#document-view, #document-pending")
    print_view(browser, base, case_id, "delivery_receipt", "proxy-delivery-receipt")

    # 好差评 by the QR link: no account, one rating.
    browser.get(f"{base}/counter/{case_id}/rating")
    link_href = wait_for(browser, "#rating-link").get_attribute("href")
    seen(browser, "proxy-rating-screen")
    sign_out(browser)
    browser.get(urljoin(base, link_href))
    wait_for(browser, "#rating-form")
    seen(browser, "proxy-rating-by-qr")
    by_id(browser, "level-5").click()
    press(browser, by_id(browser, "rating-submit"), "#rating-done")
    assert "非常满意" in by_id(browser, "rating-level-done").text
    seen(browser, "proxy-rated")

    # The 平罗 supervisor: the case in the figures and the list; the CSV carries it.
    log_in(browser, base, "pl_supervisor")
    browser.get(f"{base}/supervision")
    wait_for(browser, "#chart-months")
    assert css(browser, f"#case-{case_id}"), "the case is in the supervisor's list"
    assert css(browser, "#chart-months svg, svg#chart-months"), "the months chart is an SVG"
    seen(browser, "proxy-supervision")
    csv_href = by_id(browser, "cases-csv").get_attribute("href")
    got = requests.get(urljoin(base, csv_href), cookies=session_cookies(browser), timeout=30)
    assert got.status_code == 200, got.status_code
    assert case_number in got.content.decode("utf-8-sig"), got.text[:300]
    final = reader.case(case_id)
    assert final["status"] in ("delivered", "completed"), final["status"]
    assert re.search(r"\d", final["case_number"])
