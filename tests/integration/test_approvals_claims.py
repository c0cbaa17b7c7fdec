"""认领 on the 审批工作台 through the chalice test client on moto: a claim holds a colleague's decision off,
the claimer releases it, the head takes it over; the queue shows who holds each case and filters mine."""

from __future__ import annotations

from chalice.test import Client

from tests.integration.test_approvals_pages import routed_case
from tests.integration.test_my_cases_pages import Browser, by_id, hidden, text, world
from tests.support.aws import MotoWorld

__all__ = ["world"]


def press(person: Browser, case_id: str, action: str, **extra: str) -> object:
    page = text(person.get(f"/approvals/{case_id}"))
    fields = {"action": action, "expected_version": hidden(page, "expected_version"), **extra}
    return person.post(f"/approvals/{case_id}/act", fields)


def test_a_claim_blocks_a_colleagues_decision_until_the_head_takes_it_over(
    world: tuple[MotoWorld, Client],
) -> None:
    w, client = world
    s = routed_case(w, client)
    approver = Browser(client, s.token("wx_approver"))
    head = Browser(client, s.token("wx_head_rs"))

    before = text(approver.get(f"/approvals/{s.case_id}"))
    assert 'id="claim-form"' in before and 'name="action" value="claim"' in before
    claimed = press(approver, s.case_id, "claim")
    assert claimed.status_code == 303  # type: ignore[attr-defined]
    assert s.view("wx_approver")["claim"]["name"] == "薛红梅"
    # Who in the department works the case is not the applicant's business.
    assert "claim" not in s.view("applicant1")

    queue = text(head.get("/approvals"))
    assert "已认领：薛红梅" in by_id(queue, f"row-{s.case_id}")
    held = text(head.get(f"/approvals/{s.case_id}"))
    assert "已认领：薛红梅" in by_id(held, "claim-status")
    assert 'id="action-accept"' not in held  # nothing to decide while a colleague holds it
    assert 'value="take_over"' in held and 'value="release"' not in held

    refused = press(head, s.case_id, "accept")
    assert refused.status_code == 403  # type: ignore[attr-defined]
    assert "已由薛红梅认领" in text(refused) and "请先接管" in text(refused)
    assert s.view("wx_approver")["status"] == "submitted"

    assert press(head, s.case_id, "take_over").status_code == 303  # type: ignore[attr-defined]
    assert s.view("wx_head_rs")["claim"]["name"] == "柴立新"
    assert press(head, s.case_id, "accept").status_code == 303  # type: ignore[attr-defined]
    assert s.view("wx_head_rs")["status"] == "accepted"
    audit = text(head.get(f"/approvals/{s.case_id}"))
    trail = by_id(audit, "audit-trail")
    assert "认领办件" in trail and "负责人接管" in trail and "柴立新" in trail


def test_the_claimer_releases_and_the_colleague_then_decides(
    world: tuple[MotoWorld, Client],
) -> None:
    w, client = world
    s = routed_case(w, client)
    approver = Browser(client, s.token("wx_approver"))
    colleague = Browser(client, s.token("wx_head_rs"))
    press(approver, s.case_id, "claim")

    mine = text(approver.get("/approvals?mine=1"))
    assert f"row-{s.case_id}" in mine
    assert f"row-{s.case_id}" not in text(colleague.get("/approvals?mine=1"))
    not_theirs = press(colleague, s.case_id, "release")
    assert not_theirs.status_code == 409  # type: ignore[attr-defined]
    assert "只有认领人本人可以释放认领" in text(not_theirs)

    assert press(approver, s.case_id, "release").status_code == 303  # type: ignore[attr-defined]
    page = text(colleague.get(f"/approvals/{s.case_id}"))
    assert "未认领" in by_id(page, "claim-status")
    assert press(colleague, s.case_id, "accept").status_code == 303  # type: ignore[attr-defined]
    assert s.view("wx_approver")["status"] == "accepted"
