"""The draft use cases on fakes: create an empty draft, save steps, submit only a whole form."""

from __future__ import annotations

from dataclasses import replace

import pytest

from chalicelib.domain.errors import (
    BadRequestError,
    ConcurrencyError,
    InvalidTransitionError,
    NotFoundError,
    ValidationFailedError,
)
from chalicelib.domain.statuses import CaseStatus
from chalicelib.services import draft_answers, intake
from tests.support.builders import APPLICANT, OTHER_APPLICANT, World, world
from tests.unit.test_intake_and_handling import answers, attach_id_card

STEPS = {
    "applicant": ("applicant_name", "applicant_id_number", "applicant_phone"),
    "residence": ("household_address", "residence_address"),
    "unemployment": (
        "unemployment_reason",
        "former_employer",
        "former_employer_uscc",
        "unemployment_date",
    ),
    "wishes": ("job_intention", "training_wish", "claim_benefit"),
}


def paths(details: object) -> set[str]:
    assert isinstance(details, list)
    return {d["path"] for d in details}


def empty_draft(w: World, key: str = "") -> str:
    case = intake.create_case(
        w.intake,
        APPLICANT,
        item_code="RS-002",
        mode="online",
        home_code="640221",
        answers={},
        idempotency_key=key,
        draft=True,
    )
    assert case.status is CaseStatus.DRAFT and case.answers == {}
    return case.case_id


def save(w: World, case_id: str, step: str) -> None:
    given = {k: answers()[k] for k in STEPS[step]}
    draft_answers.save_answers(w.intake, APPLICANT, case_id, given, step_id=step)


def test_an_empty_draft_is_made_once_per_idempotency_key() -> None:
    w = world()
    assert empty_draft(w, "k1") == empty_draft(w, "k1")


def test_a_saved_step_stores_cleaned_answers_and_the_applicant_and_one_audit_event() -> None:
    w = world()
    case_id = empty_draft(w)
    save(w, case_id, "applicant")
    case = w.cases.get(case_id)
    assert case.applicant_name == "马国强" and case.applicant_id_number.endswith("X")
    assert [e.action for e in w.cases.events(case_id)][-1] == "save_answers"
    assert w.cases.events(case_id)[-1].details == {"step": "applicant", "fields": 3}


def test_a_wrong_answer_stores_nothing() -> None:
    w = world()
    case_id = empty_draft(w)
    with pytest.raises(ValidationFailedError) as raised:
        draft_answers.save_answers(
            w.intake, APPLICANT, case_id, {"applicant_phone": "1"}, step_id="applicant"
        )
    assert paths(raised.value.details) == {
        "applicant_name",
        "applicant_id_number",
        "applicant_phone",
    }
    assert w.cases.get(case_id).version == 1


def test_unknown_steps_stale_versions_and_strangers_are_refused() -> None:
    w = world()
    case_id = empty_draft(w)
    with pytest.raises(BadRequestError):
        draft_answers.save_answers(w.intake, APPLICANT, case_id, {}, step_id="nope")
    with pytest.raises(ConcurrencyError):
        draft_answers.save_answers(w.intake, APPLICANT, case_id, {}, expected_version=0)
    with pytest.raises(NotFoundError):
        draft_answers.save_answers(w.intake, OTHER_APPLICANT, case_id, {"job_intention": "x"})


def test_submission_checks_the_whole_form_then_the_materials() -> None:
    w = world()
    case_id = empty_draft(w)
    for step in ("applicant", "residence"):
        save(w, case_id, step)
    with pytest.raises(ValidationFailedError) as raised:
        intake.submit_case(w.intake, APPLICANT, case_id)
    assert "unemployment_reason" in paths(raised.value.details)
    for step in ("unemployment", "wishes"):
        save(w, case_id, step)
    with pytest.raises(ValidationFailedError, match="材料不齐全"):
        intake.submit_case(w.intake, APPLICANT, case_id)
    attach_id_card(w, case_id)
    case = intake.submit_case(w.intake, APPLICANT, case_id)
    assert case.status is CaseStatus.SUBMITTED and case.answers["applicant_gender"] == "男"
    with pytest.raises(InvalidTransitionError):
        draft_answers.save_answers(w.intake, APPLICANT, case_id, {"job_intention": "x"})


def test_a_newer_form_version_is_reported_and_the_draft_keeps_its_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    w = world()
    case_id = empty_draft(w)
    forms = w.intake.steps.content.forms
    assert draft_answers.open_draft(w.intake, APPLICANT, case_id).newest_version == 1
    published = forms.for_item("RS-002")
    assert published is not None
    monkeypatch.setattr(forms, "for_item", lambda code: replace(published, version=2))
    draft = draft_answers.open_draft(w.intake, APPLICANT, case_id)
    assert (draft.form.version, draft.case.form_version, draft.newest_version) == (1, 1, 2)


def test_online_homes_are_the_county_and_partners_covering_the_item() -> None:
    w = world()
    homes = draft_answers.online_homes(w.intake.steps.content, "RS-002")
    assert homes[0].is_home_county and len(homes) > 1
