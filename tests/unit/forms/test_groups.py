"""Repeating groups: item paths, min/max items, unknown keys inside items, conditions inside items."""

from __future__ import annotations

from typing import Any

from chalicelib.domain.forms import FormDefinition, validate_answers
from tests.unit.forms.builders import answers, make_form, resident_id


def movers(**spec: Any) -> FormDefinition:
    return make_form(
        {
            "id": "movers",
            "type": "group",
            "label": "迁移人员",
            "item_label": "随迁人员",
            "required": True,
            "min_items": 1,
            "max_items": 3,
            **spec,
            "fields": [
                {"id": "id_number", "type": "id_number", "label": "身份号码", "required": True},
                {
                    "id": "relation",
                    "type": "select",
                    "label": "关系",
                    "required": True,
                    "options": [
                        {"value": "child", "label": "子女"},
                        {"value": "other", "label": "其他"},
                    ],
                },
                {
                    "id": "detail",
                    "type": "text",
                    "label": "关系说明",
                    "visible_if": {"field": "relation", "equals": "other"},
                    "required_if": {"field": "relation", "equals": "other"},
                },
            ],
        }
    )


def paths(result: Any) -> list[tuple[str, str]]:
    return [(e.path, e.code) for e in result.errors]


def test_each_item_is_cleaned_separately() -> None:
    result = validate_answers(
        movers(), answers(movers=[{"id_number": resident_id().lower(), "relation": "child"}])
    )
    assert result.ok and result.cleaned["movers"] == [
        {"id_number": resident_id(), "relation": "child"}
    ]


def test_errors_inside_items_carry_the_item_index_and_say_which_item() -> None:
    result = validate_answers(
        movers(),
        answers(
            movers=[
                {"id_number": resident_id(), "relation": "child"},
                {"id_number": "640221199001010011", "relation": "other", "age": 3},
            ]
        ),
    )
    assert paths(result) == [
        ("movers[1].age", "unknown_field"),
        ("movers[1].id_number", "id_number_checksum"),
        ("movers[1].detail", "required"),
    ]
    assert result.errors[1].message.startswith("随迁人员第2项：")


def test_missing_or_empty_required_group_is_required() -> None:
    assert paths(validate_answers(movers(), answers())) == [("movers", "required")]
    assert paths(validate_answers(movers(), answers(movers=[]))) == [("movers", "required")]


def test_too_many_items_are_reported_and_only_max_items_are_checked() -> None:
    items = [{"id_number": "bad"}] * 50
    result = validate_answers(movers(), answers(movers=items))
    assert paths(result)[0] == ("movers", "too_many_items")
    assert len(result.errors) == 1 + 3 * 2


def test_too_few_items() -> None:
    result = validate_answers(
        movers(min_items=2), answers(movers=[{"id_number": resident_id(), "relation": "child"}])
    )
    assert paths(result) == [("movers", "too_few_items")]


def test_non_list_group_and_non_object_items_are_type_errors() -> None:
    assert paths(validate_answers(movers(), answers(movers={"id_number": "x"}))) == [
        ("movers", "not_list")
    ]
    result = validate_answers(
        movers(), answers(movers=["x", {"id_number": resident_id(), "relation": "child"}])
    )
    assert paths(result) == [("movers[0]", "type")]


def test_a_hidden_group_is_dropped_with_its_errors() -> None:
    form = make_form(
        {
            "id": "family",
            "type": "radio",
            "label": "家庭经营",
            "required": True,
            "options": [{"value": "yes", "label": "是"}, {"value": "no", "label": "否"}],
        },
        {
            "id": "members",
            "type": "group",
            "label": "成员",
            "visible_if": {"field": "family", "equals": "yes"},
            "fields": [{"id": "name", "type": "text", "label": "姓名", "required": True}],
        },
    )
    result = validate_answers(form, answers(family="no", members=[{"name": ""}]))
    assert result.ok and "members" not in result.cleaned


def test_group_child_conditions_can_read_top_level_answers() -> None:
    form = make_form(
        {
            "id": "mode",
            "type": "radio",
            "label": "方式",
            "required": True,
            "options": [{"value": "post", "label": "邮寄"}, {"value": "window", "label": "窗口"}],
        },
        {
            "id": "people",
            "type": "group",
            "label": "人员",
            "fields": [
                {"id": "name", "type": "text", "label": "姓名", "required": True},
                {
                    "id": "address",
                    "type": "text",
                    "label": "地址",
                    "required_if": {"field": "mode", "equals": "post"},
                },
            ],
        },
    )
    result = validate_answers(form, answers(mode="post", people=[{"name": "甲"}]))
    assert paths(result) == [("people[0].address", "required")]
