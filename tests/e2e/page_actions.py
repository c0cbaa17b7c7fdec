"""What a person does on a page, for every browser test: wait, find, type, press, choose, fill an address."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from selenium.common.exceptions import WebDriverException

from tests.e2e.browser_support import wait_for


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
