"""The token says who; the staff directory entry valid today says what they may do (issue 9, hole 1).

On the code before this change the principal was built from the token's `cognito:groups` and
`custom:jurisdiction`; `resolve` did not exist, so every test here failed.
"""

from __future__ import annotations

from datetime import date

import pytest

from chalicelib.domain.errors import BadRequestError
from chalicelib.domain.roles import Principal, Role
from chalicelib.services.identity import StaffMfaRequiredError, resolve
from chalicelib.services.staff_directory import CachedStaffDirectory, StaffEntry, staff_entry
from tests.support.identity_fakes import FakeStaffDirectory

TODAY = date(2026, 11, 26)


def identity(user_id: str = "sub-pl-window", **extra: str) -> Principal:
    """What a verified token yields: who, with the applicant role and no scope."""
    return Principal(
        user_id=user_id,
        username="PL_Window",
        name="马晓燕（自己改的名字）",
        roles=frozenset({Role.APPLICANT}),
        phone="+8613900000001",
        email="ma@example.cn",
        extra=dict(extra),
    )


def clerk(**changes: str) -> StaffEntry:
    fields = {
        "user_id": "sub-pl-window",
        "login": "PL_Window",
        "name": "马晓燕",
        "jurisdiction": "640221",
        "center": "640221-ZX",
        "window": "3",
        "valid_from": "2026-01-01",
        **changes,
    }
    return staff_entry(roles=["window_staff"], **fields)


def directory(*entries: StaffEntry) -> FakeStaffDirectory:
    return FakeStaffDirectory({e.user_id: e for e in entries})


def test_a_person_with_a_valid_entry_gets_role_and_scope_from_the_directory() -> None:
    p = resolve(directory(clerk()), identity(), TODAY)
    assert p.roles == frozenset({Role.WINDOW_STAFF})
    assert (p.jurisdiction, p.center, p.department) == ("640221", "640221-ZX", "")
    assert p.extra == {"window": "3"}
    # Who they are still comes from the token; login and name on receipts come from the directory.
    assert (p.user_id, p.phone, p.email) == ("sub-pl-window", "+8613900000001", "ma@example.cn")
    assert (p.username, p.name) == ("pl_window", "马晓燕")


def test_a_person_without_an_entry_is_an_applicant_with_no_scope_whatever_the_token_said() -> None:
    token_claims_staff = Principal(
        user_id="sub-stranger",
        username="stranger",
        name="冒充者",
        roles=frozenset({Role.SUPERVISOR}),
        jurisdiction="640221",
        center="640221-ZX",
        department="RS",
    )
    p = resolve(directory(clerk()), token_claims_staff, TODAY)
    assert p.roles == frozenset({Role.APPLICANT})
    assert (p.jurisdiction, p.center, p.department) == ("", "", "")


@pytest.mark.parametrize(
    ("valid_from", "valid_to"),
    [("2026-11-27", ""), ("2026-01-01", "2026-11-25")],
    ids=["starts tomorrow", "ended yesterday"],
)
def test_an_entry_not_valid_today_grants_nothing(valid_from: str, valid_to: str) -> None:
    entry = clerk(valid_from=valid_from, valid_to=valid_to)
    assert resolve(directory(entry), identity(), TODAY).roles == frozenset({Role.APPLICANT})


def test_an_entry_holds_on_its_first_and_its_last_day() -> None:
    entry = clerk(valid_from="2026-11-26", valid_to="2026-11-26")
    assert resolve(directory(entry), identity(), TODAY).roles == frozenset({Role.WINDOW_STAFF})


def test_an_entry_written_by_hand_without_a_jurisdiction_grants_nothing() -> None:
    entry = StaffEntry(
        user_id="sub-sup",
        login="sup",
        name="无地区的监督人员",
        roles=frozenset({Role.SUPERVISOR}),
        jurisdiction="",
    )
    p = resolve(directory(entry), identity("sub-sup"), TODAY)
    assert p.roles == frozenset({Role.APPLICANT}) and p.jurisdiction == ""


def test_where_mfa_is_required_a_staff_sign_in_without_a_second_factor_is_refused() -> None:
    with pytest.raises(StaffMfaRequiredError, match="动态口令"):
        resolve(directory(clerk()), identity(amr="pwd"), TODAY, mfa_required=True)
    p = resolve(directory(clerk()), identity(amr="pwd otp mfa"), TODAY, mfa_required=True)
    assert p.roles == frozenset({Role.WINDOW_STAFF})


def test_where_mfa_is_required_applicants_still_sign_in_with_a_password_alone() -> None:
    p = resolve(directory(), identity(amr="pwd"), TODAY, mfa_required=True)
    assert p.roles == frozenset({Role.APPLICANT})


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"jurisdiction": ""}, "所属地区"),
        ({"valid_from": "26/11/2026"}, "YYYY-MM-DD"),
        ({"valid_to": "2025-12-31"}, "早于"),
        ({"login": ""}, "登录名"),
    ],
)
def test_the_administrator_cannot_write_an_entry_that_would_grant_unbounded_or_unclear_scope(
    changes: dict[str, str], message: str
) -> None:
    with pytest.raises(BadRequestError, match=message):
        clerk(**changes)


@pytest.mark.parametrize("roles", [["applicant"], ["system"], [], ["window_staff", "root"]])
def test_a_directory_entry_carries_staff_roles_only(roles: list[str]) -> None:
    with pytest.raises(BadRequestError, match="角色"):
        staff_entry(
            user_id="u",
            login="u",
            name="某人",
            roles=roles,
            jurisdiction="640221",
            valid_from="2026-01-01",
        )


def test_logins_are_kept_in_lower_case_so_the_administrator_finds_them_however_typed() -> None:
    assert clerk().login == "pl_window"


class Ticks:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_the_cache_answers_from_memory_for_its_lifetime_then_asks_again() -> None:
    inner, ticks = directory(clerk()), Ticks()
    cached = CachedStaffDirectory(inner, ttl_seconds=60, now=ticks)
    for _ in range(5):
        assert cached.entry_for("sub-pl-window") == clerk()
    assert inner.reads == 1
    # The administrator ends the entry: within the cache's lifetime the old answer still holds…
    inner.put(clerk(valid_to="2026-11-25"))
    ticks.now = 59.0
    assert cached.entry_for("sub-pl-window") == clerk()
    # …and after it, the container sees the end.
    ticks.now = 60.0
    assert resolve(cached, identity(), TODAY).roles == frozenset({Role.APPLICANT})
    assert inner.reads == 2


def test_the_cache_remembers_absences_too_so_applicants_cost_no_read_per_request() -> None:
    inner = directory()
    cached = CachedStaffDirectory(inner, ttl_seconds=60, now=Ticks())
    for _ in range(3):
        assert cached.entry_for("sub-applicant") is None
    assert inner.reads == 1
