"""Property-based fuzzing of every endpoint of the OpenAPI document through the real local runner, with a
valid token per role (issue 9, build item 6): never a 5xx, every answer as documented.

Bounded so it stays a suite of `make test`: a few generated requests per endpoint and role. Path ids are
drawn from a real case of the fuzzing applicant and from noise, so both the 404 and the real paths run."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Err
from schemathesis.specs.openapi.checks import response_schema_conformance

from chalicelib.entrypoints.openapi import openapi_document
from tests.e2e.conftest import Runner
from tests.support.slice import login, sample_answers

EXAMPLES_PER_ROLE = 3
ROLES = {
    "anonymous": "",
    "applicant": "applicant1",
    "window_staff": "pl_window",
    "approver": "pl_approver_rs",
    "supervisor": "pl_supervisor",
}
# Some endpoints would do real work outside the app on every example (Cognito sign-ups that text a
# code): they are fuzzed, but by one example per role.
COSTLY = {
    ("POST", "/api/auth/register"),
    ("POST", "/api/auth/confirm"),
    ("POST", "/api/auth/login"),
}


@pytest.fixture(scope="module")
def tokens(runner: Runner) -> dict[str, str]:
    return {role: (login(runner.call, user) if user else "") for role, user in ROLES.items()}


@pytest.fixture(scope="module")
def real_case(runner: Runner, tokens: dict[str, str]) -> str:
    """A draft of the fuzzing applicant, so generated paths also reach a case that exists."""
    status, form = runner.call("GET", "/api/items/RS-002/form")
    assert status == 200
    status, case = runner.call(
        "POST",
        "/api/cases",
        {
            "item_code": "RS-002",
            "mode": "online",
            "home_code": "640221",
            "answers": sample_answers(form["id"]),
        },
        tokens["applicant"],
    )
    assert status == 200, case
    return str(case["case_id"])


def operations() -> list[Any]:
    schema = schemathesis.openapi.from_dict(openapi_document())
    found = []
    for result in schema.get_all_operations():
        assert not isinstance(result, Err), result.err()  # the document itself must be valid
        found.append(result.ok())
    return found


OPERATIONS = operations()


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: f"{op.method.upper()} {op.path}")
def test_no_endpoint_answers_5xx_or_off_its_schema_for_any_role(
    runner: Runner, tokens: dict[str, str], real_case: str, operation: Any
) -> None:
    failures: list[str] = []
    examples = 1 if (operation.method.upper(), operation.path) in COSTLY else EXAMPLES_PER_ROLE
    path_names = [p.name for p in operation.path_parameters]
    for role, token in tokens.items():
        ids = {name: st.sampled_from([real_case, "nope", "0" * 32]) for name in path_names}
        fuzz(runner.url, operation, role, token, ids, examples, failures)
    assert not failures, "\n".join(failures)


def fuzz(
    base_url: str,
    operation: Any,
    role: str,
    token: str,
    ids: dict[str, Any],
    examples: int,
    failures: list[str],
) -> None:
    """Run `examples` generated requests of one operation as one role; failures are collected."""

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(), chosen=st.fixed_dictionaries(ids))
    def run(case: Any, chosen: dict[str, str]) -> None:
        if chosen:
            case.path_parameters = {**(case.path_parameters or {}), **chosen}
        headers = {"Authorization": token} if token else {}
        response = case.call(base_url=base_url, headers=headers, timeout=30)
        try:
            case.validate_response(
                response, checks=[not_a_server_error, response_schema_conformance]
            )
        except (Exception, BaseExceptionGroup) as failure:  # noqa: BLE001 (collect, then report)
            where = f"{case.method} {case.formatted_path}"
            failures.append(f"{role}: {where} → {response.status_code}: {failure}"[:800])

    run()
