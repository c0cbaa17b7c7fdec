"""/supervision through the chalice test client on moto: counts and charts for the supervisor's own
jurisdiction only, 403 for a window clerk, and the CSV export with formula cells neutralised."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from chalice.test import Client

from tests.integration.test_my_cases_pages import Browser, by_id, scenario, text, world
from tests.support.aws import MotoWorld
from tests.support.slice import sample_answers

__all__ = ["world"]
HOSTILE_NAME = '=HYPERLINK("http://evil.example","点我")'


def pingluo_case(s: object, client: Client, applicant_name: str = "") -> str:
    from tests.support.scenarios import Scenario

    assert isinstance(s, Scenario)
    form = s.api("GET", "/api/items/RS-002/form?jurisdiction=640221")[1]
    answers = sample_answers(form["id"])
    if applicant_name:
        answers["applicant_name"] = applicant_name
    case = s.ok(
        "POST",
        "/api/cases",
        "applicant1",
        {"item_code": "RS-002", "mode": "online", "home_code": "640221", "answers": answers},
    )
    return str(case["case_number"])


def test_the_supervisor_sees_counts_charts_and_the_csv_of_their_jurisdiction_only(
    world: tuple[MotoWorld, Client], tmp_path: Path
) -> None:
    w, client = world
    s = scenario(w, client)
    number = pingluo_case(s, client, HOSTILE_NAME)
    pl = Browser(client, s.token("pl_supervisor"))

    answer = pl.get("/supervision")
    assert answer.status_code == 200
    body = text(answer)
    assert by_id(body, "case-total").strip() == "1"
    assert body.count('role="img"') == 4 and "<svg" in body
    assert number in by_id(body, "case-list")
    assert by_id(body, "by-partner").split()[-2:] == [
        "本地区",
        "1",
    ]  # online, home and receiving 平罗
    assert 'href="/supervision">监督</a>' in body

    wx_body = text(Browser(client, s.token("wx_supervisor")).get("/supervision"))
    assert number not in wx_body and by_id(wx_body, "case-total").strip() == "0"

    clerk = Browser(client, s.token("pl_window")).get("/supervision")
    assert clerk.status_code == 403
    assert Browser(client, s.token("pl_window")).get("/supervision/cases.csv").status_code == 403

    signed_out = Browser(client).get("/supervision")
    assert signed_out.status_code in (302, 303)
    assert "/login?next=/supervision" in signed_out.headers["Location"]

    download = pl.get("/supervision/cases.csv")
    assert download.status_code == 200
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(download.body.decode("utf-8-sig"))))
    assert rows[1][0] == number
    assert rows[1][4] == "'" + HOSTILE_NAME


def test_a_case_taken_at_a_township_counter_for_a_partner_is_in_both_supervisors_lists(
    world: tuple[MotoWorld, Client],
) -> None:
    w, client = world
    s = scenario(w, client)
    form = s.api("GET", "/api/items/RS-002/form?jurisdiction=371621")[1]
    answers = {**sample_answers(form["id"]), "hm_community": "孙武街道某社区"}
    body = {"item_code": "RS-002", "mode": "proxy", "home_code": "371621", "answers": answers}
    number = s.ok("POST", "/api/cases", "pl_window_cg", body)["case_number"]

    for supervisor in ("pl_supervisor", "hm_supervisor"):  # the receiving county and the home one
        page = text(Browser(client, s.token(supervisor)).get("/supervision"))
        assert number in by_id(page, "case-list"), supervisor
    other = text(Browser(client, s.token("wx_supervisor")).get("/supervision"))
    assert number not in other
