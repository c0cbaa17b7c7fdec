"""A person without an account, in headless Chromium against the real local runner: tracks a case (typed,
and by the SMS link), verifies a downloaded PDF by upload (authentic, and one byte changed); axe-core
finds no serious or critical violation on the public pages; screenshots at phone and desk widths."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.e2e import browser_support
from tests.e2e.browser_support import assert_accessible, log_in, screenshot, submit, wait_for
from tests.e2e.conftest import Runner, upload, wait_until
from tests.support import scenarios

pytestmark = pytest.mark.e2e
browser = browser_support.browser  # the module-scoped Chromium fixture


@pytest.fixture(scope="module")
def accepted(runner: Runner) -> scenarios.Scenario:
    """A 失业登记 entered at the 平罗 counter and accepted: it has a 查询密码, an SMS link and a receipt."""
    scenario = scenarios.Scenario(runner.call, upload, wait_until)
    scenario.create("pl_window", "RS-002", "proxy", "140823")
    scenario.attach_required("pl_window")
    scenario.submit("pl_window")
    scenario.act("pl_window", "accept")
    return scenario


def sms_link(runner: Runner, case_number: str) -> str:
    from devtools.inbox import sent_messages

    texts = [m["text"] or "" for m in sent_messages(runner.moto)["sms"]]
    found = [
        re.search(r"(https?://[\x21-\x7e]+?/track#n=[A-Z0-9-]+&t=[A-Za-z0-9_-]+)", t) for t in texts
    ]
    links = [m.group(1) for m in found if m and case_number in m.group(1)]
    return links[0] if links else ""


def receipt_pdf(scenario: scenarios.Scenario, folder: Path) -> tuple[dict[str, Any], Path]:
    def issued() -> bool:
        return any(d["kind"] == "receipt" for d in scenario.view("pl_window")["documents"])

    wait_until(issued, timeout=60)
    receipt = next(d for d in scenario.view("pl_window")["documents"] if d["kind"] == "receipt")
    path = folder / "受理回执.pdf"
    path.write_bytes(requests.get(receipt["download_url"], timeout=10).content)
    return receipt, path


def test_a_person_tracks_a_case_by_number_and_code_and_by_the_sms_link(
    runner: Runner, browser: Any, accepted: scenarios.Scenario
) -> None:
    from selenium.webdriver.common.by import By

    code = accepted.view("pl_window")["query_code"]
    browser.get(runner.url + "/track")
    assert_accessible(browser)
    screenshot(browser, "track-form")
    browser.find_element(By.ID, "number").send_keys(accepted.case_number)
    browser.find_element(By.ID, "code").send_keys("000000" if code != "000000" else "111111")
    summary = submit(browser, "track-submit", ".error-summary")
    assert "携带身份证件到窗口查询" in summary.text
    assert browser.switch_to.active_element == summary  # announced: the summary takes the focus
    assert browser.find_element(By.ID, "code").get_attribute("aria-invalid") == "true"
    assert_accessible(browser)
    screenshot(browser, "track-wrong-code")
    browser.find_element(By.ID, "code").send_keys(code)
    title = submit(browser, "track-submit", "#track-result-title").text
    assert title == "失业登记：已受理"
    steps = [li.text for li in browser.find_elements(By.CSS_SELECTOR, "#track-steps li")]
    assert any("提交申请" in s for s in steps) and any("受理" in s for s in steps)
    assert browser.find_element(By.ID, "track-due").text
    assert code not in browser.current_url  # the form posts: the 查询密码 never sits in the URL
    assert_accessible(browser)
    screenshot(browser, "track-result")

    wait_until(lambda: bool(sms_link(runner, accepted.case_number)), timeout=30)
    browser.get("about:blank")
    browser.get(sms_link(runner, accepted.case_number))
    assert "失业登记" in wait_for(browser, "#track-result-title").text
    assert "#" not in browser.current_url and "t=" not in browser.current_url


def test_a_downloaded_pdf_verifies_by_upload_and_a_changed_byte_is_caught(
    runner: Runner, browser: Any, accepted: scenarios.Scenario, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By

    receipt, pdf = receipt_pdf(accepted, tmp_path)
    browser.get(runner.url + "/verify")
    assert_accessible(browser)
    screenshot(browser, "verify-form")
    browser.find_element(By.ID, "pdf").send_keys(str(pdf))
    verdict = submit(browser, "verify-file-submit", "#verify-verdict").text
    assert "真实有效（与存档一致，签名有效）" in verdict
    assert browser.find_element(By.ID, "verify-issuer").text == receipt["issuer"]
    assert browser.find_element(By.ID, "verify-number").text == receipt["document_number"]
    assert_accessible(browser)
    screenshot(browser, "verify-authentic")

    tampered = tmp_path / "改过的回执.pdf"
    tampered.write_bytes(pdf.read_bytes().replace(b"/Producer", b"/Pr0ducer", 1))  # one byte
    browser.get(runner.url + "/verify")
    browser.find_element(By.ID, "pdf").send_keys(str(tampered))
    assert (
        "文件已被改动（与存档不符）"
        in submit(browser, "verify-file-submit", "#verify-verdict").text
    )
    assert_accessible(browser)
    screenshot(browser, "verify-altered")

    browser.find_element(By.ID, "code").clear()
    browser.find_element(By.ID, "code").send_keys(receipt["code"].lower())
    assert "文书真实有效" in submit(browser, "verify-code-submit", "#verify-verdict").text


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("home", "/"),
        ("login", "/login"),
        ("register", "/register"),
        ("not-found", "/no-such-page"),
    ],
)
def test_the_public_pages_have_no_serious_accessibility_violation(
    runner: Runner, browser: Any, name: str, path: str
) -> None:
    browser.get(runner.url + path)
    screenshot(browser, name)
    assert_accessible(browser)


def test_the_login_helper_signs_in_through_the_page(runner: Runner, browser: Any) -> None:
    from selenium.webdriver.common.by import By

    log_in(browser, runner.url, "applicant1", next_path="/track")
    assert "退出" in browser.find_element(By.CSS_SELECTOR, ".site-nav").text
    browser.delete_all_cookies()
