"""跨省通办窗口 after 受理, through the chalice test client on moto: the receipt's print view, forwarding by
post with a waybill, the result returned from 惠民 in the inbox, signing for it, hand-over with the
receiver's checked ID and the 送达回证 print view; another centre's clerk sees nothing."""

from __future__ import annotations

import re
from typing import Any

from chalice.test import Client

from chalicelib import bootstrap
from tests.integration.test_apply_pages import Browser
from tests.integration.test_counter_pages import world
from tests.integration.test_my_cases_pages import scenario
from tests.support.aws import MotoWorld
from tests.support.scenarios import Scenario
from tests.support.slice import sample_answers

__all__ = ["world"]
RECEIVER_ID = "140823198503121230"


def _documents(s: Scenario, kind: str) -> bool:
    return any(d["kind"] == kind for d in s.view("pl_window")["documents"])


def _printed_when_rendered(clerk: Browser, s: Scenario, case_id: str, kind: str) -> None:
    """The print view says the paper is being made (and refreshes) until the queue renders it."""
    pending = clerk.get(f"/counter/{case_id}/print/{kind}")
    assert pending.status_code == 200, clerk.last[:500]
    assert 'id="document-pending"' in clerk.last and "正在生成" in clerk.last
    assert pending.headers["Refresh"] == "3"
    s.wait(lambda: _documents(s, kind))
    shown = clerk.get(f"/counter/{case_id}/print/{kind}")
    assert shown.status_code == 200 and "Refresh" not in shown.headers
    assert 'id="document-view"' in clerk.last and 'id="print-button"' in clerk.last
    assert "/static/print.js" in clerk.last and 'id="copy-archive"' in clerk.last
    frame = re.search(r'<iframe id="document-view"[^>]* src="([^"]+)"', clerk.last)
    assert frame
    origin = "/".join(frame.group(1).replace("&amp;", "&").split("/")[:3])
    assert f"frame-src 'self' {origin}" in shown.headers["Content-Security-Policy"]
    assert "object-src 'none'" in shown.headers["Content-Security-Policy"]


def _create_for_huimin(s: Scenario) -> None:
    """A 惠民 native's 失业登记 taken at 平罗; 惠民's form asks for the community too."""
    form = s.api("GET", "/api/items/RS-002/form?jurisdiction=371621")[1]
    answers = {**sample_answers(form["id"]), "hm_community": "孙武街道某社区"}
    body = {"item_code": "RS-002", "mode": "proxy", "home_code": "371621", "answers": answers}
    case = s.ok("POST", "/api/cases", "pl_window", body)
    s.case_id, s.case_number, s.version = case["case_id"], case["case_number"], case["version"]
    s.form = form


def _act(clerk: Browser, case_id: str, pairs: list[tuple[str, str]]) -> Any:
    clerk.get(f"/counter/{case_id}")
    return clerk.post(f"/counter/{case_id}/act", pairs)


def test_the_counter_prints_forwards_by_post_signs_for_the_result_and_hands_over_with_proof(
    world: tuple[MotoWorld, Client],
) -> None:
    w, client = world
    s = scenario(w, client)
    _create_for_huimin(s)
    s.attach_required("pl_window")
    s.submit("pl_window")
    case_id = s.case_id
    clerk = Browser(client)
    clerk.sign_in("pl_window")

    accepted = _act(clerk, case_id, [("action", "accept"), ("identity", "reader")])
    assert accepted.status_code == 303, accepted.body[:500]
    assert accepted.headers["Location"].endswith(f"/counter/{case_id}/print/receipt")
    _printed_when_rendered(clerk, s, case_id, "receipt")
    assert "申请人联" in clerk.last and "存档联" in clerk.last

    clerk.get(f"/counter/{case_id}")
    assert 'id="forward-form"' in clerk.last and 'id="print-receipt"' in clerk.last
    unposted = clerk.post(
        f"/counter/{case_id}/act", [("action", "send_materials"), ("method", "post")]
    )
    assert unposted.status_code == 400 and "运单号" in clerk.last
    forwarded = _act(
        clerk,
        case_id,
        [
            ("action", "send_materials"),
            ("method", "post"),
            ("carrier", "顺丰"),
            ("waybill", "SF6402210001"),
        ],
    )
    assert forwarded.status_code == 303, clerk.last[:800]
    assert forwarded.headers["Location"].endswith("/print/transfer_slip")
    leg = s.view("pl_window")["transfers"][0]
    assert (leg["method"], leg["carrier"], leg["waybill"]) == ("post", "顺丰", "SF6402210001")
    assert not leg["received_at"]  # a post waits for the home side's signature, a push would not
    _printed_when_rendered(clerk, s, case_id, "transfer_slip")
    assert "随件联" in clerk.last

    s.wait_routed("hm_approver")
    s.act("hm_approver", "confirm_materials")
    s.act("hm_approver", "approve", "符合失业登记条件")
    s.act("hm_approver", "complete")
    s.act("hm_approver", "send_result", method="post", carrier="EMS", waybill="EMS3716210001")

    clerk.get("/counter")
    assert 'id="returned-count">1<' in clerk.last and 'id="waiting-count">0<' in clerk.last
    returned = clerk.last.split('id="counter-returned"')[1].split("</ul>")[0]
    assert s.case_number in returned and "签收办理结果" in returned
    clerk.get(f"/counter/{case_id}")
    assert 'id="confirm-result-form"' in clerk.last and 'id="handover-form"' not in clerk.last
    signed = clerk.post(f"/counter/{case_id}/act", [("action", "confirm_result")])
    assert signed.status_code == 303 and signed.headers["Location"].endswith(f"/counter/{case_id}")

    clerk.get(f"/counter/{case_id}")
    assert 'id="handover-form"' in clerk.last and 'name="receiver_id"' in clerk.last
    handover = [("action", "deliver"), ("method", "window"), ("receiver_name", "马国强")]
    wrong = clerk.post(
        f"/counter/{case_id}/act", [*handover, ("receiver_id", RECEIVER_ID[:-1] + "9")]
    )
    assert wrong.status_code == 400 and "领取人身份证号码校验位不正确" in clerk.last
    assert s.view("pl_window")["status"] == "completed"
    done = _act(clerk, case_id, [*handover, ("receiver_id", RECEIVER_ID)])
    assert done.status_code == 303 and done.headers["Location"].endswith("/print/delivery_receipt")
    events = bootstrap.queries().files.read(case_id).events
    delivered = [e for e in events if e.action == "deliver"][0].details
    assert delivered == {"method": "window", "receiver": "马国强", "receiver_id": RECEIVER_ID}
    # The stored record keeps the proof; the case's timeline shows the receiver's ID masked.
    shown = [t for t in s.view("pl_window")["timeline"] if t["action"] == "deliver"][0]
    assert shown["details"]["receiver_id"] == RECEIVER_ID[:4] + "*" * 10 + RECEIVER_ID[-4:]
    _printed_when_rendered(clerk, s, case_id, "delivery_receipt")
    assert "送达回证" in clerk.last
    clerk.get("/counter")
    assert 'id="returned-count">0<' in clerk.last

    other = Browser(client)
    other.sign_in("hm_window")
    assert other.get(f"/counter/{case_id}/print/receipt").status_code == 404
    assert clerk.get(f"/counter/{case_id}/print/dossier_cover").status_code == 404


def test_in_joint_remote_handling_the_counter_completes_once_the_opinion_is_back(
    world: tuple[MotoWorld, Client],
) -> None:
    w, client = world
    s = scenario(w, client)
    s.create("pl_window", "RS-010", "joint_remote", "140823")
    s.attach_required("pl_window")
    s.submit("pl_window")
    clerk = Browser(client)
    clerk.sign_in("pl_window")
    assert _act(clerk, s.case_id, [("action", "accept"), ("identity", "reader")]).status_code == 303
    clerk.get(f"/counter/{s.case_id}")
    assert 'id="complete-form"' not in clerk.last  # nothing to complete before the opinion
    s.wait_routed("wx_approver")
    s.act("wx_approver", "approve", "审核通过，同意转移")
    s.act("wx_approver", "send_result", method="system")

    clerk.get(f"/counter/{s.case_id}")
    assert 'id="complete-form"' in clerk.last and 'id="act-complete"' in clerk.last
    done = clerk.post(f"/counter/{s.case_id}/act", [("action", "complete")])
    assert done.status_code == 303 and done.headers["Location"].endswith(f"/counter/{s.case_id}")
    assert s.view("pl_window")["status"] == "completed"
