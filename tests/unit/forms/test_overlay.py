"""Partner overlays: add fields and slots, reword help and fees, without copying the base form."""

from __future__ import annotations

from typing import Any

import pytest

from chalicelib.domain.forms import (
    FormDefinitionError,
    apply_overlay,
    material_slots_required,
    validate_answers,
)
from tests.unit.forms.builders import answers, make_form

SLOT = {"id": "id_card", "material": "id_card", "label": "身份证", "required": True}


def base() -> Any:
    return make_form(
        {"id": "reason", "type": "text", "label": "原因", "help": "原说明"}, slots=[SLOT]
    )


def overlay(**extra: Any) -> dict[str, Any]:
    return {"overlay_for": "test-form", "area_code": "371621", **extra}


def test_added_fields_land_after_the_named_field_and_are_validated() -> None:
    form = apply_overlay(
        base(),
        overlay(
            add_fields=[
                {
                    "step": "applicant",
                    "after": "name",
                    "fields": [
                        {"id": "community", "type": "text", "label": "社区", "required": True}
                    ],
                }
            ]
        ),
        "o.json",
    )
    assert [f.id for f in form.steps[0].fields] == ["name", "community", "id_number", "phone"]
    assert [(e.path, e.code) for e in validate_answers(form, answers()).errors] == [
        ("community", "required")
    ]
    assert "community" not in {f.id for f in base().all_fields()}


def test_added_fields_go_last_without_after() -> None:
    form = apply_overlay(
        base(),
        overlay(
            add_fields=[
                {
                    "step": "details",
                    "fields": [
                        {
                            "id": "extra",
                            "type": "text",
                            "label": "附加",
                            "visible_if": {"field": "reason", "filled": True},
                        }
                    ],
                }
            ]
        ),
        "o.json",
    )
    assert [f.id for f in form.steps[1].fields] == ["reason", "extra"]


def test_slots_are_replaced_by_id_or_added_and_help_and_fees_reworded() -> None:
    form = apply_overlay(
        base(),
        overlay(
            replace_material_slots=[{**SLOT, "label": "身份证或社保卡", "max_files": 2}],
            add_material_slots=[
                {
                    "id": "proof",
                    "material": "residence_proof",
                    "label": "居住证明",
                    "required": False,
                    "required_if": {"field": "reason", "filled": True},
                }
            ],
            field_help={"reason": "惠民县的说明"},
            fees="不收费。",
            description="惠民县版本",
        ),
        "o.json",
    )
    assert [(s.id, s.label, s.max_files) for s in form.material_slots] == [
        ("id_card", "身份证或社保卡", 2),
        ("proof", "居住证明", 1),
    ]
    assert form.field("reason").help == "惠民县的说明"
    assert (form.fees, form.description, form.key) == ("不收费。", "惠民县版本", "test-form@v1")
    cleaned = validate_answers(form, answers(reason="搬家")).cleaned
    assert [s.id for s in material_slots_required(form, cleaned)] == ["id_card", "proof"]


@pytest.mark.parametrize(
    ("extra", "path"),
    [
        ({"overlay_for": "other-form"}, "overlay_for"),
        ({"area_code": "37162"}, "area_code"),
        (
            {
                "add_fields": [
                    {"step": "nope", "fields": [{"id": "a", "type": "text", "label": "甲"}]}
                ]
            },
            "add_fields[0].step",
        ),
        (
            {
                "add_fields": [
                    {
                        "step": "applicant",
                        "after": "nope",
                        "fields": [{"id": "a", "type": "text", "label": "甲"}],
                    }
                ]
            },
            "add_fields[0].after",
        ),
        (
            {
                "add_fields": [
                    {
                        "step": "details",
                        "fields": [{"id": "reason", "type": "text", "label": "重复"}],
                    }
                ]
            },
            "add_fields[0].fields[0].id",
        ),
        (
            {
                "add_fields": [
                    {
                        "step": "details",
                        "fields": [
                            {
                                "id": "a",
                                "type": "text",
                                "label": "甲",
                                "visible_if": {"field": "ghost", "filled": True},
                            }
                        ],
                    }
                ]
            },
            "add_fields[0].fields[0].visible_if.field",
        ),
        ({"replace_material_slots": [{**SLOT, "id": "nope"}]}, "replace_material_slots[0].id"),
        ({"add_material_slots": [SLOT]}, "add_material_slots[0].id"),
        ({"field_help": {"ghost": "x"}}, "field_help.ghost"),
        ({"copy_of_base": {}}, "copy_of_base"),
    ],
)
def test_malformed_overlays_are_rejected_at_the_exact_path(
    extra: dict[str, Any], path: str
) -> None:
    with pytest.raises(FormDefinitionError) as caught:
        apply_overlay(base(), overlay(**extra), "forms/test-form/overlays/371621.json")
    assert (caught.value.source, caught.value.path) == (
        "forms/test-form/overlays/371621.json",
        path,
    )
