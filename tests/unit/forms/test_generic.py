"""Generic forms for catalog items without a full form."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from chalicelib.domain.forms import (
    GenericItem,
    generic_form,
    material_slots_required,
    validate_answers,
)
from tests.unit.forms.builders import resident_id


@dataclass(frozen=True)
class Material:
    code: str
    name: str
    required: bool


@dataclass(frozen=True)
class Item:
    code: str
    name: str
    materials: Sequence[Material]


ITEM: GenericItem = Item(
    "GA-010",
    "户籍类证明开具",
    (Material("id_card", "居民身份证", True), Material("hukou-book", "户口簿", False)),
)
VALID = {
    "applicant_name": "马国强",
    "applicant_id_number": resident_id(),
    "applicant_phone": "13909520001",
    "applicant_address": {"division": "640221", "detail": "城关镇南街12号"},
    "delivery": "window",
    "request_description": "开具户籍证明用于子女入学。",
}


def test_generic_form_identity_and_slots_follow_the_item() -> None:
    form = generic_form(ITEM)
    assert (form.id, form.version, form.status, form.item_code) == (
        "generic-ga-010",
        1,
        "published",
        "GA-010",
    )
    assert "户籍类证明开具" in form.title
    assert [(s.id, s.material, s.required) for s in form.material_slots] == [
        ("id_card", "id_card", True),
        ("hukou_book", "hukou-book", False),
    ]
    assert form.applicant_fields.id_number == "applicant_id_number"


def test_generic_form_accepts_a_complete_answer_and_requires_the_description() -> None:
    form = generic_form(ITEM)
    assert validate_answers(form, VALID).ok
    missing = {k: v for k, v in VALID.items() if k != "request_description"}
    assert [e.path for e in validate_answers(form, missing).errors] == ["request_description"]


def test_postal_delivery_asks_for_a_mailing_address() -> None:
    result = validate_answers(generic_form(ITEM), {**VALID, "delivery": "post"})
    assert [(e.path, e.code) for e in result.errors] == [("mailing_address", "required")]


def test_only_required_materials_are_required() -> None:
    form = generic_form(ITEM)
    assert [s.id for s in material_slots_required(form, validate_answers(form, VALID).cleaned)] == [
        "id_card"
    ]


def test_material_codes_that_clash_after_cleaning_get_distinct_slot_ids() -> None:
    item = Item(
        "X-1",
        "事项",
        (Material("a-b", "甲", True), Material("a_b", "乙", True), Material("9x", "丙", False)),
    )
    assert [s.id for s in generic_form(item).material_slots] == ["a_b", "a_b_2", "m_9x"]
