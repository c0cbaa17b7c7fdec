"""The identity resources as generated for deployment: users cannot write their place of work, TOTP is
on offer, refresh tokens can be revoked, and the API may only read the staff directory.

Before issue 9 the app client listed no WriteAttributes (Cognito then lets users write every
attribute, custom:jurisdiction included) and the pool had no MFA: these tests failed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from chalicelib.resource_spec import build_spec
from infra.build import build_template

ROOT = Path(__file__).resolve().parents[2]
SCOPE_ATTRIBUTES = {"custom:jurisdiction", "custom:center", "custom:department"}


def template() -> dict[str, Any]:
    resources: dict[str, Any] = build_template(build_spec("prod", ("640221", "371621")))[
        "Resources"
    ]
    return resources


def test_the_app_client_lets_people_write_their_name_phone_and_email_only() -> None:
    client = template()["UserPoolClient"]["Properties"]
    assert set(client["WriteAttributes"]) == {"name", "phone_number", "email"}
    assert not SCOPE_ATTRIBUTES & set(client["WriteAttributes"])
    assert set(client["ReadAttributes"]) >= SCOPE_ATTRIBUTES  # readable, for the console only
    assert client["EnableTokenRevocation"] is True


def test_the_pool_offers_totp_to_everyone_for_the_service_to_demand_of_staff() -> None:
    pool = template()["UserPool"]["Properties"]
    assert (pool["MfaConfiguration"], pool["EnabledMfas"]) == ("OPTIONAL", ["SOFTWARE_TOKEN_MFA"])


def test_the_staff_directory_is_a_table_keyed_by_sub_with_a_login_index() -> None:
    table = template()["StaffDirectoryTable"]["Properties"]
    assert table["TableName"] == "tongban-prod-staff-directory"
    assert table["KeySchema"] == [{"AttributeName": "pk", "KeyType": "HASH"}]
    assert [i["IndexName"] for i in table["GlobalSecondaryIndexes"]] == ["by_login"]


def test_no_deployed_function_may_write_the_staff_directory() -> None:
    from chalicelib.function_needs import FUNCTIONS, STAFF_DIRECTORY
    from infra.app_stack import statements
    from infra.build import spec_for_stage

    spec = spec_for_stage("prod")
    table = spec.table(STAFF_DIRECTORY).name
    readers = 0
    for needs in FUNCTIONS:
        # The routers are one function per jurisdiction queue; any one of them stands for all.
        handler = "route_cases_640221" if needs.handler == "route_cases" else needs.handler
        for statement in statements(spec, needs, handler, "global"):
            named = json.dumps(statement.get("Resource", ""))
            if f"table/{table}" not in named:
                continue
            readers += 1
            assert set(statement["Action"]) <= {
                "dynamodb:GetItem",
                "dynamodb:Query",
                "dynamodb:BatchGetItem",
            }, (needs.handler, statement)
    assert readers >= 1  # the API reads it to resolve every signed-in member of staff
