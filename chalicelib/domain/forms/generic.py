"""A generic application form for any catalog item that has no full form yet."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from chalicelib.domain.forms.conditions import Equals, Filled
from chalicelib.domain.forms.model import (
    DEFAULT_ACCEPT,
    DEFAULT_MAX_BYTES,
    ApplicantFields,
    Field,
    FormDefinition,
    MaterialSlot,
    Option,
    Step,
)
from chalicelib.domain.forms.semantics import check_form


class GenericMaterial(Protocol):
    @property
    def code(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def required(self) -> bool: ...


class GenericItem(Protocol):
    @property
    def code(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def materials(self) -> Sequence[GenericMaterial]: ...


_DELIVERY = (Option("window", "窗口领取"), Option("post", "邮寄送达"))

_STEPS = (
    Step(
        id="applicant",
        title="申请人信息",
        description="请填写申请人本人的身份信息。",
        fields=(
            Field("applicant_name", "text", "姓名", required=True, max_length=50),
            Field("applicant_id_number", "id_number", "公民身份号码", required=True),
            Field(
                "applicant_phone",
                "mobile",
                "联系电话",
                required=True,
                help="11位手机号码，用于接收办理进度短信",
            ),
            Field(
                "applicant_address",
                "address",
                "住址",
                required=True,
                help="先选择省/市/区县，再填写详细地址",
            ),
        ),
    ),
    Step(
        id="contact",
        title="联系与送达",
        description="",
        fields=(
            Field("contact_name", "text", "代办人姓名", help="本人办理可不填", max_length=50),
            Field("contact_phone", "mobile", "代办人电话", required_if=Filled("contact_name")),
            Field("delivery", "radio", "结果领取方式", required=True, options=_DELIVERY),
            Field(
                "mailing_address",
                "address",
                "邮寄地址",
                visible_if=Equals("delivery", "post"),
                required_if=Equals("delivery", "post"),
            ),
        ),
    ),
    Step(
        id="request",
        title="申请事项",
        description="",
        fields=(
            Field(
                "request_description",
                "textarea",
                "申请事项说明",
                required=True,
                max_length=2000,
                help="请简要说明需要办理的事项和具体诉求",
            ),
        ),
    ),
)


def _slot_id(code: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9_]+", "_", code.lower()).strip("_") or "material"
    if not base[0].isalpha():
        base = f"m_{base}"
    base = base[:40]
    slot_id, n = base, 2
    while slot_id in taken:
        slot_id, n = f"{base}_{n}", n + 1
    taken.add(slot_id)
    return slot_id


def generic_form(item: GenericItem) -> FormDefinition:
    """Applicant identity, contact and delivery, a free-text request, one slot per material."""
    taken: set[str] = set()
    slots = tuple(
        MaterialSlot(
            id=_slot_id(m.code, taken),
            material=m.code,
            label=m.name,
            required=m.required,
            accept=DEFAULT_ACCEPT,
            max_files=5,
            max_pages=20,
            max_bytes=DEFAULT_MAX_BYTES,
            help="",
            required_if=None,
        )
        for m in item.materials
    )
    form = FormDefinition(
        id=f"generic-{item.code.lower()}",
        version=1,
        status="published",
        title=f"{item.name}申请表",
        item_code=item.code,
        description=f"“{item.name}”的通用申请表：填写申请人信息、申请事项说明，并上传所需材料。",
        steps=_STEPS,
        material_slots=slots,
        applicant_fields=ApplicantFields(
            "applicant_name", "applicant_id_number", "applicant_phone"
        ),
    )
    check_form(form, f"generic:{item.code}")
    return form
