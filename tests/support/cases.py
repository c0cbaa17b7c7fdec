"""Filing cases on a fake-wired World: the sample answers of a form, uploaded materials, submitted."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from chalicelib.domain.roles import Principal
from chalicelib.services import intake, material_intake

from .builders import World

SAMPLES = Path(__file__).resolve().parents[1] / "content" / "samples"
FORM_OF_ITEM = {
    "RS-002": "unemployment-registration",
    "RS-004": "unemployment-benefit",
    "SC-004": "sole-trader-registration",  # a 行政许可: the licensing law's clocks apply
}
LICENSING_SLOTS = ("sole_trader_application", "id_card", "premises_commitment")


def answers(form_id: str = "unemployment-registration") -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SAMPLES / f"{form_id}.json").read_text(encoding="utf-8"))[
        "valid"
    ]
    return data


def attach(
    w: World, who: Principal, case_id: str, slot: str, data: bytes = b"", name: str = "scan.jpg"
) -> str:
    size = len(data) or 10
    ticket = material_intake.request_upload(
        w.intake, who, case_id, slot_id=slot, filename=name, content_type="image/jpeg", size=size
    )
    w.blobs.uploaded(ticket.key, size, "image/jpeg", data)
    material_intake.attach_material(w.intake, who, case_id, key=ticket.key)
    return ticket.key


def file_case(
    w: World,
    who: Principal,
    *,
    item: str = "RS-002",
    mode: str = "online",
    home: str = "640221",
    slots: tuple[str, ...] = ("id_card",),
    submit: bool = True,
) -> str:
    case = intake.create_case(
        w.intake,
        who,
        item_code=item,
        mode=mode,
        home_code=home,
        answers=answers(FORM_OF_ITEM[item]),
    )
    for slot in slots:
        attach(w, who, case.case_id, slot)
    if submit:
        intake.submit_case(w.intake, who, case.case_id)
    return case.case_id
