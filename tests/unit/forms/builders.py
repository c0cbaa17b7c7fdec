"""Small builders for form definitions and valid identifiers used across the form tests."""

from __future__ import annotations

from typing import Any

from stdnum import luhn
from stdnum.cn import ric, uscc

from chalicelib.domain.forms import FormDefinition, parse_form

APPLICANT = [
    {"id": "name", "type": "text", "label": "姓名", "required": True},
    {"id": "id_number", "type": "id_number", "label": "公民身份号码", "required": True},
    {"id": "phone", "type": "mobile", "label": "联系电话", "required": True},
]
VALID_APPLICANT = {"name": "马国强", "id_number": "64022119900101001X", "phone": "13909520001"}


def resident_id(prefix: str = "640221", birth: str = "19900101", seq: str = "001") -> str:
    """An 18-character ID with the GB 11643 check character computed."""
    body = f"{prefix}{birth}{seq}"
    return body + ric.calc_check_digit(body + "0")


def credit_code(body17: str = "91640221MA76A1B2C") -> str:
    return body17 + uscc.calc_check_digit(body17)


def card_number(body: str = "621700123456789012") -> str:
    return body + luhn.calc_check_digit(body)


def form_data(*fields: dict[str, Any], slots: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """A minimal valid definition: the applicant step plus `fields` in a second step."""
    steps: list[dict[str, Any]] = [
        {"id": "applicant", "title": "申请人", "fields": list(APPLICANT)}
    ]
    if fields:
        steps.append({"id": "details", "title": "详情", "fields": list(fields)})
    return {
        "id": "test-form",
        "version": 1,
        "status": "published",
        "title": "测试表单",
        "item_code": "TS-001",
        "applicant_fields": {"name": "name", "id_number": "id_number", "phone": "phone"},
        "steps": steps,
        "material_slots": slots if slots is not None else [],
    }


def make_form(*fields: dict[str, Any], slots: list[dict[str, Any]] | None = None) -> FormDefinition:
    return parse_form(form_data(*fields, slots=slots), "test.json")


def answers(**extra: Any) -> dict[str, Any]:
    return {**VALID_APPLICANT, **extra}
