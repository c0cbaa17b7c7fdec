"""parse_form: malformed definitions are rejected with the source, the exact JSON path and a reason."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from chalicelib.domain.forms import FormDefinitionError, parse_form
from tests.unit.forms.builders import form_data

OPTIONS = [{"value": "a", "label": "甲"}, {"value": "b", "label": "乙"}]


def rejected(data: dict[str, Any]) -> FormDefinitionError:
    with pytest.raises(FormDefinitionError) as caught:
        parse_form(data, "forms/test-form/v1.json")
    return caught.value


def test_a_valid_definition_parses_into_steps_fields_and_slots() -> None:
    slot = {"id": "id_card", "material": "id_card", "label": "身份证", "required": True}
    form = parse_form(form_data({"id": "x", "type": "text", "label": "甲"}, slots=[slot]), "t.json")
    assert form.key == "test-form@v1"
    assert [s.id for s in form.steps] == ["applicant", "details"]
    assert form.field("x").label == "甲"
    assert form.material_slots[0].accept == ("image/jpeg", "image/png", "application/pdf")
    assert form.material_slots[0].max_bytes == 20 * 1024 * 1024


def test_the_error_string_is_source_path_reason() -> None:
    error = rejected(form_data({"id": "x", "type": "colour", "label": "甲"}))
    assert (error.source, error.path) == ("forms/test-form/v1.json", "steps[1].fields[0].type")
    assert str(error) == f"forms/test-form/v1.json: steps[1].fields[0].type: {error.reason}"
    assert "colour" in error.reason


@pytest.mark.parametrize(
    ("field", "path"),
    [
        (
            {
                "id": "x",
                "type": "text",
                "label": "甲",
                "visible_if": {"field": "nope", "equals": 1},
            },
            "steps[1].fields[0].visible_if.field",
        ),
        (
            {
                "id": "x",
                "type": "text",
                "label": "甲",
                "required_if": {
                    "all": [{"field": "name", "filled": True}, {"field": "ghost", "filled": True}]
                },
            },
            "steps[1].fields[0].required_if.all[1].field",
        ),
        (
            {
                "id": "x",
                "type": "text",
                "label": "甲",
                "visible_if": {"field": "x", "filled": True},
            },
            "steps[1].fields[0].visible_if.field",
        ),
        ({"id": "x", "type": "select", "label": "甲", "options": []}, "steps[1].fields[0].options"),
        ({"id": "x", "type": "select", "label": "甲"}, "steps[1].fields[0].options"),
        (
            {
                "id": "x",
                "type": "radio",
                "label": "甲",
                "options": [{"value": "a", "label": "甲"}, {"value": "a", "label": "乙"}],
            },
            "steps[1].fields[0].options[1].value",
        ),
        ({"id": "X-1", "type": "text", "label": "甲"}, "steps[1].fields[0].id"),
        (
            {"id": "x", "type": "text", "label": "甲", "maxlength": 3},
            "steps[1].fields[0].maxlength",
        ),
        (
            {"id": "x", "type": "text", "label": "甲", "options": OPTIONS},
            "steps[1].fields[0].options",
        ),
        ({"id": "x", "type": "text", "label": ""}, "steps[1].fields[0].label"),
        (
            {"id": "x", "type": "text", "label": "甲", "required": "yes"},
            "steps[1].fields[0].required",
        ),
        (
            {
                "id": "x",
                "type": "text",
                "label": "甲",
                "required": True,
                "required_if": {"field": "name", "filled": True},
            },
            "steps[1].fields[0].required_if",
        ),
        (
            {"id": "x", "type": "text", "label": "甲", "messages": {"nonsense": "x"}},
            "steps[1].fields[0].messages.nonsense",
        ),
        ({"id": "x", "type": "number", "label": "甲", "min": 5, "max": 1}, "steps[1].fields[0]"),
        ({"id": "x", "type": "date", "label": "甲", "max": "tomorrow"}, "steps[1].fields[0].max"),
        ({"id": "x", "type": "money", "label": "甲", "max": "NaN"}, "steps[1].fields[0].max"),
        ({"id": "x", "type": "number", "label": "甲", "min": "many"}, "steps[1].fields[0].min"),
        (
            {"id": "x", "type": "division", "label": "甲", "level": "town"},
            "steps[1].fields[0].level",
        ),
        ({"id": "name", "type": "text", "label": "重复"}, "steps[1].fields[0].id"),
        (
            {
                "id": "g",
                "type": "group",
                "label": "组",
                "fields": [{"id": "h", "type": "group", "label": "组", "fields": []}],
            },
            "steps[1].fields[0].fields[0].type",
        ),
        (
            {
                "id": "g",
                "type": "group",
                "label": "组",
                "fields": [
                    {"id": "a", "type": "text", "label": "甲"},
                    {"id": "a", "type": "text", "label": "乙"},
                ],
            },
            "steps[1].fields[0].fields[1].id",
        ),
        (
            {
                "id": "c",
                "type": "computed",
                "label": "算",
                "compute": {"fn": "eval", "args": ["name"]},
            },
            "steps[1].fields[0].compute.fn",
        ),
        (
            {
                "id": "c",
                "type": "computed",
                "label": "算",
                "compute": {"fn": "gender_from_id", "args": ["name"]},
            },
            "steps[1].fields[0].compute.args[0]",
        ),
        (
            {
                "id": "c",
                "type": "computed",
                "label": "算",
                "compute": {"fn": "sum", "args": ["name"]},
            },
            "steps[1].fields[0].compute.args",
        ),
        (
            {
                "id": "c",
                "type": "computed",
                "label": "算",
                "required": True,
                "compute": {"fn": "count", "args": ["g"]},
            },
            "steps[1].fields[0].required",
        ),
        (
            {
                "id": "x",
                "type": "select",
                "label": "甲",
                "options": OPTIONS,
                "visible_if": {"field": "x", "equals": "a"},
            },
            "steps[1].fields[0].visible_if.field",
        ),
        ("text", "steps[1].fields[0]"),
    ],
)
def test_bad_fields_are_rejected_at_the_exact_path(field: Any, path: str) -> None:
    assert rejected(form_data(field)).path == path


def test_a_condition_value_that_is_not_an_option_is_rejected() -> None:
    error = rejected(
        form_data(
            {"id": "kind", "type": "radio", "label": "类型", "options": OPTIONS},
            {
                "id": "x",
                "type": "text",
                "label": "甲",
                "visible_if": {"field": "kind", "in": ["a", "z"]},
            },
        )
    )
    assert error.path == "steps[1].fields[1].visible_if.in" and "z" in error.reason


def test_a_condition_on_a_group_child_from_the_top_level_is_rejected() -> None:
    error = rejected(
        form_data(
            {
                "id": "g",
                "type": "group",
                "label": "组",
                "fields": [{"id": "inner", "type": "text", "label": "甲"}],
            },
            {
                "id": "x",
                "type": "text",
                "label": "甲",
                "visible_if": {"field": "inner", "filled": True},
            },
        )
    )
    assert error.path == "steps[1].fields[1].visible_if.field"


def test_visibility_cycles_are_rejected() -> None:
    error = rejected(
        form_data(
            {
                "id": "a",
                "type": "text",
                "label": "甲",
                "visible_if": {"field": "b", "filled": True},
            },
            {
                "id": "b",
                "type": "text",
                "label": "乙",
                "visible_if": {"field": "a", "filled": True},
            },
        )
    )
    assert error.path.endswith(".visible_if") and "循环" in error.reason


@pytest.mark.parametrize(
    ("mutate", "path"),
    [
        (lambda d: d.pop("item_code"), "item_code"),
        (lambda d: d.update(status="live"), "status"),
        (lambda d: d.update(version=0), "version"),
        (lambda d: d.update(version=True), "version"),
        (lambda d: d.update(colour="red"), "colour"),
        (lambda d: d.update(steps=[]), "steps"),
        (lambda d: d["applicant_fields"].update(phone="mobile"), "applicant_fields.phone"),
        (lambda d: d["applicant_fields"].update(name="phone"), "applicant_fields.name"),
        (lambda d: d["steps"][0]["fields"][0].update(required=False), "applicant_fields.name"),
        (
            lambda d: d["steps"].append(
                {
                    "id": "applicant",
                    "title": "再来",
                    "fields": [{"id": "y", "type": "text", "label": "乙"}],
                }
            ),
            "steps[1].id",
        ),
        (
            lambda d: d["material_slots"].append(
                {
                    "id": "s",
                    "material": "id_card",
                    "label": "甲",
                    "required": True,
                    "accept": ["text/html"],
                }
            ),
            "material_slots[0].accept[0]",
        ),
        (
            lambda d: d["material_slots"].append(
                {"id": "s", "material": "id_card", "label": "甲", "required": True, "max_files": 11}
            ),
            "material_slots[0].max_files",
        ),
        (
            lambda d: d["material_slots"].append({"id": "s", "material": "id_card", "label": "甲"}),
            "material_slots[0].required",
        ),
        (
            lambda d: d["material_slots"].extend(
                [{"id": "s", "material": "a", "label": "甲", "required": True}] * 2
            ),
            "material_slots[1].id",
        ),
        (
            lambda d: d["material_slots"].append(
                {
                    "id": "s",
                    "material": "a",
                    "label": "甲",
                    "required": False,
                    "required_if": {"field": "nope", "equals": "x"},
                }
            ),
            "material_slots[0].required_if.field",
        ),
    ],
)
def test_bad_form_level_definitions_are_rejected_at_the_exact_path(mutate: Any, path: str) -> None:
    data = copy.deepcopy(form_data())
    mutate(data)
    assert rejected(data).path == path
