"""The web pages in a real browser (headless Chromium) against the real local runner."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import Runner

pytestmark = pytest.mark.e2e
SCREENSHOTS = Path(__file__).resolve().parents[2] / ".local" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


def wait_for(browser: Any, by: str, selector: str) -> Any:
    """The page after a form submit arrives asynchronously; wait for it rather than race it."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    # A poll that lands mid-navigation is "aborted by navigation": poll again, do not fail.
    return WebDriverWait(browser, 10, ignored_exceptions=(WebDriverException,)).until(
        expected_conditions.presence_of_element_located((by, selector))
    )


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    # The machine has no network: background services would only produce refused connections.
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,900",
        "--lang=zh-CN",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=DRIVER), options=options)
    driver.set_page_load_timeout(30)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    yield driver
    driver.quit()


def test_the_home_page_finds_an_item_by_search_and_opens_its_form(
    runner: Runner, browser: Any
) -> None:
    from selenium.webdriver.common.by import By

    browser.get(runner.url + "/")
    assert "通办" in browser.title
    browser.find_element(By.ID, "q").send_keys("失业")
    browser.find_element(By.ID, "search-submit").click()
    wait_for(browser, By.CSS_SELECTOR, "ol#results > li")
    browser.save_screenshot(str(SCREENSHOTS / "home.png"))
    browser.get(runner.url + "/forms/unemployment-registration")
    assert "失业登记" in browser.find_element(By.TAG_NAME, "h1").text
    labels = [label.text for label in browser.find_elements(By.TAG_NAME, "label")]
    assert any("公民身份号码" in text for text in labels)
    assert browser.find_elements(By.CSS_SELECTOR, "input[type=file]")
    browser.save_screenshot(str(SCREENSHOTS / "form.png"))


def test_the_verify_page_tells_a_forged_code_apart(runner: Runner, browser: Any) -> None:
    from selenium.webdriver.common.by import By

    browser.get(runner.url + "/verify/ABCD-EFGH-JKMN")
    heading = browser.find_element(By.TAG_NAME, "h2").text
    assert heading.startswith("✘") and "未找到" in heading
    browser.save_screenshot(str(SCREENSHOTS / "verify.png"))


def test_a_person_without_an_account_tracks_a_case_by_number_and_query_code(
    runner: Runner, browser: Any
) -> None:
    from selenium.webdriver.common.by import By

    from tests.e2e.conftest import wait_until
    from tests.e2e.test_four_procedures import upload
    from tests.support import scenarios

    scenario = scenarios.Scenario(runner.call, upload, wait_until)
    scenario.create("pl_window", "RS-002", "proxy", "140823")
    scenario.attach_required("pl_window")
    scenario.submit("pl_window")
    code = scenario.view("pl_window")["query_code"]
    browser.get(runner.url + "/track")
    browser.find_element(By.ID, "number").send_keys(scenario.case_number)
    browser.find_element(By.ID, "code").send_keys("000000" if code != "000000" else "111111")
    browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    assert "办件编号或查询密码不正确" in wait_for(browser, By.CSS_SELECTOR, "[role=alert]").text
    browser.find_element(By.ID, "code").send_keys(code)
    browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    # Wait for the result page's own element: the error page before it also has headings.
    assert "失业登记：已提交（收件）" in wait_for(browser, By.ID, "track-result-title").text
    steps = [li.text for li in browser.find_elements(By.CSS_SELECTOR, "#track-steps li")]
    assert any("提交申请" in step for step in steps)
    browser.save_screenshot(str(SCREENSHOTS / "track.png"))
    assert code not in browser.current_url  # the form posts: the 查询密码 never sits in the URL

    # The link in the 受理 SMS opens the progress by itself; its secret never reaches the server's URL.
    import re

    from devtools.inbox import sent_messages

    def sms_link() -> str:
        texts = [m["text"] or "" for m in sent_messages(runner.moto)["sms"]]
        found = [
            re.search(r"(https?://[\x21-\x7e]+?/track#n=[A-Z0-9-]+&t=[A-Za-z0-9_-]+)", t)
            for t in texts
        ]
        links = [m.group(1) for m in found if m and scenario.case_number in m.group(1)]
        return links[0] if links else ""

    wait_until(lambda: bool(sms_link()), timeout=30)
    browser.get("about:blank")
    browser.get(sms_link())
    assert "失业登记：已提交（收件）" in wait_for(browser, By.ID, "track-result-title").text
    assert "#" not in browser.current_url and "t=" not in browser.current_url
