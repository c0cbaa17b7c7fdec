"""The one authorization policy, role by role, on cases of every mode (issue 9)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from chalicelib.domain.cases import Case
from chalicelib.domain.errors import ForbiddenActionError, NotFoundError
from chalicelib.domain.modes import HandlingMode
from chalicelib.domain.roles import Principal, Role
from chalicelib.domain.statuses import Action, CaseStatus
from chalicelib.services.access_policy import check_may_act, check_staff_view, may_see
from tests.support.builders import person
from tests.support.fakes import FakeCases

PROXY = Case(
    case_id="c1",
    case_number="KS640221-20261201-0000011",
    query_code="123456",
    item_code="RS-002",
    item_name="失业登记",
    form_id="unemployment-registration",
    form_version=1,
    mode=HandlingMode.PROXY,
    receiving_code="640221",
    home_code="371621",
    department="RS",
    applicant_user_id="",
    applicant_name="张三",
    applicant_id_number="",
    applicant_phone="",
    answers={},
    status=CaseStatus.SUBMITTED,
    version=2,
    created_at="2026-12-01T09:00:00+08:00",
    updated_at="2026-12-01T09:00:00+08:00",
    receiving_center="640221-TZ-03",
)
ONLINE = replace(
    PROXY,
    mode=HandlingMode.ONLINE,
    receiving_code="371621",
    receiving_center="",
    applicant_user_id="u-1",
)


def clerk(centre: str, code: str = "640221") -> Principal:
    return replace(person(Role.WINDOW_STAFF, f"u-{centre}", code), center=centre)


OWNER = person(Role.APPLICANT, "u-1")
STRANGER = person(Role.APPLICANT, "u-2")
HOME_RS = person(Role.APPROVER, "u-hm-rs", "371621", "RS")
HOME_GA = person(Role.APPROVER, "u-hm-ga", "371621", "GA")
HOME_ALL = person(Role.APPROVER, "u-hm-all", "371621")  # a small county's multi-department approver
PL_SUPERVISOR = person(Role.SUPERVISOR, "u-pl-sup", "640221")
WX_SUPERVISOR = person(Role.SUPERVISOR, "u-wx-sup", "140823")
NOWHERE_SUPERVISOR = person(Role.SUPERVISOR, "u-sup", "")


@pytest.mark.parametrize(
    ("who", "case", "sees"),
    [
        (OWNER, ONLINE, True),
        (STRANGER, ONLINE, False),
        (clerk("640221-TZ-03"), PROXY, True),
        (clerk("640221-TZ-04"), PROXY, False),  # another township's counter
        (
            clerk("371621-ZX", "371621"),
            PROXY,
            False,
        ),  # the home county's counter did not receive it
        (clerk("371621-ZX", "371621"), ONLINE, False),  # online cases are the department's
        (HOME_RS, PROXY, True),
        (HOME_GA, PROXY, False),  # another department of the home county
        (HOME_ALL, PROXY, True),
        (
            person(Role.APPROVER, "u-pl-rs", "640221", "RS"),
            PROXY,
            False,
        ),  # receiving side decides nothing
        (PL_SUPERVISOR, PROXY, True),
        (WX_SUPERVISOR, PROXY, False),
        (NOWHERE_SUPERVISOR, PROXY, False),  # no jurisdiction sees nothing, not everything
    ],
)
def test_who_may_see_a_case(who: Principal, case: Case, sees: bool) -> None:
    assert may_see(who, case) is sees


def test_in_joint_remote_handling_the_receiving_departments_approver_sees_the_case() -> None:
    remote = replace(PROXY, mode=HandlingMode.JOINT_REMOTE)
    assert may_see(person(Role.APPROVER, "u-pl-rs", "640221", "RS"), remote)


def test_what_you_may_not_see_is_not_found_before_any_other_rule() -> None:
    cases = FakeCases()
    cases.cases["c1"] = PROXY
    with pytest.raises(NotFoundError, match="办件不存在"):
        check_may_act(HOME_GA, PROXY, Action.ACCEPT)
    with pytest.raises(NotFoundError):
        check_staff_view(STRANGER, ONLINE, "办理记录")


def test_supervisors_only_read_and_void() -> None:
    with pytest.raises(ForbiddenActionError, match="只能查看"):
        check_may_act(PL_SUPERVISOR, PROXY, Action.ACCEPT)
    check_may_act(PL_SUPERVISOR, PROXY, Action.VOID)


def test_the_audit_trail_and_the_dossier_are_for_staff_only() -> None:
    with pytest.raises(ForbiddenActionError, match="仅限工作人员"):
        check_staff_view(OWNER, ONLINE, "办理记录")
    check_staff_view(HOME_RS, ONLINE, "办理记录")
