"""Browser-test harness: headless Chromium, screenshots at phone and desk widths, axe-core checks, sign-in.

axe-core comes bundled with axe-selenium-python (requirements-dev.txt) and is injected with
execute_script, which the page's CSP does not govern: the pages themselves never load it.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

SCREENSHOTS = Path(__file__).resolve().parents[2] / ".local" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
WIDTHS = {"phone": (390, 844), "desk": (1366, 900)}
SERIOUS = ("serious", "critical")
# The machine has no network: background services would only produce refused connections.
FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1366,900",
    "--lang=zh-CN",
)


def start_chromium() -> Any:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=DRIVER), options=options)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(30)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return driver


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One Chromium per test module (starting one costs a second or two)."""
    driver = start_chromium()
    yield driver
    driver.quit()


def wait_for(browser: Any, css: str, timeout: float = 10) -> Any:
    """The page after a form submit arrives asynchronously; wait for it rather than race it."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    # A poll that lands mid-navigation is "aborted by navigation": poll again, do not fail.
    return WebDriverWait(browser, timeout, ignored_exceptions=(WebDriverException,)).until(
        expected_conditions.presence_of_element_located((By.CSS_SELECTOR, css))
    )


def submit(browser: Any, button_id: str, then: str, timeout: float = 15) -> Any:
    """Click a submit button and wait for the NEXT page's `then` element (never the old page's)."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    old = browser.find_element(By.TAG_NAME, "html")
    browser.find_element(By.ID, button_id).click()
    WebDriverWait(browser, timeout, ignored_exceptions=(WebDriverException,)).until(
        expected_conditions.staleness_of(old)
    )
    return wait_for(browser, then, timeout)


def at_width(browser: Any, label: str) -> None:
    """Make the viewport phone (390×844, a touch device) or desk (1366×900) sized."""
    width, height = WIDTHS[label]
    metrics = {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": label == "phone"}
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)


def reset_width(browser: Any) -> None:
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def screenshot(browser: Any, name: str) -> list[Path]:
    """The whole page at phone and desk widths, top to bottom: .local/screenshots/<name>-phone.png, -desk.png."""
    import base64

    saved = []
    for label in WIDTHS:
        at_width(browser, label)
        shot = browser.execute_cdp_cmd(
            "Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True}
        )
        path = SCREENSHOTS / f"{name}-{label}.png"
        path.write_bytes(base64.b64decode(shot["data"]))
        saved.append(path)
    reset_width(browser)
    return saved


def axe_violations(browser: Any, impacts: tuple[str, ...] = SERIOUS) -> list[dict[str, Any]]:
    """axe-core's violations on the current page with the given impacts (serious and critical)."""
    from axe_selenium_python import Axe

    axe = Axe(browser)
    axe.inject()
    # The bundled axe-core predates HTML's "one-time-code" autocomplete token (the SMS code box uses it).
    browser.execute_script(
        "axe.configure({checks: [{id: 'autocomplete-valid',"
        " options: {standaloneTerms: ['one-time-code']}}]})"
    )
    results = axe.run()
    return [v for v in results["violations"] if v.get("impact") in impacts]


def describe(violations: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}, {v.get('width', '')}): {v['help']} — "
        + "; ".join(" ".join(n.get("target", [])) for n in v.get("nodes", [])[:5])
        for v in violations
    )


def assert_accessible(browser: Any, widths: tuple[str, ...] = ("phone", "desk")) -> None:
    """No serious or critical axe violation at either width (reflow can change what is checked)."""
    found: list[dict[str, Any]] = []
    for label in widths:
        at_width(browser, label)
        found += [{**v, "width": label} for v in axe_violations(browser)]
    reset_width(browser)
    assert not found, f"{browser.current_url}:\n{describe(found)}"


def log_in(
    browser: Any, base_url: str, username: str, password: str = "Tongban#2026", next_path: str = ""
) -> None:
    """Sign in through /login as a person would (typing), and wait for the page it leads to."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.common.by import By

    target = f"/login?next={next_path}" if next_path else "/login"
    browser.get(base_url + target)
    browser.find_element(By.ID, "username").send_keys(username)
    browser.find_element(By.ID, "password").send_keys(password)
    old = browser.find_element(By.TAG_NAME, "html")
    browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, 15, ignored_exceptions=(WebDriverException,)).until(
        expected_conditions.staleness_of(old)
    )
    wait_for(browser, "form.site-nav__logout")
