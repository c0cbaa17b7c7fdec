"""The first slice through chalice.test.Client on moto: form → upload → submit → home queue → approve → SMS."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from chalice.test import Client

from chalicelib.domain.case_numbers import is_valid_case_number
from tests.support.aws import MotoWorld, deliverer, moto_world, sqs_event
from tests.support.slice import run_online_slice

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def world(tmp_path: Path) -> Iterator[tuple[MotoWorld, Client]]:
    with moto_world(tmp_path) as w:
        from app import app

        with Client(app, stage_name="local", project_dir=str(ROOT)) as client:
            yield w, client


def api_for(client: Client) -> Callable[..., tuple[int, Any]]:
    def call(method: str, path: str, body: Any = None, token: str | None = None) -> tuple[int, Any]:
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = token
        data = json.dumps(body, ensure_ascii=False).encode() if body is not None else b""
        response = getattr(client.http, method.lower())(path, headers=headers, body=data)
        try:
            return response.status_code, json.loads(response.body or b"null")
        except json.JSONDecodeError:
            return response.status_code, response.body

    return call


def test_an_online_unemployment_registration_goes_from_form_to_sms(
    world: tuple[MotoWorld, Client],
) -> None:
    w, client = world
    deliver = deliverer(w, client)

    def upload(ticket: dict[str, Any], data: bytes) -> int:
        files = {"file": ("scan.jpg", data, ticket["fields"].get("Content-Type", "image/jpeg"))}
        return requests.post(
            ticket["url"], data=ticket["fields"], files=files, timeout=10
        ).status_code

    def wait_until(check: Callable[[], bool]) -> None:
        assert check()

    outcome = run_online_slice(api_for(client), upload, deliver, wait_until)
    assert is_valid_case_number(outcome.case_number)
    final = outcome.final
    assert final["status"] == "completed" and final["status_label"] == "已办结"
    actions = [entry["action"] for entry in final["timeline"]]
    assert actions == [
        "create",
        "attach_material",
        "submit",
        "receive_at_home",
        "accept",
        "approve",
        "complete",
    ]
    assert final["result"]["decision"] == "approve"
    sms = [m for m in w.sent_sms() if m["to"] == "+86" + outcome.applicant_phone]
    assert len(sms) == 3 and any(
        outcome.case_number in m["text"] and "已办结" in m["text"] for m in sms
    )


def test_a_duplicated_route_message_changes_nothing(world: tuple[MotoWorld, Client]) -> None:
    w, client = world
    api = api_for(client)
    from tests.support.slice import login, sample_answers

    token = login(api, "applicant1")
    form = api("GET", "/api/items/RS-002/form")[1]
    status, case = api(
        "POST",
        "/api/cases",
        {
            "item_code": "RS-002",
            "mode": "online",
            "home_code": "640221",
            "answers": sample_answers(form["id"]),
        },
        token,
    )
    assert status == 200, case
    from chalicelib import bootstrap
    from chalicelib.domain.outbox_messages import route_task

    stored = bootstrap.deps().cases.get(case["case_id"])
    message = route_task(stored.case_id, stored.version)
    name = w.spec.queue("640221").name
    client.lambda_.invoke("route_cases_640221", sqs_event(message, name, "dup-1"))
    client.lambda_.invoke("route_cases_640221", sqs_event(message, name, "dup-2"))
    after = bootstrap.deps().cases.get(case["case_id"])
    assert (
        after.version == stored.version
    )  # still a draft: a stray route message is not a submission


def test_a_double_clicked_create_with_one_idempotency_key_makes_one_draft(
    world: tuple[MotoWorld, Client],
) -> None:
    w, client = world
    api = api_for(client)
    from tests.support.slice import login, sample_answers

    token = login(api, "applicant1")
    form = api("GET", "/api/items/RS-002/form")[1]
    body = json.dumps(
        {
            "item_code": "RS-002",
            "mode": "online",
            "home_code": "640221",
            "answers": sample_answers(form["id"]),
        }
    )
    headers = {"Content-Type": "application/json", "Authorization": token}
    made = [
        json.loads(
            client.http.post(
                "/api/cases", headers={**headers, "Idempotency-Key": "tap-1"}, body=body
            ).body
        )
        for _ in range(2)
    ]
    assert made[0]["case_id"] == made[1]["case_id"]
    mine = api("GET", "/api/cases", token=token)[1]["cases"]
    assert [c["case_id"] for c in mine].count(made[0]["case_id"]) == 1 and len(mine) == 1
