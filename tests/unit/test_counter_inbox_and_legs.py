"""The counter's inbox (results returned, cases waiting too long at the home side) and the leg forms'
details as the domain reads them, on in-memory fakes."""

from __future__ import annotations

from dataclasses import replace

import pytest

from chalicelib.domain.cases import open_case
from chalicelib.domain.errors import ForbiddenActionError
from chalicelib.domain.roles import SYSTEM
from chalicelib.domain.statuses import CaseStatus
from chalicelib.domain.transfers import Transfer
from chalicelib.entrypoints.pages_counter import check_id
from chalicelib.entrypoints.pages_counter_legs import leg_details, shown_legs
from chalicelib.services.counter_inbox import WAITING_TOO_LONG_WORKING_DAYS, counter_inbox
from chalicelib.services.document_context import document_context
from tests.support.builders import HM_WINDOW, PL_APPROVER, PL_WINDOW, World, world
from tests.unit.test_case_state_machine import NOW, make_case

SENT = NOW.isoformat()  # Thursday 2026-11-26


def _file(w: World, case_id: str, status: CaseStatus, *legs: Transfer) -> None:
    case = replace(
        make_case(status), case_id=case_id, transfers=legs, receiving_center=PL_WINDOW.center
    )
    w.cases.add(case, open_case(case, SYSTEM).event)


def _posted(leg: str, received: bool) -> Transfer:
    return Transfer(
        leg=leg,
        method="post",
        sent_at=SENT,
        sent_by="窗口",
        waybill="SF1234567890",
        received_at=SENT if received else "",
    )


def test_a_returned_result_is_listed_to_sign_for_then_to_hand_over() -> None:
    w = world()
    _file(w, "posted", CaseStatus.COMPLETED, _posted("materials", True), _posted("result", False))
    _file(w, "pushed", CaseStatus.COMPLETED, _posted("materials", True), _posted("result", True))
    returned = {c["case_id"]: c["next"] for c in counter_inbox(w.queries, PL_WINDOW)["returned"]}
    assert returned == {"posted": "confirm_result", "pushed": "deliver"}


def test_a_case_forwarded_more_than_the_limit_without_a_decision_is_waiting_too_long() -> None:
    w = world()
    _file(w, "slow", CaseStatus.ACCEPTED, _posted("materials", True))
    w.clock.advance(days=7)  # five working days after a Thursday: the next Thursday
    assert counter_inbox(w.queries, PL_WINDOW)["waiting"] == []
    w.clock.advance(days=1)
    waiting = counter_inbox(w.queries, PL_WINDOW)["waiting"]
    assert [(c["case_id"], c["days_waiting"]) for c in waiting] == [
        ("slow", WAITING_TOO_LONG_WORKING_DAYS + 1)
    ]


def test_the_inbox_is_the_receiving_counters_alone() -> None:
    w = world()
    _file(w, "posted", CaseStatus.COMPLETED, _posted("result", False))
    assert counter_inbox(w.queries, HM_WINDOW) == {"returned": [], "waiting": [], "resupply": []}
    with pytest.raises(ForbiddenActionError):
        counter_inbox(w.queries, PL_APPROVER)


def test_forwarding_by_post_names_the_method_the_domain_reads_with_carrier_and_waybill() -> None:
    post = {"method": ["post"], "carrier": ["顺丰"], "waybill": ["SF6402210001"]}
    assert leg_details("send_materials", post, check_id) == (
        {"method": "post", "carrier": "顺丰", "waybill": "SF6402210001"},
        "",
    )
    assert leg_details("send_materials", {"method": ["system"]}, check_id) == (
        {"method": "system"},
        "",
    )
    assert leg_details("deliver", post, check_id)[0] == {
        "method": "post",
        "carrier": "顺丰",
        "waybill": "SF6402210001",
    }
    assert leg_details("send_materials", {"method": ["post"]}, check_id)[1] == (
        "邮寄须填写快递公司和运单号"
    )


def test_window_hand_over_needs_the_receivers_name_and_a_valid_id_number() -> None:
    pickup = {"method": ["window"], "receiver_name": ["马国强"]}
    good = {**pickup, "receiver_id": ["140823198503121230"]}
    assert leg_details("deliver", good, check_id)[0]["receiver_id"] == "140823198503121230"
    bad = {**pickup, "receiver_id": ["140823198503121239"]}
    assert leg_details("deliver", bad, check_id)[1] == "领取人身份证号码校验位不正确，请核对"
    nameless = {"method": ["window"], "receiver_id": ["140823198503121230"]}
    assert leg_details("deliver", nameless, check_id)[1] == "窗口领取须登记领取人姓名"


def test_hand_over_is_offered_only_once_the_result_has_arrived() -> None:
    names = ["confirm_result", "deliver"]
    assert shown_legs(names, []) == []
    assert shown_legs(names, [{"leg": "result", "received_at": ""}]) == ["confirm_result"]
    assert shown_legs(names, [{"leg": "result", "received_at": SENT}]) == ["deliver"]


def test_the_delivery_receipt_names_who_collected_the_result_for_the_applicant() -> None:
    w = world()
    case = replace(make_case(CaseStatus.DELIVERED), receiving_center=PL_WINDOW.center)
    opened = open_case(case, SYSTEM).event
    proof = {"method": "window", "receiver": "马国强", "receiver_id": "140823198503121230"}
    by_other = replace(opened, action="deliver", details=proof)
    context = document_context(w.documents, case, by_other, [by_other], "delivery_receipt", "送1")
    assert context["agent_name"] == "马国强（居民身份证 140823198503121230）"
    assert context["delivery_method"] == "窗口领取"
    by_self = replace(by_other, details={**proof, "receiver": case.applicant_name})
    own = document_context(w.documents, case, by_self, [by_self], "delivery_receipt", "送2")
    assert own["agent_name"] == ""
