"""One contract for the staff directory, run against the in-memory fake and the DynamoDB adapter on moto."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from chalicelib.adapters.dynamodb_staff_directory import DynamoStaffDirectory
from chalicelib.domain.errors import BadRequestError
from chalicelib.domain.roles import Role
from chalicelib.services.staff_directory import StaffEntry, StaffRoster, staff_entry
from tests.support.identity_fakes import FakeStaffDirectory
from tests.support.moto_env import spec_table


@pytest.fixture(params=["fake", "dynamodb"])
def roster(request: pytest.FixtureRequest) -> Iterator[StaffRoster]:
    if request.param == "fake":
        yield FakeStaffDirectory()
        return
    with spec_table("StaffDirectoryTable") as (client, name):
        yield DynamoStaffDirectory(client, name)


def entry(user_id: str, login: str, **changes: str) -> StaffEntry:
    fields = {
        "name": "孙建华",
        "jurisdiction": "371621",
        "center": "371621-ZX",
        "department": "RS",
        "valid_from": "2026-01-01",
        **changes,
    }
    return staff_entry(
        user_id=user_id, login=login, roles=["approver", "department_head"], **fields
    )


def test_an_entry_comes_back_whole_by_sub_and_by_login(roster: StaffRoster) -> None:
    written = entry("sub-1", "hm_approver", window="7", valid_to="2026-12-31")
    roster.put(written)
    assert roster.entry_for("sub-1") == written
    assert roster.by_login("HM_Approver") == written
    assert written.roles == frozenset({Role.APPROVER, Role.DEPARTMENT_HEAD})
    assert written.valid_to == date(2026, 12, 31)


def test_an_open_entry_has_no_end(roster: StaffRoster) -> None:
    roster.put(entry("sub-1", "hm_approver"))
    found = roster.entry_for("sub-1")
    assert found is not None and found.valid_to is None and found.window == ""


def test_an_unknown_person_has_no_entry(roster: StaffRoster) -> None:
    roster.put(entry("sub-1", "hm_approver"))
    assert roster.entry_for("sub-2") is None
    assert roster.entry_for("") is None
    assert roster.by_login("nobody") is None


def test_putting_an_entry_again_replaces_it_and_ending_it_keeps_the_rest(
    roster: StaffRoster,
) -> None:
    first = entry("sub-1", "hm_approver")
    roster.put(first)
    roster.put(first.ended(date(2026, 11, 25)))
    found = roster.entry_for("sub-1")
    assert found == first.ended(date(2026, 11, 25))
    assert found is not None and not found.valid_on(date(2026, 11, 26))


def test_one_login_belongs_to_one_person(roster: StaffRoster) -> None:
    roster.put(entry("sub-1", "hm_approver"))
    with pytest.raises(BadRequestError, match="已属于另一名工作人员"):
        roster.put(entry("sub-2", "hm_approver", name="另一个人"))
    assert roster.entry_for("sub-2") is None


def test_every_entry_is_listed_by_jurisdiction_and_login(roster: StaffRoster) -> None:
    roster.put(entry("sub-2", "pl_window", jurisdiction="640221"))
    roster.put(entry("sub-3", "hm_window"))
    roster.put(entry("sub-1", "hm_approver"))
    assert [e.login for e in roster.entries()] == ["hm_approver", "hm_window", "pl_window"]
