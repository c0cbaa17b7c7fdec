"""validate_answers as a whole: the answer set's shape, unknown keys, missing steps, required materials."""

from __future__ import annotations

import pytest

from chalicelib.domain.forms import material_slots_required, validate_answers
from tests.unit.forms.builders import VALID_APPLICANT, answers, make_form

FORM = make_form(
    {
        "id": "kind",
        "type": "radio",
        "label": "就业形式",
        "required": True,
        "options": [{"value": "unit", "label": "单位就业"}, {"value": "self", "label": "自主创业"}],
    },
    slots=[
        {"id": "id_card", "material": "id_card", "label": "身份证", "required": True},
        {
            "id": "contract",
            "material": "labour_contract",
            "label": "劳动合同",
            "required": False,
            "required_if": {"field": "kind", "equals": "unit"},
        },
        {
            "id": "licence",
            "material": "business_licence",
            "label": "营业执照",
            "required": False,
            "required_if": {"field": "kind", "equals": "self"},
        },
        {"id": "extra", "material": "other", "label": "其他", "required": False},
    ],
)


@pytest.mark.parametrize("value", [None, [], "answers", 3, [{"kind": "unit"}]])
def test_an_answer_set_that_is_not_an_object_is_one_whole_set_error(value: object) -> None:
    result = validate_answers(FORM, value)
    assert [(e.path, e.code) for e in result.errors] == [("$", "not_object")]
    assert result.cleaned == {} and not result.ok


def test_missing_steps_give_one_required_error_per_required_field() -> None:
    result = validate_answers(FORM, {})
    assert [(e.path, e.code) for e in result.errors] == [
        ("name", "required"),
        ("id_number", "required"),
        ("phone", "required"),
        ("kind", "required"),
    ]
    assert all(e.message.startswith("请填写") for e in result.errors)


def test_unknown_keys_are_errors_and_odd_keys_are_quoted_in_the_path() -> None:
    result = validate_answers(FORM, answers(kind="unit", extra=1, **{"": 2, "a.b": 3}))
    assert sorted(e.path for e in result.errors) == ['""', '"a.b"', "extra"]
    assert {e.code for e in result.errors} == {"unknown_field"}
    assert "extra" not in result.cleaned


def test_a_clean_answer_set_is_ok_and_cleaned() -> None:
    result = validate_answers(FORM, answers(kind="unit"))
    assert result.ok and result.cleaned == {**VALID_APPLICANT, "kind": "unit"}


@pytest.mark.parametrize(
    ("kind", "slots"),
    [("unit", ["id_card", "contract"]), ("self", ["id_card", "licence"]), (None, ["id_card"])],
)
def test_required_material_slots_follow_the_answers(kind: str | None, slots: list[str]) -> None:
    cleaned = validate_answers(FORM, answers(kind=kind)).cleaned
    assert [s.id for s in material_slots_required(FORM, cleaned)] == slots
