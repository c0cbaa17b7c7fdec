"""Shared steps of the staff workbench browser walks: polling, photographing, typing, signing out, reading state."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from selenium.common.exceptions import WebDriverException

from tests.e2e.browser_support import assert_accessible, log_in, screenshot, wait_for
from tests.e2e.conftest import Runner
from tests.support.slice import login

PASSWORD = "Tongban#2026"


def id_with_check_digit(first17: str) -> str:
    """GB 11643: the 18th character from the weighted sum of the first 17 digits."""
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(d) * w for d, w in zip(first17, weights, strict=True))
    return first17 + "10X98765432"[total % 11]


def until(check: Callable[[], Any], timeout: float = 40, what: str = "") -> Any:
    """Poll (0.25 s) until check() is truthy; fail with `what` after timeout seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            found = check()
        except Exception:  # a page being replaced: stale elements; try again
            found = None
        if found:
            return found
        time.sleep(0.25)
    raise AssertionError(f"not reached in {timeout} s: {what}")


def seen(browser: Any, name: str) -> None:
    """Every screen passed: photographed at both widths and free of serious/critical axe violations."""
    screenshot(browser, f"workbench-{name}")
    assert_accessible(browser)


def by_id(browser: Any, element_id: str) -> Any:
    from selenium.webdriver.common.by import By

    return browser.find_element(By.ID, element_id)


def css(browser: Any, selector: str) -> list[Any]:
    from selenium.webdriver.common.by import By

    return list(browser.find_elements(By.CSS_SELECTOR, selector))


def type_into(browser: Any, element_id: str, text: str) -> None:
    box = by_id(browser, element_id)
    box.clear()
    box.send_keys(text)


def press(browser: Any, element: Any, then: str, timeout: float = 20) -> Any:
    """Click something that loads a new page, and wait for `then` on the new one."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    old = browser.find_element(By.TAG_NAME, "html")
    element.click()
    WebDriverWait(browser, timeout, ignored_exceptions=(WebDriverException,)).until(
        expected_conditions.staleness_of(old)
    )
    return wait_for(browser, then, timeout)


def choose(browser: Any, element_id: str, value: str) -> bool:
    """Pick an option of a select by value; False when the list does not offer it."""
    from selenium.webdriver.support.ui import Select

    select = Select(by_id(browser, element_id))
    if not any(o.get_attribute("value") == value for o in select.options):
        return False
    select.select_by_value(value)
    return True


def fill_division(browser: Any, base: str, code: str) -> None:
    """Province → city → county selects (apply.js fills the next list); the code box as a fallback."""
    picked = choose(browser, f"{base}-province", code[:2] + "0000")
    picked = picked and until(lambda: choose(browser, f"{base}-city", code[:4] + "00"), 5, "city")
    picked = picked and until(lambda: choose(browser, f"{base}-county", code), 5, "county")
    if not picked:
        until(lambda: by_id(browser, f"{base}-code").is_displayed(), 5, "code box shown")
        type_into(browser, f"{base}-code", code)


def fill_address(browser: Any, name: str, answer: dict[str, str]) -> None:
    fill_division(browser, f"f-{name}-division", answer["division"])
    type_into(browser, f"f-{name}-detail", answer["detail"])


def sign_out(browser: Any) -> None:
    button = css(browser, "form.site-nav__logout button[type=submit]")
    if button:
        press(browser, button[0], "main")
    browser.delete_all_cookies()


def sign_in_as(browser: Any, base: str, username: str, path: str, then: str) -> None:
    """A colleague at the same machine: the last person signs out, this one signs in and opens `path`."""
    sign_out(browser)
    log_in(browser, base, username, PASSWORD)
    browser.get(base + path)
    wait_for(browser, then)


def session_cookies(browser: Any) -> dict[str, str]:
    return {c["name"]: c["value"] for c in browser.get_cookies()}


class Reader:
    """Reads a case through the JSON API for assertions only (every step is taken on a screen)."""

    def __init__(self, runner: Runner, username: str) -> None:
        self.runner, self.token = runner, login(runner.call, username)

    def case(self, case_id: str) -> dict[str, Any]:
        status, case = self.runner.call("GET", f"/api/cases/{case_id}", token=self.token)
        assert status == 200, case
        return dict(case)

    def status(self, case_id: str) -> str:
        return str(self.case(case_id)["status"])


def open_until(browser: Any, url: str, ready: str, timeout: float = 60, what: str = "") -> None:
    """Open a page again and again until `ready` is on it (a queue handler has not run yet)."""

    def shown() -> bool:
        browser.get(url)
        wait_for(browser, "main")
        return bool(css(browser, ready))

    until(shown, timeout, what or f"{ready} on {url}")


def print_view(browser: Any, base: str, case_id: str, kind: str, name: str) -> None:
    """The print view: #document-pending refreshes itself until the queue has rendered the PDF."""
    url = f"{base}/counter/{case_id}/print/{kind}"
    if not browser.current_url.startswith(url):
        browser.get(url)
    wait_for(browser, "#document-view, #document-pending, #document-failed", 20)
    if css(browser, "#document-pending"):
        seen(browser, f"{name}-pending")
    until(lambda: css(browser, "#document-view, #document-failed"), 60, f"{kind} rendered")
    assert not css(browser, "#document-failed"), by_id(browser, "document-failed").text
    assert css(browser, "#print-button") and css(browser, "#copy-archive")
    seen(browser, name)
