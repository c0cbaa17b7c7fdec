"""/supervision 好差评 lists and the XLSX exports through the chalice test client on moto: a 差评 on a
平罗 case shows with its open rectification, and both workbooks open with Chinese headers, a frozen
header row, dates as dates and formula cells neutralised; only that jurisdiction's supervisor gets them."""

from __future__ import annotations

import base64
import io
from datetime import datetime
from typing import Any

from chalice.test import Client
from openpyxl import load_workbook

from chalicelib.domain.clock_state import china_today
from tests.integration.test_my_cases_pages import Browser, by_id, scenario, text, world
from tests.support.aws import MotoWorld
from tests.support.scenarios import Scenario

__all__ = ["world"]
HOSTILE = '=HYPERLINK("http://evil.example","点我")'


def rated_badly(s: Scenario) -> None:
    s.create("applicant1", "RS-002", "online", "640221")
    s.attach_required("applicant1")
    s.submit("applicant1")
    s.wait_routed("pl_approver_rs")
    for action, reason in (("accept", ""), ("approve", "符合条件"), ("complete", "")):
        s.act("pl_approver_rs", action, reason)
    s.act("pl_approver_rs", "deliver", method="electronic")
    s.ok(
        "POST",
        f"/api/cases/{s.case_id}/evaluation",
        "applicant1",
        {"level": 2, "channel": "online", "indicators": {"办事效率": 2}, "comment": HOSTILE},
    )


def download(browser: Browser, path: str) -> Any:
    """As a browser follows a link: its Accept ends in */*, which lets the binary body through."""
    headers = {"Cookie": browser.cookie, "Accept": "text/html,*/*;q=0.8"}
    return browser.client.http.get(path, headers=headers)


def workbook(answer: Any) -> Any:
    assert answer.status_code == 200, answer.body[:500]
    assert answer.headers["Content-Type"].startswith("application/vnd.openxmlformats")
    assert answer.headers["Content-Disposition"].startswith("attachment")
    body = answer.body
    if not body.startswith(b"PK"):  # base64 as API Gateway would send a binary type
        body = base64.b64decode(body)
    return load_workbook(io.BytesIO(body))


def test_a_bad_rating_is_listed_and_both_workbooks_export_it_safely(
    world: tuple[MotoWorld, Client],
) -> None:
    w, client = world
    s = scenario(w, client)
    rated_badly(s)
    pl = Browser(client, s.token("pl_supervisor"))

    body = text(pl.get("/supervision"))
    assert s.case_number in by_id(body, "bad-ratings") and "点我" in by_id(body, "bad-ratings")
    assert s.case_number in by_id(body, "open-rect-list")
    assert by_id(body, "open-problems").strip() == "没有未解决的问题工单。"
    assert 'href="/supervision/cases.xlsx"' in body and 'href="/supervision/feedback.xlsx"' in body

    cases = workbook(download(pl, "/supervision/cases.xlsx"))
    sheet = cases["办件清单"]
    assert sheet.freeze_panes == "A2"
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["办件编号", "事项", "办理方式", "状态"] and "办理期限" in header
    assert sheet.max_row == 2 and sheet.cell(2, 1).value == s.case_number
    assert sheet.column_dimensions["A"].width >= len(s.case_number)

    report = workbook(download(pl, "/supervision/feedback.xlsx"))
    units, bad = report["好差评统计"], report["差评"]
    assert [c.value for c in units[1]][:4] == ["地区", "部门", "评价数", "非常不满意"]
    assert units.max_row == 2 and units.cell(2, 1).value == "640221"
    assert [c.value for c in bad[1]][:2] == ["评价时间", "办件编号"] and bad.max_row == 2
    comment = bad.cell(2, 8)
    assert comment.value == "'" + HOSTILE and comment.data_type == "s"
    rated_at = bad.cell(2, 1).value
    # The workbook's times are China's (UTC+8): after 16:00 UTC its date is already tomorrow's here.
    assert isinstance(rated_at, datetime) and rated_at.date() <= china_today()
    assert bad.freeze_panes == "A2"

    for user in ("pl_approver_rs", "pl_window", "applicant1"):
        for path in ("/supervision/cases.xlsx", "/supervision/feedback.xlsx"):
            assert download(Browser(client, s.token(user)), path).status_code == 403
    wx = workbook(download(Browser(client, s.token("wx_supervisor")), "/supervision/cases.xlsx"))
    assert wx["办件清单"].max_row == 1
