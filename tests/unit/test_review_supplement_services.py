"""已受理待补办 through the services on in-memory fakes: the asked page must be captured again before the
补办 is submitted, and the receiving counter's inbox lists the case in its own section."""

from __future__ import annotations

from dataclasses import replace

import pytest

from chalicelib.domain.cases import open_case
from chalicelib.domain.errors import ValidationFailedError
from chalicelib.domain.roles import SYSTEM
from chalicelib.domain.statuses import Action, CaseStatus
from chalicelib.services import handling, intake, material_intake
from chalicelib.services.counter_inbox import counter_inbox
from tests.support.builders import APPLICANT, HM_WINDOW, PL_APPROVER, PL_WINDOW, World, world
from tests.support.cases import attach, file_case
from tests.unit.test_case_state_machine import make_case

SCAN = b"\xff\xd8\xff" + b"again" * 10


def _under_review_and_asked(w: World, case_id: str) -> None:
    for action in ("accept", "start_review"):
        handling.perform(w.steps, PL_APPROVER, case_id, action=action)
    handling.perform(
        w.steps,
        PL_APPROVER,
        case_id,
        action="request_review_supplement",
        reason="身份证照片模糊",
        details={"materials": ["id_card"]},
    )


def test_a_supplement_for_review_needs_the_asked_page_captured_after_the_request() -> None:
    w = world()
    case_id = file_case(w, APPLICANT)
    _under_review_and_asked(w, case_id)
    assert w.cases.get(case_id).status is CaseStatus.AWAITING_REVIEW_SUPPLEMENT
    with pytest.raises(ValidationFailedError, match="居民身份证"):
        intake.submit_case(w.intake, APPLICANT, case_id)
    old = w.cases.get(case_id).materials[0].key
    material_intake.detach_material(w.intake, APPLICANT, case_id, key=old)
    attach(w, APPLICANT, case_id, "id_card", SCAN)
    routing = w.cases.get(case_id).routing_state
    case = intake.submit_case(w.intake, APPLICANT, case_id)
    assert case.status is CaseStatus.UNDER_REVIEW
    assert w.cases.events(case_id)[-1].action == Action.SUPPLY_FOR_REVIEW.value
    assert case.routing_state == routing  # the reviewing department has the case: no new routing


def test_the_counter_inbox_lists_cases_awaiting_a_supplement_at_its_centre_only() -> None:
    w = world()
    case = replace(
        make_case(CaseStatus.AWAITING_REVIEW_SUPPLEMENT),
        case_id="asked",
        receiving_center=PL_WINDOW.center,
        supplement_requests=(("id_card",),),
    )
    w.cases.add(case, open_case(case, SYSTEM).event)
    inbox = counter_inbox(w.queries, PL_WINDOW)
    assert [c["case_id"] for c in inbox["resupply"]] == ["asked"]
    assert inbox["waiting"] == [] and inbox["returned"] == []
    assert counter_inbox(w.queries, HM_WINDOW)["resupply"] == []
