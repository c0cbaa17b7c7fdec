"""Removing an attached material before submission (or while answering a 补正): the owner may, in
DRAFT and SUPPLEMENT_REQUESTED only; the removal is in the audit trail and the slot can be filled again."""

from __future__ import annotations

import pytest

from chalicelib.domain.errors import DomainError, ForbiddenActionError, NotFoundError
from chalicelib.domain.modes import HandlingMode
from chalicelib.domain.reactions import emissions
from chalicelib.domain.statuses import Action
from chalicelib.services import handling, intake, material_intake
from tests.support.builders import APPLICANT, OTHER_APPLICANT, PL_APPROVER, SUPERVISOR, world
from tests.support.cases import attach, file_case

SCAN = b"\xff\xd8\xff" + b"scan" * 10


def test_the_owner_removes_a_draft_material_and_the_audit_trail_names_the_removed_bytes() -> None:
    w = world()
    case_id = file_case(w, APPLICANT, slots=(), submit=False)
    key = attach(w, APPLICANT, case_id, "id_card", SCAN)
    attached = w.cases.get(case_id).materials[0]
    case = material_intake.detach_material(w.intake, APPLICANT, case_id, key=key)
    assert case.materials == ()
    event = w.cases.events(case_id)[-1]
    assert event.action == Action.DETACH_MATERIAL.value
    assert event.details["sha256"] == attached.sha256 and event.details["filename"] == "scan.jpg"


def test_removing_again_changes_nothing_and_the_slot_takes_a_new_upload() -> None:
    w = world()
    case_id = file_case(w, APPLICANT, slots=(), submit=False)
    key = attach(w, APPLICANT, case_id, "id_card", SCAN)
    removed = material_intake.detach_material(w.intake, APPLICANT, case_id, key=key)
    assert (
        material_intake.detach_material(w.intake, APPLICANT, case_id, key=key).version
        == removed.version
    )
    again = attach(w, APPLICANT, case_id, "id_card", SCAN)
    assert again != key and [m.key for m in w.cases.get(case_id).materials] == [again]
    assert intake.submit_case(w.intake, APPLICANT, case_id).status.value == "submitted"


def test_a_submitted_cases_materials_cannot_be_removed() -> None:
    w = world()
    case_id = file_case(w, APPLICANT)
    key = w.cases.get(case_id).materials[0].key
    with pytest.raises(DomainError) as refused:
        material_intake.detach_material(w.intake, APPLICANT, case_id, key=key)
    assert refused.value.kind == "conflict" and "不能删除材料" in refused.value.message
    assert len(w.cases.get(case_id).materials) == 1


def test_while_answering_a_supplement_a_material_can_be_replaced() -> None:
    w = world()
    case_id = file_case(w, APPLICANT)
    handling.perform(
        w.steps, PL_APPROVER, case_id, action="request_supplement", reason="身份证不清晰"
    )
    old = w.cases.get(case_id).materials[0].key
    material_intake.detach_material(w.intake, APPLICANT, case_id, key=old)
    new = attach(w, APPLICANT, case_id, "id_card", SCAN)
    assert [m.key for m in w.cases.get(case_id).materials] == [new]
    assert intake.submit_case(w.intake, APPLICANT, case_id).status.value == "submitted"


def test_another_person_never_learns_the_case_exists_and_a_supervisor_only_looks() -> None:
    w = world()
    case_id = file_case(w, APPLICANT, slots=(), submit=False)
    key = attach(w, APPLICANT, case_id, "id_card", SCAN)
    with pytest.raises(NotFoundError):
        material_intake.detach_material(w.intake, OTHER_APPLICANT, case_id, key=key)
    with pytest.raises((NotFoundError, ForbiddenActionError)):
        material_intake.detach_material(w.intake, SUPERVISOR, case_id, key=key)
    assert len(w.cases.get(case_id).materials) == 1


def test_a_removal_sends_nothing() -> None:
    nothing = emissions(HandlingMode.ONLINE, Action.DETACH_MATERIAL, {})
    assert (nothing.notice, nothing.document, nothing.route) == ("", "", False)
