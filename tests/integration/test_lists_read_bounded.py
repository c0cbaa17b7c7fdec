"""No list, page or sweep reads without a key condition and a limit: every DynamoDB call the app's own
client makes while every list is opened is watched through botocore's event hooks (no patching)."""

from __future__ import annotations

from typing import Any

from chalice.test import Client

from chalicelib import bootstrap
from chalicelib.entrypoints import queue
from tests.integration.test_my_cases_pages import Browser, scenario, world
from tests.integration.test_supervision_pages import pingluo_case
from tests.support.aws import MotoWorld

__all__ = ["world"]
UNBOUNDED = {"Scan"}  # never on a request path or in the sweep


class Watch:
    """Every DynamoDB operation of the watched client, with the parameters it was called with."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def __call__(self, params: dict[str, Any], model: Any, **_: Any) -> None:
        self.calls.append((model.name, dict(params)))

    def unbounded(self) -> list[tuple[str, dict[str, Any]]]:
        return [
            (name, params)
            for name, params in self.calls
            if name in UNBOUNDED
            or (
                name == "Query"
                and ("KeyConditionExpression" not in params or "Limit" not in params)
            )
        ]


def test_every_list_and_the_sweep_query_a_key_with_a_limit(
    world: tuple[MotoWorld, Client],
) -> None:
    w, client = world
    s = scenario(w, client)
    for _ in range(3):
        pingluo_case(s, client)
    watch = Watch()
    ddb = bootstrap.deps().cases._db  # type: ignore[attr-defined]  # the adapter's own client
    ddb.meta.events.register("before-parameter-build.dynamodb", watch)
    try:
        applicant, approver = s.token("applicant1"), s.token("pl_approver_rs")
        for token, path in [
            (applicant, "/api/cases?limit=2"),
            (approver, "/api/inbox?limit=2"),
            (approver, "/api/inbox?status=submitted"),
            (s.token("pl_window"), "/api/inbox"),
            (s.token("pl_supervisor"), "/api/inbox"),
        ]:
            status, body = s.api("GET", path, None, token)
            assert status == 200, (path, body)
            assert len(body["cases"]) <= 20
        for user, path in [
            ("applicant1", "/me/cases"),
            ("pl_approver_rs", "/approvals"),
            ("pl_approver_rs", "/approvals?status=accepted"),
            ("pl_window", "/counter"),
            ("pl_supervisor", "/supervision"),
            ("pl_supervisor", "/supervision/cases.csv"),
        ]:
            assert Browser(client, s.token(user)).get(path).status_code == 200, path
        queue.sweep_deadlines()
    finally:
        ddb.meta.events.unregister("before-parameter-build.dynamodb", watch)
    queried = {p.get("IndexName") for name, p in watch.calls if name == "Query"}
    assert {"by_applicant", "open_by_home", "by_unit_status", "by_home"} <= queried
    assert watch.unbounded() == []


def test_a_forged_cursor_is_a_400_in_chinese_never_a_500(world: tuple[MotoWorld, Client]) -> None:
    w, client = world
    s = scenario(w, client)
    for path in ("/api/cases?cursor=Zm9yZ2Vk", "/api/cases?limit=1000", "/api/cases?limit=x"):
        status, body = s.api("GET", path, None, s.token("applicant1"))
        assert status == 400, (path, body)
        assert any("\u4e00" <= ch <= "\u9fff" for ch in body["message"])
    page = Browser(client, s.token("applicant1")).get("/me/cases?cursor=Zm9yZ2Vk")
    assert page.status_code == 400
