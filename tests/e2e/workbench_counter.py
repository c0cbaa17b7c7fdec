"""The counter clerk's and the approver's screens as steps: start a walk-in case, capture, accept, forward, decide."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.e2e.browser_support import wait_for
from tests.e2e.workbench_steps import by_id, choose, css, press, seen, type_into, until


def start_walk_in(
    browser: Any, base: str, *, search: str, item: str, mode: str, home: str, person: dict[str, str]
) -> str:
    """/counter: find the item, pick the mode and the home, the ID checked (a wrong one first); the case id."""
    browser.get(base + "/counter")
    wait_for(browser, "#q")
    seen(browser, f"{mode}-counter")
    type_into(browser, "q", search)
    press(browser, css(browser, "form.counter-search button[type=submit]")[0], "#counter-items")
    seen(browser, f"{mode}-counter-search")
    link = next(a for a in css(browser, "#counter-items a") if a.text.startswith(item))
    press(browser, link, "#counter-mode")
    css(browser, f"#counter-mode input[name=mode][value={mode}]")[0].click()
    press(browser, css(browser, "#counter-mode button[type=submit]")[0], "#counter-new")
    assert choose(browser, "home_code", home), f"{home} is offered for {item} in {mode}"
    seen(browser, f"{mode}-counter-new")
    wrong = person["id_number"][:17] + ("0" if person["id_number"][17] != "0" else "1")
    type_into(browser, "id_number", wrong)
    type_into(browser, "name", person["name"])
    type_into(browser, "phone", person["phone"])
    press(browser, css(browser, "#counter-new button[type=submit]")[0], ".error-summary")
    assert "校验位不正确" in css(browser, ".error-summary")[0].text
    seen(browser, f"{mode}-counter-id-refused")
    type_into(browser, "id_number", person["id_number"])
    if not by_id(browser, "name").get_attribute("value"):
        type_into(browser, "name", person["name"])
        type_into(browser, "phone", person["phone"])
    choose(browser, "home_code", home)
    press(browser, css(browser, "#counter-new button[type=submit]")[0], "#step-form")
    assert by_id(browser, "f-applicant_id_number").get_attribute("value") == person["id_number"]
    return str(browser.current_url.split("/apply/")[1].split("/")[0])


def save_step(browser: Any, name: str, then: str) -> None:
    seen(browser, name)
    press(browser, by_id(browser, "save-step"), then)


def capture(browser: Any, base: str, case_id: str, pages: dict[str, list[Path]], name: str) -> None:
    """/counter/{id}/materials: every material's pages through the file input, in one choice each."""
    browser.get(f"{base}/counter/{case_id}")
    press(browser, by_id(browser, "capture-materials"), "#upload[data-upload]")
    for slot, files in pages.items():
        picker = by_id(browser, f"file-{slot}")
        until(picker.is_displayed, 20, "upload.js shows the file input")
        picker.send_keys("\n".join(str(f) for f in files))
        last = f"#page-{slot}-{len(files)}"

        def listed(last: str = last) -> list[Any]:
            return css(browser, last)

        try:
            until(listed, 30, f"{slot}: {len(files)} pages listed")
        except AssertionError as missing:
            shown = by_id(browser, f"slot-{slot}").get_attribute("outerHTML")
            raise AssertionError(f"{missing}\n{shown}") from None
    wanted = sum(len(f) for f in pages.values())
    scanned = ".capture-pages li.capture-page[data-status=ok]"

    def all_scanned() -> bool:
        if len(css(browser, scanned)) == wanted:
            return True
        browser.refresh()  # the scan runs on a queue; the page shows its result when reloaded
        return False

    until(all_scanned, 90, "every page scanned")
    seen(browser, name)


def rotate(browser: Any, slot: str, n: int) -> None:
    """向左旋转 one page: capture.js posts the form and swaps the server's list in."""
    by_id(browser, f"rotate-{slot}-{n}").click()
    until(
        lambda: by_id(browser, f"page-{slot}-{n}").get_attribute("data-rotation") not in ("", "0"),
        20,
        f"page {n} of {slot} turned",
    )


def submit_application(browser: Any, name: str) -> str:
    """From the capture page on to the check page; submit; the case number from the confirmation."""
    press(browser, by_id(browser, "capture-continue"), "#submit-application")
    seen(browser, f"{name}-check")
    press(browser, by_id(browser, "submit-application"), "#confirmation")
    seen(browser, f"{name}-submitted")
    return str(by_id(browser, "case-number").text.strip())


def accept_at_counter(browser: Any, base: str, case_id: str, name: str) -> None:
    """形式审查: every box of the checklist, 身份核验 by the ID card reader, then 受理."""
    browser.get(f"{base}/counter/{case_id}")
    wait_for(browser, "#counter-act")
    for box in css(browser, "#counter-act input[name=check]"):
        box.click()
    by_id(browser, "identity-0").click()
    seen(browser, f"{name}-review")
    press(browser, by_id(browser, "act-accept"), "#document-view, #document-pending")


def forward(browser: Any, base: str, case_id: str, method: str, waybill: str = "") -> None:
    browser.get(f"{base}/counter/{case_id}")
    wait_for(browser, "#forward-form")
    by_id(browser, f"forward-method-{method}").click()
    if method == "post":
        type_into(browser, "forward-carrier", "中国邮政EMS")
        type_into(browser, "forward-waybill", waybill)
    press(browser, by_id(browser, "act-send_materials"), "#document-view, #document-pending")


def approver_act(browser: Any, form_id: str, reason: str = "", **fields: str) -> None:
    """One of the approver's forms: its fields, the reason, 我已核对 where decisive; the page again."""
    form = by_id(browser, form_id)
    action = form.find_element("css selector", "input[name=action]").get_attribute("value")
    for element_id, value in fields.items():
        if form.find_elements("css selector", f"select#{element_id}"):
            assert choose(browser, element_id, value), (element_id, value)
        else:
            type_into(browser, element_id, value)
    if reason:
        type_into(browser, f"reason-{action}", reason)
    if css(browser, f"#confirm-{action}"):
        by_id(browser, f"confirm-{action}").click()
    button = form.find_element("css selector", "button[type=submit]")
    press(browser, button, "#page-notice, .error-summary")
    assert not css(browser, ".error-summary"), css(browser, ".error-summary")[0].text
