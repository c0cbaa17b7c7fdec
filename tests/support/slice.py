"""The first slice (失业登记, 全程网办) driven over HTTP; used by the test-client and the real-runner tests."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

SAMPLES = Path(__file__).resolve().parents[1] / "content" / "samples"


class Api(Protocol):
    def __call__(
        self, method: str, path: str, body: Any = None, token: str | None = None
    ) -> tuple[int, Any]: ...


def sample_answers(form_id: str) -> dict[str, Any]:
    data = json.loads((SAMPLES / f"{form_id}.json").read_text(encoding="utf-8"))
    answers: dict[str, Any] = data["valid"]
    return answers


@dataclass
class SliceOutcome:
    case_id: str
    case_number: str
    final: dict[str, Any]
    applicant_phone: str


def login(api: Api, username: str) -> str:
    status, body = api(
        "POST", "/api/auth/login", {"username": username, "password": "Tongban#2026"}
    )
    assert status == 200, body
    return str(body["id_token"])


def run_online_slice(
    api: Api,
    upload: Callable[[dict[str, Any], bytes], int],
    deliver_queues: Callable[[], None],
    wait_until: Callable[[Callable[[], bool]], None],
) -> SliceOutcome:
    applicant = login(api, "applicant1")
    status, form = api("GET", "/api/items/RS-002/form")
    assert status == 200, form
    answers = sample_answers(form["id"])
    status, case = api(
        "POST",
        "/api/cases",
        {"item_code": "RS-002", "mode": "online", "home_code": "640221", "answers": answers},
        applicant,
    )
    assert status == 200, case
    assert case["status"] == "draft" and case["case_number"].startswith("KS640221-")
    assert case["form"] == {"id": form["id"], "version": form["version"]}
    case_id = case["case_id"]

    slot = next(s for s in form["material_slots"] if s["material"] == "id_card")
    from tests.support.scenarios import JPEG as photo

    status, ticket = api(
        "POST",
        f"/api/cases/{case_id}/uploads",
        {
            "slot": slot["id"],
            "filename": "../../身份证 正面.jpg",
            "content_type": "image/jpeg",
            "size": len(photo),
        },
        applicant,
    )
    assert status == 200, ticket
    assert ".." not in ticket["key"]
    assert upload(ticket, photo) in (200, 201, 204)
    status, case = api("POST", f"/api/cases/{case_id}/materials", {"key": ticket["key"]}, applicant)
    assert status == 200, case
    assert [m["slot"] for m in case["materials"]] == [slot["id"]]

    status, case = api(
        "POST", f"/api/cases/{case_id}/submit", {"expected_version": case["version"]}, applicant
    )
    assert status == 200, case
    assert case["status"] == "submitted"

    def routed() -> bool:
        deliver_queues()
        return bool(
            api("GET", f"/api/cases/{case_id}", token=applicant)[1]["routing_state"] == "delivered"
        )

    wait_until(routed)
    approver = login(api, "pl_approver_rs")
    status, inbox = api("GET", "/api/inbox?status=submitted", token=approver)
    assert status == 200 and case_id in [c["case_id"] for c in inbox["cases"]], inbox
    version = api("GET", f"/api/cases/{case_id}", token=approver)[1]["version"]
    for action, extra in (
        ("accept", {}),
        ("approve", {"reason": "符合失业登记条件"}),
        ("complete", {}),
    ):
        status, body = api(
            "POST",
            f"/api/cases/{case_id}/actions",
            {"action": action, "expected_version": version, **extra},
            approver,
        )
        assert status == 200, (action, body)
        version = body["version"]

    def noticed() -> bool:
        deliver_queues()
        notices = api("GET", f"/api/cases/{case_id}", token=applicant)[1]["notices"]
        return {n["notice"] for n in notices if n["status"] == "sent"} >= {
            "received",
            "accepted",
            "completed_online",
        }

    wait_until(noticed)
    status, final = api("GET", f"/api/cases/{case_id}", token=applicant)
    assert status == 200
    phone = str(answers[form["applicant_fields"]["phone"]])
    return SliceOutcome(
        case_id=case_id, case_number=case["case_number"], final=final, applicant_phone=phone
    )
