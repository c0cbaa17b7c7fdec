"""visible_if / required_if: the JSON condition language, parsed and evaluated without eval."""

from __future__ import annotations

from typing import Any

import pytest

from chalicelib.domain.forms import validate_answers
from chalicelib.domain.forms.conditions import (
    MISSING,
    All,
    AnyOf,
    ConditionSyntaxError,
    Equals,
    Filled,
    In,
    Not,
    evaluate,
    parse_condition,
)
from tests.unit.forms.builders import answers, make_form

KIND = {
    "id": "kind",
    "type": "radio",
    "label": "类型",
    "required": True,
    "options": [{"value": "unit", "label": "单位"}, {"value": "self", "label": "个人"}],
}


def lookup(values: dict[str, Any]) -> Any:
    return lambda fid: values.get(fid, MISSING)


class TestParse:
    def test_every_construct_parses_to_data(self) -> None:
        data = {
            "all": [
                {"field": "a", "equals": "x"},
                {"any": [{"field": "b", "in": [1, 2]}, {"not": {"field": "c", "filled": True}}]},
            ]
        }
        assert parse_condition(data, "visible_if") == All(
            (Equals("a", "x"), AnyOf((In("b", (1, 2)), Not(Filled("c", True)))))
        )

    @pytest.mark.parametrize(
        ("data", "path"),
        [
            ({"field": "a"}, "c"),
            ({"field": "a", "equals": "x", "in": ["x"]}, "c"),
            ({"field": "a", "equals": {"x": 1}}, "c.equals"),
            ({"field": "a", "in": []}, "c.in"),
            ({"field": "a", "filled": "yes"}, "c.filled"),
            ({"field": "a", "matches": ".*"}, "c.matches"),
            ({"all": []}, "c.all"),
            ({"all": [{"field": "a", "equals": 1}, "x"]}, "c.all[1]"),
            ({"not": {"field": "a"}, "field": "b"}, "c"),
            ({"field": 3, "equals": 1}, "c.field"),
            ("a == 1", "c"),
        ],
    )
    def test_malformed_conditions_name_the_exact_spot(self, data: object, path: str) -> None:
        with pytest.raises(ConditionSyntaxError) as caught:
            parse_condition(data, "c")
        assert caught.value.path == path


class TestEvaluate:
    def test_equals_in_filled_and_combinators(self) -> None:
        values = lookup({"a": "x", "b": 2, "tags": ["p", "q"]})
        assert evaluate(Equals("a", "x"), values)
        assert evaluate(In("b", (1, 2)), values)
        assert evaluate(Equals("tags", "q"), values)  # a checkbox list contains the value
        assert evaluate(Filled("c", False), values)
        assert evaluate(All((Equals("a", "x"), Not(Filled("c", True)))), values)
        assert not evaluate(AnyOf((Equals("a", "y"), In("b", (3,)))), values)

    def test_missing_field_never_equals_anything(self) -> None:
        assert not evaluate(Equals("gone", None), lookup({}))
        assert not evaluate(Not(Filled("gone", False)), lookup({}))

    def test_true_is_not_equal_to_one(self) -> None:
        assert not evaluate(Equals("n", True), lookup({"n": 1}))


class TestInForms:
    def form(self) -> Any:
        return make_form(
            KIND,
            {
                "id": "employer",
                "type": "text",
                "label": "单位名称",
                "visible_if": {"field": "kind", "equals": "unit"},
                "required_if": {"field": "kind", "equals": "unit"},
            },
            {
                "id": "note",
                "type": "text",
                "label": "说明",
                "visible_if": {"field": "employer", "filled": True},
            },
        )

    def test_required_if_applies_when_the_condition_holds(self) -> None:
        result = validate_answers(self.form(), answers(kind="unit"))
        assert [(e.path, e.code) for e in result.errors] == [("employer", "required")]

    def test_hidden_fields_are_dropped_and_not_checked(self) -> None:
        result = validate_answers(
            self.form(), answers(kind="self", employer="某公司", note="x" * 500)
        )
        assert result.ok
        assert "employer" not in result.cleaned and "note" not in result.cleaned

    def test_a_field_hidden_by_a_hidden_field_is_hidden_too(self) -> None:
        result = validate_answers(self.form(), answers(kind="self", employer="某公司", note="备注"))
        assert "note" not in result.cleaned

    def test_an_invalid_answer_counts_as_unfilled_for_conditions(self) -> None:
        result = validate_answers(self.form(), answers(kind="bogus", employer="某公司"))
        assert [(e.path, e.code) for e in result.errors] == [("kind", "invalid_option")]
        assert "employer" not in result.cleaned
