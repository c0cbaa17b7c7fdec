"""Computed values: named pure functions over other answers, added to the cleaned answers."""

from __future__ import annotations

from datetime import date

from chalicelib.domain.forms import validate_answers
from tests.unit.forms.builders import answers, make_form, resident_id

TODAY = date(2025, 6, 1)


def computed(fid: str, fn: str, *args: str, **extra: str) -> dict[str, object]:
    return {
        "id": fid,
        "type": "computed",
        "label": fid,
        "compute": {"fn": fn, "args": list(args), **extra},
    }


def test_birth_date_gender_and_age_are_derived_from_the_id_number() -> None:
    form = make_form(
        computed("born", "birth_date_from_id", "id_number"),
        computed("sex", "gender_from_id", "id_number"),
        computed("age", "age_from_id", "id_number"),
    )
    cleaned = validate_answers(
        form, answers(id_number=resident_id(birth="19900602", seq="002")), today=TODAY
    ).cleaned
    assert (cleaned["born"], cleaned["sex"], cleaned["age"]) == ("1990-06-02", "女", 34)
    cleaned = validate_answers(
        form, answers(id_number=resident_id(birth="19900601", seq="001")), today=TODAY
    ).cleaned
    assert (cleaned["sex"], cleaned["age"]) == ("男", 35)


def test_computed_values_are_omitted_when_their_input_is_invalid() -> None:
    form = make_form(computed("born", "birth_date_from_id", "id_number"))
    result = validate_answers(form, answers(id_number="640221199001010011"))
    assert "born" not in result.cleaned and not result.ok


def test_a_submitted_value_for_a_computed_field_is_ignored_and_recomputed() -> None:
    form = make_form(computed("sex", "gender_from_id", "id_number"))
    result = validate_answers(form, answers(sex="男", id_number=resident_id(seq="002")))
    assert result.ok and result.cleaned["sex"] == "女"


def test_count_and_sum_over_a_repeating_group() -> None:
    group = {
        "id": "payments",
        "type": "group",
        "label": "付款",
        "fields": [{"id": "amount", "type": "money", "label": "金额", "required": True}],
    }
    form = make_form(
        group, computed("n", "count", "payments"), computed("total", "sum", "payments", "amount")
    )
    result = validate_answers(form, answers(payments=[{"amount": "100.50"}, {"amount": 20}]))
    assert (result.cleaned["n"], result.cleaned["total"]) == (2, 12050)
    empty = validate_answers(form, answers())
    assert (empty.cleaned["n"], empty.cleaned["total"]) == (0, 0)


def test_concat_joins_the_filled_answers_with_the_separator() -> None:
    form = make_form(
        {"id": "a", "type": "text", "label": "甲"},
        {"id": "b", "type": "text", "label": "乙"},
        computed("ab", "concat", "a", "b", separator="·"),
    )
    assert validate_answers(form, answers(a="宁", b="夏")).cleaned["ab"] == "宁·夏"
    assert validate_answers(form, answers(b="夏")).cleaned["ab"] == "夏"
    assert "ab" not in validate_answers(form, answers()).cleaned


def test_computed_fields_inside_a_group_use_the_siblings_of_their_item() -> None:
    group = {
        "id": "movers",
        "type": "group",
        "label": "迁移人员",
        "fields": [
            {"id": "id_number", "type": "id_number", "label": "身份号码", "required": True},
            computed("gender", "gender_from_id", "id_number"),
        ],
    }
    result = validate_answers(
        make_form(group),
        answers(
            movers=[{"id_number": resident_id(seq="003")}, {"id_number": resident_id(seq="004")}]
        ),
    )
    assert [m["gender"] for m in result.cleaned["movers"]] == ["男", "女"]
