"""Hole 4 over HTTP on moto: an attached upload is bound to its S3 version and SHA-256; posting again
with the same ticket makes a new version that is refused, never taken for the attached one."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from chalice.test import Client

from tests.integration.test_first_slice_with_test_client import api_for
from tests.support.aws import MotoWorld, moto_world
from tests.support.scenarios import JPEG
from tests.support.slice import login, sample_answers

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[MotoWorld, Client]]:
    with moto_world(tmp_path_factory.mktemp("jwks")) as w:
        from app import app

        with Client(app, stage_name="local", project_dir=str(ROOT)) as client:
            yield w, client


def post(ticket: dict[str, Any], data: bytes) -> int:
    files = {"file": ("scan.jpg", data, ticket["fields"]["Content-Type"])}
    return requests.post(ticket["url"], data=ticket["fields"], files=files, timeout=10).status_code


def draft_and_ticket(client: Client, size: int) -> tuple[Any, str, str, dict[str, Any]]:
    api = api_for(client)
    token = login(api, "applicant1")
    form = api("GET", "/api/items/RS-002/form")[1]
    body = {"item_code": "RS-002", "home_code": "640221", "answers": sample_answers(form["id"])}
    case = api("POST", "/api/cases", body, token)[1]
    slot = next(s for s in form["material_slots"] if s["material"] == "id_card")
    request = {"slot": slot["id"], "filename": "id.jpg", "content_type": "image/jpeg", "size": size}
    status, ticket = api("POST", f"/api/cases/{case['case_id']}/uploads", request, token)
    assert status == 200 and ticket["expires_in"] == 300, ticket
    return api, token, case["case_id"], ticket


def test_a_second_post_with_the_same_ticket_is_refused_and_the_first_stays_bound(
    world: tuple[MotoWorld, Client],
) -> None:
    """Fails on the old code: attaching the key again returned 200 and the case named no version, so
    the swapped bytes were what anyone reading the key got."""
    api, token, case_id, ticket = draft_and_ticket(world[1], len(JPEG))
    assert post(ticket, JPEG) in (200, 201, 204)
    status, case = api("POST", f"/api/cases/{case_id}/materials", {"key": ticket["key"]}, token)
    assert status == 200, case
    [material] = case["materials"]
    assert material["version_id"] and material["sha256"] == hashlib.sha256(JPEG).hexdigest()
    swapped = bytes(reversed(JPEG))
    assert post(ticket, swapped) in (200, 201, 204)  # moto does not expire or pin the POST; S3 does
    status, refused = api("POST", f"/api/cases/{case_id}/materials", {"key": ticket["key"]}, token)
    assert status == 409 and refused["message"] == "该材料已登记，如需更换请删除后重新上传"
    [still] = api("GET", f"/api/cases/{case_id}", token=token)[1]["materials"]
    assert (still["version_id"], still["sha256"]) == (material["version_id"], material["sha256"])


def test_an_upload_of_another_size_than_declared_is_refused(
    world: tuple[MotoWorld, Client],
) -> None:
    api, token, case_id, ticket = draft_and_ticket(world[1], 1000)
    assert post(ticket, JPEG) in (200, 201, 204)  # moto does not enforce content-length-range
    status, refused = api("POST", f"/api/cases/{case_id}/materials", {"key": ticket["key"]}, token)
    assert status == 400 and "大小与申报的不符" in refused["message"]
