"""The materials upload page in headless Chromium against the real local runner: a photo goes straight to
(moto's) storage with a progress bar and comes back as a thumbnail; a .jpg that is really text is refused
with the scan's reason in Chinese; a file is deleted."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from selenium.common.exceptions import WebDriverException

from tests.e2e.conftest import Runner
from tests.e2e.test_in_a_browser import SCREENSHOTS
from tests.e2e.test_in_a_browser import browser as browser  # noqa: F401 (the fixture)
from tests.support.scenarios import JPEG
from tests.support.slice import login, sample_answers

pytestmark = pytest.mark.e2e
LYING = b"this is a letter, not a photo of an identity card\n" * 20


def until(browser: Any, check: Any, timeout: float = 40) -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(
        browser, timeout, poll_frequency=0.25, ignored_exceptions=(WebDriverException,)
    ).until(lambda _: check())


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    folder = tmp_path_factory.mktemp("upload-files")
    photo, lying = folder / "身份证正面.jpg", folder / "其实是文字.jpg"
    photo.write_bytes(JPEG)
    lying.write_bytes(LYING)
    yield {"photo": photo, "lying": lying}


def draft(runner: Runner) -> str:
    token = login(runner.call, "applicant1")
    form = runner.call("GET", "/api/items/RS-002/form")[1]
    body = {"item_code": "RS-002", "home_code": "640221", "answers": sample_answers(form["id"])}
    status, case = runner.call("POST", "/api/cases", body, token)
    assert status == 200, case
    return str(case["case_id"])


def sign_in_to(browser: Any, runner: Runner, path: str) -> None:
    from selenium.webdriver.common.by import By

    browser.get(f"{runner.url}/login?next={path}")
    browser.find_element(By.ID, "username").send_keys("applicant1")
    browser.find_element(By.ID, "password").send_keys("Tongban#2026")
    browser.find_element(By.CSS_SELECTOR, "form[action$='/login'] button[type=submit]").click()
    until(browser, lambda: browser.find_elements(By.ID, "upload"))


def items(browser: Any) -> list[Any]:
    from selenium.webdriver.common.by import By

    return list(browser.find_elements(By.CSS_SELECTOR, "#files-id_card .upload-item"))


def test_a_photo_comes_back_as_a_thumbnail_and_a_lying_file_is_refused_in_chinese(
    runner: Runner, browser: Any, files: dict[str, Path]
) -> None:
    from selenium.webdriver.common.by import By

    case_id = draft(runner)
    browser.set_window_size(390, 844)
    sign_in_to(browser, runner, f"/apply/{case_id}/materials")
    picker = browser.find_element(By.ID, "file-id_card")
    until(browser, picker.is_displayed)  # upload.js is loaded lazily, then shows the pickers
    assert picker.get_attribute("multiple") is not None
    label = browser.find_element(By.CSS_SELECTOR, "label[for=file-id_card]").text
    assert "居民身份证" in label

    picker.send_keys(str(files["photo"]))
    until(browser, lambda: len(items(browser)) == 1)
    until(browser, lambda: items(browser)[0].get_attribute("data-status") == "ok")
    until(browser, lambda: items(browser)[0].find_elements(By.CSS_SELECTOR, "img.thumb"))
    thumb = items(browser)[0].find_element(By.CSS_SELECTOR, "img.thumb")
    assert thumb.get_attribute("alt") == "身份证正面.jpg 的缩略图"
    until(browser, lambda: browser.execute_script("return arguments[0].naturalWidth", thumb) > 0)
    status = browser.find_element(By.ID, "upload-status")
    assert status.get_attribute("aria-live") == "polite" and "通过检查" in status.text

    picker.send_keys(str(files["lying"]))
    until(browser, lambda: len(items(browser)) == 2)
    refused = items(browser)[1]
    until(browser, lambda: refused.get_attribute("data-status") == "rejected")
    message = refused.find_element(By.CSS_SELECTOR, ".upload-item__error").text
    assert message and any("\u4e00" <= ch <= "\u9fff" for ch in message), message
    assert "未通过检查" in refused.find_element(By.CSS_SELECTOR, ".upload-item__state").text
    until(browser, lambda: message in browser.find_element(By.ID, "upload-status").text)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SCREENSHOTS / "upload-phone.png"))

    refused.find_element(By.CSS_SELECTOR, ".upload-item__remove").click()
    until(browser, lambda: len(items(browser)) == 1)
    assert "已删除" in browser.find_element(By.ID, "upload-status").text
    browser.refresh()  # what the server holds: the accepted photo only, with its thumbnail
    [kept] = items(browser)
    assert kept.get_attribute("data-status") == "ok" and kept.find_elements(
        By.CSS_SELECTOR, "img.thumb"
    )
    browser.set_window_size(1366, 900)
    browser.save_screenshot(str(SCREENSHOTS / "upload-desk.png"))


def test_a_lost_connection_during_the_upload_offers_a_retry_that_succeeds(
    runner: Runner, browser: Any, files: dict[str, Path]
) -> None:
    from selenium.webdriver.common.by import By

    case_id = draft(runner)
    browser.get(f"{runner.url}/apply/{case_id}/materials")  # still signed in from the test above
    picker = browser.find_element(By.ID, "file-id_card")
    until(browser, picker.is_displayed)
    # The ticket is granted, but the POST to storage never gets through: the connection is lost.
    browser.execute_cdp_cmd("Network.enable", {})
    browser.execute_cdp_cmd("Network.setBlockedURLs", {"urls": [f"{runner.moto}/*"]})
    try:
        picker.send_keys(str(files["photo"]))
        until(browser, lambda: len(items(browser)) == 1)
        [lost] = items(browser)
        until(browser, lambda: lost.get_attribute("data-status") == "network")
        assert (
            lost.find_element(By.CSS_SELECTOR, ".upload-item__error").text == "网络中断，上传未完成"
        )
        retry = lost.find_element(By.CSS_SELECTOR, ".upload-item__retry")
        assert retry.text == "重试"
    finally:
        browser.execute_cdp_cmd("Network.setBlockedURLs", {"urls": []})
    retry.click()
    until(browser, lambda: lost.get_attribute("data-status") == "ok")
    assert not lost.find_elements(By.CSS_SELECTOR, ".upload-item__retry")
    until(browser, lambda: lost.find_elements(By.CSS_SELECTOR, "img.thumb"))
