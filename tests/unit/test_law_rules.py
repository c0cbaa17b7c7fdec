"""《行政许可法》 as the system applies it: one test per rule, named after its article."""

from __future__ import annotations

from datetime import date

import pytest

from chalicelib.domain.errors import ForbiddenActionError, InvalidTransitionError
from chalicelib.domain.statuses import CaseStatus
from chalicelib.services import deadline_sweep, handling, intake, queries
from tests.support.builders import (
    APPLICANT,
    PL_APPROVER,
    PL_SC_APPROVER,
    PL_SC_HEAD,
    World,
    world,
)
from tests.support.cases import LICENSING_SLOTS, file_case


def licence(w: World) -> str:
    """An online 个体工商户设立登记 (a 行政许可: 1 promised, 3 legal working days, +3 extension)."""
    return file_case(w, APPLICANT, item="SC-004", slots=LICENSING_SLOTS)


def sent_notices(w: World) -> list[str]:
    return w.queue.queued_notices()


def sent_documents(w: World) -> list[str]:
    return [str(m.get("kind")) for q, m in w.queue.sent if q == "documents"]


def deadline(w: World, case_id: str) -> dict[str, object]:
    view: dict[str, object] = queries.get_case(w.queries, APPLICANT, case_id)["deadline"]
    return view


def test_第三十二条_past_five_working_days_the_case_counts_as_accepted_before_any_sweep() -> None:
    w = world()  # Thursday 2026-11-26
    case_id = licence(w)
    w.clock.advance(days=8)  # Friday 2026-12-04: the five working days ended on Thursday
    view = deadline(w, case_id)
    assert view["deemed_accepted"] is True and view["accepted_on"] == "2026-11-26"
    assert w.cases.get(case_id).status is CaseStatus.SUBMITTED  # no sweep has run


def test_第三十二条_a_supplement_request_after_the_five_days_is_refused() -> None:
    w = world()
    case_id = licence(w)
    w.clock.advance(days=8)
    with pytest.raises(InvalidTransitionError, match="第三十二条"):
        handling.perform(
            w.steps, PL_SC_APPROVER, case_id, action="request_supplement", reason="缺经营场所证明"
        )
    with pytest.raises(InvalidTransitionError, match="即为受理"):
        handling.perform(w.steps, PL_SC_APPROVER, case_id, action="refuse", reason="不符合")


def test_第三十二条_within_the_five_days_a_supplement_may_still_be_asked() -> None:
    w = world()
    case_id = licence(w)
    w.clock.advance(days=6)  # Wednesday: four working days have passed
    handling.perform(
        w.steps,
        PL_SC_APPROVER,
        case_id,
        action="request_supplement",
        reason="经营场所证明不清晰",
        details={"materials": ["premises_commitment"]},
    )
    assert w.cases.get(case_id).status is CaseStatus.SUPPLEMENT_REQUESTED


def test_第三十二条_一次性告知_a_second_round_asks_only_for_what_the_first_named() -> None:
    w = world()
    case_id = licence(w)
    handling.perform(
        w.steps,
        PL_SC_APPROVER,
        case_id,
        action="request_supplement",
        reason="两项材料需补正",
        details={"materials": "premises_commitment、id_card"},
    )
    intake.submit_case(w.intake, APPLICANT, case_id)  # the applicant supplements
    with pytest.raises(InvalidTransitionError, match="一次性告知"):
        handling.perform(
            w.steps,
            PL_SC_APPROVER,
            case_id,
            action="request_supplement",
            reason="还缺营业场所照片",
            details={"materials": ["shop_photo"]},
        )
    handling.perform(
        w.steps,
        PL_SC_APPROVER,
        case_id,
        action="request_supplement",
        reason="身份证复印件仍不清晰",
        details={"materials": ["id_card"]},
    )
    assert w.cases.get(case_id).supplement_requests == (
        ("premises_commitment", "id_card"),
        ("id_card",),
    )


def test_第四十二条_only_the_head_of_department_may_extend() -> None:
    w = world()
    case_id = licence(w)
    handling.perform(w.steps, PL_SC_APPROVER, case_id, action="accept")
    with pytest.raises(ForbiddenActionError, match="部门负责人"):
        handling.perform(w.steps, PL_SC_APPROVER, case_id, action="extend", reason="需核实")


def test_第四十二条_an_extension_moves_the_legal_deadline_only_and_is_told_in_writing() -> None:
    w = world()
    case_id = licence(w)
    handling.perform(w.steps, PL_SC_APPROVER, case_id, action="accept")
    before = deadline(w, case_id)
    handling.perform(w.steps, PL_SC_HEAD, case_id, action="extend", reason="需现场核查经营场所")
    after = deadline(w, case_id)
    calendar = w.deps.calendar
    legal_before = date.fromisoformat(str(before["legal_due"]))
    assert (
        calendar.working_days_between(legal_before, date.fromisoformat(str(after["legal_due"])))
        == 3
    )
    assert after["promised_due"] == before["promised_due"]
    assert "extended" in sent_notices(w) and "extension_notice" in sent_documents(w)
    with pytest.raises(InvalidTransitionError, match="只能延长一次"):
        handling.perform(w.steps, PL_SC_HEAD, case_id, action="extend", reason="再延一次")


def test_第四十二条_no_extension_once_the_legal_deadline_has_passed() -> None:
    w = world()
    case_id = licence(w)
    handling.perform(w.steps, PL_SC_APPROVER, case_id, action="accept")  # Thu 26 Nov: due Tue 1 Dec
    w.clock.advance(days=6)  # Wednesday 2 December
    with pytest.raises(InvalidTransitionError, match="已过"):
        handling.perform(w.steps, PL_SC_HEAD, case_id, action="extend", reason="来不及")


def test_第四十二条_a_public_service_item_has_no_licensing_extension() -> None:
    w = world()
    case_id = file_case(w, APPLICANT, item="RS-004", slots=("id_card", "bank_card"))
    handling.perform(w.steps, PL_APPROVER, case_id, action="accept")
    head = PL_SC_HEAD.__class__(**{**PL_SC_HEAD.__dict__, "department": "RS"})
    with pytest.raises(InvalidTransitionError, match="不是行政许可"):
        handling.perform(w.steps, head, case_id, action="extend", reason="需核实")


def test_第四十四条_an_approved_but_undelivered_case_stays_on_the_clock_and_is_swept() -> None:
    w = world()
    case_id = licence(w)
    for action in ("accept", "approve", "complete"):
        handling.perform(w.steps, PL_SC_APPROVER, case_id, action=action, reason="符合条件")
    view = deadline(w, case_id)
    assert view["next_deadline_kind"] == "delivery"
    assert view["delivery_due"] == "2026-12-10"  # ten working days after the decision
    row = next(r for r in queries.inbox(w.queries, PL_SC_APPROVER)[0] if r["case_id"] == case_id)
    assert row["due_date"] == "2026-12-10"
    w.clock.advance(days=15)  # Friday 11 December
    report = deadline_sweep.sweep_deadlines(w.sweep)
    assert w.cases.get(case_id).case_number in report.overdue


def test_第四十五条_a_special_procedure_names_what_and_how_long_and_is_told_in_writing() -> None:
    w = world()
    case_id = licence(w)
    handling.perform(w.steps, PL_SC_APPROVER, case_id, action="accept")
    with pytest.raises(Exception, match="请选择特别程序"):
        handling.perform(w.steps, PL_SC_APPROVER, case_id, action="suspend", reason="需检测")
    handling.perform(
        w.steps,
        PL_SC_APPROVER,
        case_id,
        action="suspend",
        reason="经营场所需消防检测",
        details={"procedure": "testing", "expected_days": "15"},
    )
    assert "special_procedure" in sent_notices(w)
    assert "special_procedure_notice" in sent_documents(w)
    assert w.cases.get(case_id).clock.suspensions[-1].procedure == "testing"
