"""The applicant's whole journey in headless Chromium against the real local runner: register, apply step by
step with a draft, upload, submit, answer a 补正, receive and download the result, rate 差评; every page
photographed at phone and desk widths and checked by axe-core; and one step completed by keyboard alone."""

from __future__ import annotations

import io
import re
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
import requests
from pypdf import PdfReader

from tests.e2e.browser_support import assert_accessible, log_in, screenshot, submit, wait_for
from tests.e2e.browser_support import browser as browser  # noqa: F401 (the fixture)
from tests.e2e.conftest import Runner
from tests.e2e.page_actions import by_id, choose, css, fill_address, press, type_into, until
from tests.support.scenarios import JPEG
from tests.support.slice import login, sample_answers

pytestmark = pytest.mark.e2e
PASSWORD = "Tongban#2026"
LYING = b"this is a letter, not a photo of a termination certificate\n" * 20
ANSWERS = sample_answers("unemployment-registration")


def seen(browser: Any, name: str) -> None:
    """Every page passed: photographed at both widths and free of serious/critical axe violations."""
    screenshot(browser, f"journey-{name}")
    assert_accessible(browser)


def texted_code(runner: Runner, phone: str) -> str:
    from devtools.inbox import sent_messages

    def code() -> str:
        texts = [
            m["text"] or "" for m in sent_messages(runner.moto)["sms"] if m["to"] == "+86" + phone
        ]
        codes = [found.group(1) for t in texts if (found := re.search(r"验证码是 (\d{6})", t))]
        return codes[-1] if codes else ""

    return str(until(code, 30, "the SMS with the code"))


def case_id_of(browser: Any) -> str:
    found = re.search(r"/apply/([^/]+)/", browser.current_url)
    assert found, browser.current_url
    return found.group(1)


def upload_file(browser: Any, slot: str, path: Path, count: int, status: str) -> Any:
    """Choose a file for a slot and wait for its item to reach the scan status."""
    picker = by_id(browser, f"file-{slot}")
    until(picker.is_displayed, 20, "upload.js shows the picker")
    picker.send_keys(str(path))
    items = f"#files-{slot} li.upload-item"
    until(lambda: len(css(browser, items)) == count, 20, f"{slot}: {count} files listed")
    item = css(browser, items)[count - 1]
    until(lambda: item.get_attribute("data-status") == status, 60, f"{slot}: {status}")
    return item


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    folder = tmp_path_factory.mktemp("journey-files")
    made = {
        "photo": folder / "身份证正面.jpg",
        "lying": folder / "解除合同证明.jpg",
        "proof": folder / "终止劳动合同证明.jpg",
        "again": folder / "补正-终止证明.jpg",
    }
    made["photo"].write_bytes(JPEG)
    made["lying"].write_bytes(LYING)
    made["proof"].write_bytes(JPEG)
    made["again"].write_bytes(JPEG)
    yield made


class Staff:
    """The home jurisdiction's approver, acting through the JSON API on the version last seen."""

    def __init__(self, runner: Runner, case_id: str) -> None:
        self.runner, self.case_id = runner, case_id
        self.token = login(runner.call, "pl_approver_rs")

    def view(self) -> dict[str, Any]:
        status, case = self.runner.call("GET", f"/api/cases/{self.case_id}", token=self.token)
        assert status == 200, case
        return dict(case)

    def wait_routed(self) -> None:
        until(lambda: self.view()["routing_state"] == "delivered", 60, "routed home")

    def act(self, action: str, reason: str = "", **details: Any) -> dict[str, Any]:
        for _ in range(3):  # a queue handler may move the case between reading and acting
            body = {
                "action": action,
                "reason": reason,
                "details": details,
                "expected_version": self.view()["version"],
            }
            path = f"/api/cases/{self.case_id}/actions"
            status, case = self.runner.call("POST", path, body, self.token)
            if status != 409:
                break
        assert status == 200, (action, case)
        return dict(case)


def test_a_new_applicant_registers_applies_supplements_receives_and_rates(
    runner: Runner, browser: Any, files: dict[str, Path]
) -> None:
    base = runner.url
    username = f"jr{secrets.token_hex(4)}"
    phone = "137" + f"{secrets.randbelow(10**8):08d}"

    # Register, confirm with the texted code, log in.
    browser.get(base + "/register")
    wait_for(browser, "#username")
    seen(browser, "register")
    type_into(browser, "name", "马国强")
    type_into(browser, "phone", phone)
    type_into(browser, "username", username)
    type_into(browser, "password", PASSWORD)
    press(browser, css(browser, "main form button[type=submit]")[0], "#code")
    seen(browser, "register-confirm")
    if not by_id(browser, "username").get_attribute("value"):
        type_into(browser, "username", username)
    type_into(browser, "code", texted_code(runner, phone))
    press(browser, css(browser, "main form button[type=submit]")[0], "main")
    browser.get(base + "/login")
    wait_for(browser, "#password")
    seen(browser, "login")
    log_in(browser, base, username, PASSWORD)

    # Find 失业登记 from the home page by search; read its guide.
    browser.get(base + "/")
    wait_for(browser, "#q")
    seen(browser, "home")
    type_into(browser, "q", "失业登记")
    press(browser, by_id(browser, "search-submit"), "ol#results > li")
    seen(browser, "search")
    link = next(a for a in css(browser, "ol#results > li a") if a.text.strip() == "失业登记")
    press(browser, link, "#item-name")
    assert "失业登记" in by_id(browser, "item-name").text
    assert css(browser, "#material-list li"), "the guide lists the materials"
    seen(browser, "guide")

    # 在线申请: choose the home jurisdiction 平罗县.
    press(browser, by_id(browser, "apply"), "#start-form")
    seen(browser, "apply-start")
    css(browser, "input[name=home_code][value='640221']")[0].click()
    submit(browser, "start-apply", "#step-form")
    case_id = case_id_of(browser)

    # Step 1: who applies.
    seen(browser, "step-1")
    for name in ("applicant_name", "applicant_id_number", "applicant_phone"):
        type_into(browser, f"f-{name}", ANSWERS[name])
    submit(browser, "save-step", "#f-household_address-division-province")
    # Step 2: addresses; then 保存草稿，稍后再填.
    seen(browser, "step-2")
    fill_address(browser, "household_address", ANSWERS["household_address"])
    fill_address(browser, "residence_address", ANSWERS["residence_address"])
    submit(browser, "save-later", "#my-cases")
    seen(browser, "my-cases-draft")

    # 我的办件: resume the draft at the first unfinished step.
    card = by_id(browser, f"case-{case_id}")
    links = card.find_elements("css selector", f"a[href*='/apply/{case_id}']")
    assert links, card.get_attribute("outerHTML")
    resume = links[0]
    press(browser, resume, "#step-form")
    assert "/step/unemployment" in browser.current_url, browser.current_url
    seen(browser, "step-3")
    assert choose(browser, "f-unemployment_reason", ANSWERS["unemployment_reason"])
    type_into(browser, "f-former_employer", ANSWERS["former_employer"])
    type_into(browser, "f-former_employer_uscc", ANSWERS["former_employer_uscc"])
    date = by_id(browser, "f-unemployment_date")
    browser.execute_script("arguments[0].value = arguments[1]", date, ANSWERS["unemployment_date"])
    submit(browser, "save-step", "#f-job_intention")
    seen(browser, "step-4")
    type_into(browser, "f-job_intention", ANSWERS["job_intention"])
    by_id(browser, "f-training_wish-0").click()
    by_id(browser, "f-claim_benefit-0").click()
    submit(browser, "save-step", "#submit-application")
    seen(browser, "check-before-materials")

    # Materials: a photo accepted with a thumbnail; a lying .jpg refused in Chinese; a real proof.
    press(browser, by_id(browser, "materials-link"), "#upload[data-upload]")
    accepted = upload_file(browser, "id_card", files["photo"], 1, "ok")
    until(lambda: accepted.find_elements("css selector", "img.thumb"), 40, "thumbnail")
    thumb = accepted.find_element("css selector", "img.thumb")
    until(
        lambda: browser.execute_script("return arguments[0].naturalWidth", thumb) > 0,
        20,
        "thumb loads",
    )
    refused = upload_file(browser, "termination_proof", files["lying"], 1, "rejected")
    message = refused.find_element("css selector", ".upload-item__error").text
    assert message and any("\u4e00" <= ch <= "\u9fff" for ch in message), message
    upload_file(browser, "termination_proof", files["proof"], 2, "ok")
    seen(browser, "materials")

    # Check your answers, submit, confirmation.
    press(browser, by_id(browser, "continue"), "#submit-application")
    seen(browser, "check")
    submit(browser, "submit-application", "#confirmation")
    case_number = by_id(browser, "case-number").text.strip()
    assert case_number.startswith("KS640221-"), case_number
    assert by_id(browser, "query-code").text.strip()
    seen(browser, "done")
    press(browser, css(browser, "a[href$='/me/cases']")[-1], "#my-cases")
    assert case_number in by_id(browser, f"case-{case_id}").text
    seen(browser, "my-cases")

    # Staff ask for a 补正 of the termination proof once the case is home.
    staff = Staff(runner, case_id)
    staff.wait_routed()
    reason = "解除劳动合同证明不清晰，请重新上传盖章页"
    staff.act("request_supplement", reason, materials=["termination_proof"])

    browser.get(f"{base}/me/cases/{case_id}")
    wait_for(browser, "#supplement")
    assert reason in by_id(browser, "supplement-reason").text
    assert "解除或终止劳动合同证明" in by_id(browser, "supplement-materials").text
    seen(browser, "case-supplement")
    press(browser, by_id(browser, "supply-materials"), "#upload[data-upload]")
    before = len(css(browser, "#files-termination_proof li.upload-item"))
    upload_file(browser, "termination_proof", files["again"], before + 1, "ok")
    seen(browser, "materials-supplement")
    browser.get(f"{base}/me/cases/{case_id}")
    submit(browser, "resubmit", "#case-status")
    assert not css(browser, "#supplement")
    seen(browser, "case-resubmitted")

    # Staff accept, approve, complete and deliver electronically.
    staff.wait_routed()
    staff.act("accept")
    staff.act("approve", "符合失业登记条件")
    staff.act("complete")
    staff.act("deliver", method="electronic")

    def result_links() -> list[Any]:
        browser.get(f"{base}/me/cases/{case_id}")
        wait_for(browser, "#case-status")
        links = css(browser, "a.document-download")
        # The result notice renders off the request path; it appears once the worker is done.
        rendered = any("办结通知书" in a.text for a in links)
        return links if css(browser, "#rating-form") and rendered else []

    links = until(result_links, 60, "the result notice and the rating form")
    timeline = by_id(browser, "timeline").text
    assert "受理" in timeline and "符合失业登记条件" in timeline, timeline  # accepted; the decision
    assert (
        "送达" in by_id(browser, "case-status").text or "办结" in by_id(browser, "case-status").text
    )
    seen(browser, "case-delivered")
    result = next((a for a in links if "办结通知书" in a.text), None)
    assert result is not None, [a.text for a in links]
    response = requests.get(urljoin(browser.current_url, result.get_attribute("href")), timeout=20)
    assert response.status_code == 200 and response.content.startswith(b"%PDF"), (
        response.status_code
    )
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert case_number in re.sub(r"\s+", "", text), text[:400]

    # 差评 with a comment: the rectification is shown.
    by_id(browser, "level-2").click()
    type_into(browser, "comment", "材料要求说明不清楚，补正了一次才通过")
    submit(browser, "rate", "#rectification")
    assert "差评" in by_id(browser, "my-rating-level").text
    assert by_id(browser, "rectification-status").text.strip()
    seen(browser, "rating")


def test_a_step_of_the_form_is_completed_with_the_keyboard_alone(
    runner: Runner, browser: Any
) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    token = login(runner.call, "applicant1")
    log_in(browser, runner.url, "applicant1", PASSWORD, next_path="/apply/RS-002")
    wait_for(browser, "#start-form")
    css(browser, "input[name=home_code][value='640221']")[0].click()
    submit(browser, "start-apply", "#step-form")
    case_id = case_id_of(browser)
    browser.get(f"{runner.url}/apply/{case_id}/step/wishes")  # a draft's steps open in any order
    wait_for(browser, "#step-form")

    def focused() -> str:
        return str(browser.switch_to.active_element.get_attribute("id") or "")

    def tab_to(target: str, limit: int = 60) -> list[str]:
        order = []
        for _ in range(limit):
            ActionChains(browser).send_keys(Keys.TAB).perform()
            order.append(focused())
            if order[-1] == target:
                return order
        raise AssertionError(f"TAB never reached #{target}: {order}")

    browser.execute_script("document.activeElement && document.activeElement.blur()")
    tab_to("f-job_intention")
    ActionChains(browser).send_keys("餐饮服务").perform()
    ActionChains(browser).send_keys(Keys.TAB).perform()
    assert focused() == "f-training_wish-0", focused()
    ActionChains(browser).send_keys(Keys.SPACE).perform()
    ActionChains(browser).send_keys(Keys.TAB).perform()
    assert focused() == "f-claim_benefit-0", focused()
    ActionChains(browser).send_keys(Keys.ARROW_DOWN).perform()  # 否
    assert focused() == "f-claim_benefit-1" and by_id(browser, "f-claim_benefit-1").is_selected()
    ActionChains(browser).key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT).perform()
    assert focused() == "f-training_wish-0", focused()
    tab_to("save-step", limit=5)
    old = browser.find_element("tag name", "html")
    ActionChains(browser).send_keys(Keys.ENTER).perform()
    until(lambda: old.id != browser.find_element("tag name", "html").id, 20, "next page")
    wait_for(browser, "#submit-application")
    saved = runner.call("GET", f"/api/cases/{case_id}", token=token)[1]["answers"]
    assert saved["job_intention"] == "餐饮服务", saved
    assert saved["training_wish"] == "yes" and saved["claim_benefit"] == "no", saved
