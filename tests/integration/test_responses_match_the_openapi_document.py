"""Every answer of whole case walks matches the schema the OpenAPI document gives it (issue 9, build item 6).

Before this change every 200 was documented as a bare `{"type": "object"}` and no query parameter was
described: the coverage test below failed then."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from chalice.test import Client

from tests.integration.test_first_slice_with_test_client import api_for
from tests.support.aws import MotoWorld, drain, moto_world, sqs_event
from tests.support.openapi_check import Documented
from tests.support.scenarios import Scenario, online_with_supplement, proxy_by_post

ROOT = Path(__file__).resolve().parents[2]
Seen = list[tuple[str, str, int, Any]]


@pytest.fixture(scope="module")
def answers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Seen]:
    """Two seed procedures walked to the end (with a 补正, a 差评 and its 整改), every answer kept."""
    seen: Seen = []
    with moto_world(tmp_path_factory.mktemp("jwks")) as w:
        from app import app

        with Client(app, stage_name="local", project_dir=str(ROOT)) as client:
            base = api_for(client)

            def api(
                method: str, path: str, body: Any = None, token: str | None = None
            ) -> tuple[int, Any]:
                status, out = base(method, path, body, token)
                seen.append((method, path, status, out))
                return status, out

            walk(w, client, api)
            yield seen


def walk(w: MotoWorld, client: Client, api: Callable[..., tuple[int, Any]]) -> None:
    counter = iter(range(1, 100_000))

    def upload(ticket: dict[str, Any], data: bytes) -> int:
        files = {"file": ("scan.jpg", data, ticket["fields"].get("Content-Type", "image/jpeg"))}
        return requests.post(
            ticket["url"], data=ticket["fields"], files=files, timeout=10
        ).status_code

    def wait(check: Callable[[], bool]) -> None:
        for _ in range(30):
            for q in w.spec.queues:
                handler = {
                    "notices": "send_notices",
                    "documents": "issue_documents",
                    "scans": "process_scans",
                }.get(q.key, f"route_cases_{q.key}")
                for body in drain(q.name):
                    client.lambda_.invoke(handler, sqs_event(body, q.name, f"m{next(counter)}"))
            if check():
                return
        raise AssertionError("condition not reached")

    online = Scenario(api, upload, wait)
    online_with_supplement(online)
    proxy_by_post(Scenario(api, upload, wait))
    staff, supervisor, applicant = (
        online.token("wx_approver"),
        online.token("wx_supervisor"),
        online.token("applicant1"),
    )
    for path in (
        "/api/health",
        "/api/openapi.json",
        "/api/jurisdictions",
        "/api/items?mode=online",
    ):
        api("GET", path)
    for path in ("/api/items/RS-002", "/api/items/RS-002/form?jurisdiction=140823"):
        api("GET", path)
    api("GET", "/api/forms/unemployment-registration?version=1")
    api("GET", "/api/verify/NOPE")
    api("POST", "/api/track", {"number": online.case_number, "code": "000000"})
    code = api("GET", f"/api/cases/{online.case_id}", token=applicant)[1]["query_code"]
    api("POST", "/api/track", {"number": online.case_number, "code": code})
    follow = {"comment": "整改后回访满意"}
    api("POST", f"/api/cases/{online.case_id}/evaluation/follow-up", follow, applicant)
    feedback = api("GET", f"/api/cases/{online.case_id}/feedback", token=staff)[1]
    for rect in feedback.get("rectifications", []):
        api("GET", f"/api/rectifications/{rect['rectification_id']}", token=staff)
    api("GET", "/api/me", token=staff)
    api("GET", "/api/cases", token=applicant)
    api("GET", "/api/inbox?status=delivered", token=staff)
    api("GET", f"/api/cases/{online.case_id}/audit", token=staff)
    api("POST", f"/api/cases/{online.case_id}/dossier", {}, staff)
    api("GET", f"/api/cases/{online.case_id}/feedback", token=staff)
    api("GET", "/api/rectifications?jurisdiction=140823", token=staff)
    ticket = api(
        "POST",
        f"/api/cases/{online.case_id}/problems",
        {
            "category": "other",
            "title": "寄递材料破损",
            "description": "外包装破损，材料完好",
            "owner_jurisdiction": "140823",
        },
        staff,
    )[1]
    if isinstance(ticket, dict) and "ticket_id" in ticket:
        api("POST", f"/api/problems/{ticket['ticket_id']}/actions", {"action": "start"}, staff)
    api("GET", "/api/problems?jurisdiction=140823", token=staff)
    api("GET", "/api/supervision/personal-data-views?jurisdiction=140823&limit=5", token=supervisor)
    api("GET", "/api/cases/nope", token=applicant)
    api("GET", "/api/inbox?status=teleported", token=staff)


def test_every_answer_matches_its_documented_schema(answers: Seen) -> None:
    documented = Documented()
    problems = []
    for method, path, status, body in answers:
        template = documented.template(method, path)
        assert template, (method, path)
        problems += documented.errors(method, template, status, body)
    assert not problems, "\n".join(problems[:20])


def test_the_walk_reaches_most_of_the_document_so_the_check_means_something(answers: Seen) -> None:
    documented = Documented()
    reached = {(m, documented.template(m, p)) for m, p, status, _ in answers if status == 200}
    every = {(m, t) for m, t, _ in documented.templates}
    assert len(reached) >= 28, sorted(every - reached)


def test_no_answer_is_documented_as_a_bare_object() -> None:
    doc = Documented().doc
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            schema = op["responses"]["200"]["content"]["application/json"]["schema"]
            assert schema != {"type": "object"} and "$ref" in schema, (method, path)


@pytest.mark.parametrize(
    ("path", "names"),
    [
        ("/api/inbox", {"status", "limit", "cursor"}),
        ("/api/cases", {"limit", "cursor"}),
        ("/api/items", {"department", "category", "mode", "q"}),
        ("/api/forms/{form_id}", {"version", "jurisdiction", "form_id"}),
        ("/api/feedback/report", {"jurisdiction", "since", "until"}),
        ("/api/supervision/personal-data-views", {"jurisdiction", "since", "limit"}),
    ],
)
def test_the_query_parameters_each_route_reads_are_described(path: str, names: set[str]) -> None:
    op = Documented().doc["paths"][path]["get"]
    assert {p["name"] for p in op.get("parameters", [])} >= names
