"""Case numbers carry the receiving county's code and a check character; roles come from token groups."""

from __future__ import annotations

from datetime import date

import pytest

from chalicelib.domain.case_numbers import county_of, format_case_number, is_valid_case_number
from chalicelib.domain.roles import Role, roles_from_groups


def test_a_case_number_carries_the_receiving_county_code_date_and_serial() -> None:
    number = format_case_number("640221", date(2026, 11, 26), 17)
    assert number.startswith("KS640221-20261126-000017")
    assert is_valid_case_number(number)
    assert county_of(number) == "640221"


def test_a_mistyped_case_number_fails_its_check_character() -> None:
    number = format_case_number("371621", date(2026, 1, 2), 5)
    wrong = number[:-2] + ("9" if number[-2] != "9" else "8") + number[-1]
    assert not is_valid_case_number(wrong)


@pytest.mark.parametrize("code", ["64022", "6402211", "abcdef", ""])
def test_a_case_number_needs_a_six_digit_area_code(code: str) -> None:
    with pytest.raises(ValueError):
        format_case_number(code, date(2026, 1, 1), 1)


def test_serials_are_distinct_numbers_on_the_same_day() -> None:
    numbers = {format_case_number("640221", date(2026, 11, 26), n) for n in range(1, 500)}
    assert len(numbers) == 499


@pytest.mark.parametrize(
    ("groups", "expected"),
    [
        (["approver"], {Role.APPROVER}),
        ("approver", {Role.APPROVER}),
        ("[window_staff approver]", {Role.WINDOW_STAFF, Role.APPROVER}),
        ("window_staff,supervisor", {Role.WINDOW_STAFF, Role.SUPERVISOR}),
        (["system", "nobody"], set()),
        (None, set()),
    ],
)
def test_groups_arrive_as_a_list_locally_and_as_a_string_behind_api_gateway(
    groups: object, expected: set[Role]
) -> None:
    assert roles_from_groups(groups) == frozenset(expected)
