"""Shared steps of the staff workbench browser walks: polling, photographing, typing, signing out, reading state."""

from __future__ import annotations

from typing import Any

from tests.e2e.browser_support import assert_accessible, log_in, screenshot, wait_for
from tests.e2e.conftest import Runner
from tests.e2e.page_actions import by_id as by_id
from tests.e2e.page_actions import choose as choose
from tests.e2e.page_actions import css as css
from tests.e2e.page_actions import fill_address as fill_address
from tests.e2e.page_actions import fill_division as fill_division
from tests.e2e.page_actions import press as press
from tests.e2e.page_actions import type_into as type_into
from tests.e2e.page_actions import until as until
from tests.support.slice import login

PASSWORD = "Tongban#2026"


def id_with_check_digit(first17: str) -> str:
    """GB 11643: the 18th character from the weighted sum of the first 17 digits."""
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(d) * w for d, w in zip(first17, weights, strict=True))
    return first17 + "10X98765432"[total % 11]


def seen(browser: Any, name: str) -> None:
    """Every screen passed: photographed at both widths and free of serious/critical axe violations."""
    screenshot(browser, f"workbench-{name}")
    assert_accessible(browser)


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
