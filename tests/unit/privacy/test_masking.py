"""Masking of ID numbers and phones (issue 9, build item 4): 6402**********123X and 138****0001."""

from __future__ import annotations

from chalicelib.domain.masking import (
    mask_deep,
    mask_id_number,
    mask_phone,
    mask_secret,
    mask_text,
)


def test_an_18_digit_id_number_keeps_its_first_four_and_last_four() -> None:
    assert mask_id_number("64022119900101123X") == "6402**********123X"


def test_an_old_15_digit_id_number_keeps_its_first_four_and_last_four() -> None:
    assert mask_id_number("640221900101123") == "6402*******1123"


def test_a_mobile_number_keeps_its_first_three_and_last_four() -> None:
    assert mask_phone("13800000001") == "138****0001"
    assert mask_phone("+8613800000001") == "+86138****0001"


def test_short_values_are_starred_whole() -> None:
    assert mask_id_number("1234") == "****"
    assert mask_phone("12345") == "*****"


def test_free_text_has_every_id_number_and_phone_masked_and_nothing_else_changed() -> None:
    text = "申请人 64022119900101123x，电话13800000001，办件编号 KS640221-20261126-0000017。"
    assert mask_text(text) == (
        "申请人 6402**********123x，电话138****0001，办件编号 KS640221-20261126-0000017。"
    )


def test_digits_inside_a_longer_number_or_word_are_left_alone() -> None:
    assert mask_text("流水号 1380000000123456789012") == "流水号 1380000000123456789012"
    assert mask_text("ABC64022119900101123X") == "ABC64022119900101123X"


def test_nested_answers_are_masked_through_lists_and_objects() -> None:
    answers = {
        "applicant_id_number": "64022119900101123X",
        "members": [{"phone": "13912345678", "age": 7}],
        "note": "无",
    }
    assert mask_deep(answers) == {
        "applicant_id_number": "6402**********123X",
        "members": [{"phone": "139****5678", "age": 7}],
        "note": "无",
    }


def test_a_secret_shows_none_of_its_digits() -> None:
    assert mask_secret("123456") == "******"
    assert mask_secret("") == ""
