"""Drafts checked one step at a time: only that step's errors, conditions across steps, money round-trips."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from chalicelib.content.form_files import FormLibrary
from chalicelib.domain.forms import FormDefinition, validate_answers
from chalicelib.domain.forms.divisions import DivisionTree
from chalicelib.domain.forms.drafts import as_input, check_draft, first_incomplete_step
from chalicelib.domain.forms.validation import visible_fields
from chalicelib.domain.jurisdictions import Jurisdiction

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = ROOT / "tests" / "content" / "samples"


def form(form_id: str) -> FormDefinition:
    return FormLibrary.load(ROOT).get(form_id)


def sample(form_id: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SAMPLES / f"{form_id}.json").read_text("utf-8"))["valid"]
    return data


UNEMPLOYMENT = "unemployment-registration"
STEP1 = {
    k: sample(UNEMPLOYMENT)[k] for k in ("applicant_name", "applicant_id_number", "applicant_phone")
}


def test_a_step_is_checked_alone_and_other_steps_required_fields_wait() -> None:
    check = check_draft(form(UNEMPLOYMENT), {}, STEP1, "applicant")
    assert check.ok
    assert check.cleaned["applicant_id_number"] == "64022119900101001X"
    assert check.cleaned["applicant_birth_date"] == "1990-01-01"


def test_a_steps_required_field_left_out_is_an_error_of_that_step() -> None:
    check = check_draft(form(UNEMPLOYMENT), {}, {"applicant_name": "马"}, "applicant")
    assert {e.path for e in check.errors} == {"applicant_id_number", "applicant_phone"}
    assert all(e.code == "required" for e in check.errors)


def test_without_a_step_only_the_fields_sent_are_checked() -> None:
    check = check_draft(form(UNEMPLOYMENT), {}, {"applicant_phone": "12"})
    assert [(e.path, e.code) for e in check.errors] == [("applicant_phone", "invalid_mobile")]
    assert check_draft(form(UNEMPLOYMENT), {}, {"job_intention": "厨师"}).ok


def test_keys_outside_the_step_or_form_are_refused() -> None:
    f = form(UNEMPLOYMENT)
    assert check_draft(f, {}, {"job_intention": "x"}, "applicant").errors[0].code == "unknown_field"
    assert check_draft(f, {}, {"applicant_birth_date": "2000-01-01"}).errors[0].code == (
        "unknown_field"
    )  # computed values are the system's, never typed
    assert check_draft(f, {}, ["not", "an", "object"]).errors[0].code == "not_object"


def test_replacing_a_step_keeps_the_other_steps_and_drops_a_field_its_condition_now_hides() -> None:
    f = form(UNEMPLOYMENT)
    saved = check_draft(f, {}, STEP1, "applicant").cleaned
    other = {
        "unemployment_reason": "other",
        "reason_detail": "照顾家人",
        "unemployment_date": "2025-01-02",
    }
    saved = check_draft(f, saved, other, "unemployment").cleaned
    assert saved["reason_detail"] == "照顾家人" and saved["applicant_name"] == "马国强"
    changed = {
        "unemployment_reason": "graduate",
        "reason_detail": "照顾家人",
        "unemployment_date": "2025-01-02",
    }
    saved = check_draft(f, saved, changed, "unemployment").cleaned
    assert "reason_detail" not in saved and saved["applicant_name"] == "马国强"


def test_stored_money_in_fen_goes_back_as_yuan_so_checking_again_changes_nothing() -> None:
    f = form("sole-trader-registration")
    cleaned = validate_answers(f, sample("sole-trader-registration")).cleaned
    again = validate_answers(f, as_input(f, cleaned))
    assert again.ok and again.cleaned == cleaned


def test_the_first_incomplete_step_is_where_a_draft_resumes() -> None:
    f = form(UNEMPLOYMENT)
    assert first_incomplete_step(f, {}) == "applicant"
    saved = check_draft(f, {}, STEP1, "applicant").cleaned
    assert first_incomplete_step(f, saved) == "residence"
    whole = validate_answers(f, sample(UNEMPLOYMENT)).cleaned
    assert first_incomplete_step(f, whole) is None


def test_visible_fields_follow_the_answers() -> None:
    f = form(UNEMPLOYMENT)
    assert "reason_detail" not in visible_fields(f, {"unemployment_reason": "resigned"})
    assert "reason_detail" in visible_fields(f, {"unemployment_reason": "other"})
    assert "former_employer" not in visible_fields(f, {"unemployment_reason": "graduate"})


def test_division_names_come_from_the_partner_jurisdictions_and_codes_stand_in_elsewhere() -> None:
    j = Jurisdiction("371621", "惠民县", "371600", "滨州市", "370000", "山东省", (), (), (), False)
    tree = DivisionTree.of([j])
    assert tree.name("371621") == "山东省滨州市惠民县"
    assert tree.name("370000") == "山东省"
    assert tree.name("110101") == "北京市（代码 110101）"
    assert [p.name for p in tree.cities["370000"]] == ["滨州市"]
    assert len(DivisionTree.provinces()) == 34
