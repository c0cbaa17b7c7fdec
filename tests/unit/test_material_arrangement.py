"""Arranging material pages on a draft: the order and the rotation are kept on the case as one 整理材料
step each; nothing to change records nothing; others never reach the case; after submission it is closed."""

from __future__ import annotations

import pytest

from chalicelib.domain.errors import BadRequestError, DomainError, NotFoundError
from chalicelib.domain.statuses import Action
from chalicelib.services import intake
from chalicelib.services.material_arrangement import arrange_page
from tests.support.builders import APPLICANT, OTHER_APPLICANT, World, world
from tests.support.cases import attach, file_case

SCAN = b"\xff\xd8\xff" + b"page" * 10


def three_pages() -> tuple[World, str, list[str]]:
    w = world()
    case_id = file_case(w, APPLICANT, slots=(), submit=False)
    pages = [
        attach(w, APPLICANT, case_id, "termination_proof", SCAN, f"p{n}.jpg") for n in (1, 2, 3)
    ]
    return w, case_id, pages


def test_a_page_moved_up_and_turned_left_is_kept_on_the_case_and_audited() -> None:
    w, case_id, (p1, p2, p3) = three_pages()
    arrange_page(w.intake, APPLICANT, case_id, key=p3, how="up")
    case = arrange_page(w.intake, APPLICANT, case_id, key=p3, how="left")
    assert [m.key for m in case.materials] == [p1, p3, p2]
    assert [m.rotation for m in case.materials] == [0, 270, 0]
    event = w.cases.events(case_id)[-1]
    assert event.action == Action.ARRANGE_MATERIALS.value
    assert event.details["how"] == "left" and event.details["position"] == 2
    assert event.details["rotation"] == 270


def test_the_first_page_moved_up_records_no_step() -> None:
    w, case_id, (p1, _, _) = three_pages()
    before = w.cases.get(case_id).version
    case = arrange_page(w.intake, APPLICANT, case_id, key=p1, how="up")
    assert case.version == before


def test_an_unknown_button_and_another_persons_hands_are_refused() -> None:
    w, case_id, (p1, _, _) = three_pages()
    with pytest.raises(BadRequestError):
        arrange_page(w.intake, APPLICANT, case_id, key=p1, how="flip")
    with pytest.raises(NotFoundError):
        arrange_page(w.intake, OTHER_APPLICANT, case_id, key=p1, how="down")


def test_after_submission_the_pages_can_no_longer_be_arranged() -> None:
    w, case_id, (p1, _, _) = three_pages()
    attach(w, APPLICANT, case_id, "id_card", SCAN)
    intake.submit_case(w.intake, APPLICANT, case_id)
    with pytest.raises(DomainError) as refused:
        arrange_page(w.intake, APPLICANT, case_id, key=p1, how="down")
    assert "不能整理材料" in refused.value.message
