"""Every field type: what it accepts, how it cleans, which error code it gives."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from chalicelib.domain.forms import FormDefinition, ValidationResult, validate_answers
from tests.unit.forms.builders import answers, card_number, credit_code, make_form, resident_id

TODAY = date(2025, 6, 1)


def check(form: FormDefinition, **extra: Any) -> ValidationResult:
    return validate_answers(form, answers(**extra), today=TODAY)


def codes(result: ValidationResult) -> dict[str, str]:
    return {e.path: e.code for e in result.errors}


def one(kind: str, **spec: Any) -> FormDefinition:
    return make_form({"id": "x", "type": kind, "label": "测试项", **spec})


class TestText:
    def test_text_is_stripped_and_kept(self) -> None:
        assert check(one("text"), x="  平罗县  ").cleaned["x"] == "平罗县"

    def test_text_longer_than_max_length_is_too_long_with_the_limit_in_the_message(self) -> None:
        result = check(one("text", max_length=5), x="一二三四五六")
        assert codes(result) == {"x": "too_long"}
        assert "5" in result.errors[0].message

    def test_text_has_a_default_max_length_of_100(self) -> None:
        assert codes(check(one("text"), x="字" * 101)) == {"x": "too_long"}

    @pytest.mark.parametrize("bad", ["a\x00b", "a\x1bb", "a\nb", "a\ud800b", "a\x7fb"])
    def test_control_characters_and_lone_surrogates_are_rejected_in_text(self, bad: str) -> None:
        assert codes(check(one("text"), x=bad)) == {"x": "control_chars"}

    def test_textarea_allows_line_breaks_and_tabs_but_not_other_controls(self) -> None:
        form = one("textarea")
        assert check(form, x="第一行\n第二行\t完").ok
        assert codes(check(form, x="坏\x08字")) == {"x": "control_chars"}

    def test_non_string_text_is_a_type_error(self) -> None:
        assert codes(check(one("text"), x=123)) == {"x": "type"}

    def test_blank_text_counts_as_missing_for_required(self) -> None:
        assert codes(check(one("text", required=True), x="   ")) == {"x": "required"}

    def test_optional_empty_answer_is_left_out_of_cleaned(self) -> None:
        result = check(one("text"), x="")
        assert result.ok and "x" not in result.cleaned


class TestNumberAndMoney:
    def test_number_accepts_int_and_numeric_string(self) -> None:
        form = one("number", min=0, max=100)
        assert check(form, x=7).cleaned["x"] == 7
        assert check(form, x=" 8 ").cleaned["x"] == 8
        assert check(form, x="９").cleaned["x"] == 9  # full-width digits from an IME

    @pytest.mark.parametrize(
        ("raw", "code"),
        [
            (True, "invalid_number"),
            ("abc", "invalid_number"),
            (float("nan"), "invalid_number"),
            (1.5, "not_integer"),
            (-1, "too_small"),
            (101, "too_large"),
        ],
    )
    def test_number_rejections(self, raw: object, code: str) -> None:
        assert codes(check(one("number", min=0, max=100), x=raw)) == {"x": code}

    def test_number_allows_decimals_when_not_integer(self) -> None:
        assert check(one("number", integer=False), x="2.5").cleaned["x"] == 2.5

    @pytest.mark.parametrize(
        ("raw", "fen"),
        [
            ("12.34", 1234),
            ("12.3", 1230),
            ("12", 1200),
            (12, 1200),
            (12.34, 1234),
            ("1,234.50", 123450),
            ("0", 0),
        ],
    )
    def test_money_is_cleaned_to_integer_fen(self, raw: object, fen: int) -> None:
        assert check(one("money"), x=raw).cleaned["x"] == fen

    @pytest.mark.parametrize("raw", ["12.345", "-1", "abc", True, 10**20, "1e5", [1]])
    def test_money_rejects_more_than_two_decimals_negatives_and_junk(self, raw: object) -> None:
        assert codes(check(one("money"), x=raw)) == {"x": "invalid_money"}

    def test_money_bounds_are_written_in_yuan_and_reported_in_yuan(self) -> None:
        form = one("money", min="0.01", max=100)
        assert codes(check(form, x="0")) == {"x": "too_small"}
        result = check(form, x="100.01")
        assert codes(result) == {"x": "too_large"} and "100.00元" in result.errors[0].message


class TestDate:
    def test_iso_date_is_accepted(self) -> None:
        assert check(one("date"), x="2024-02-29").cleaned["x"] == "2024-02-29"

    @pytest.mark.parametrize(
        "raw", ["2023-02-29", "2024/01/01", "20240101", "2024-W01-1", 20240101, "2024-1-1"]
    )
    def test_impossible_or_non_iso_dates_are_invalid(self, raw: object) -> None:
        assert codes(check(one("date"), x=raw)) == {"x": "invalid_date"}

    def test_today_bound_uses_the_validation_date(self) -> None:
        form = one("date", max="today", min="2025-01-01")
        assert check(form, x="2025-06-01").ok
        assert codes(check(form, x="2025-06-02")) == {"x": "date_too_late"}
        assert codes(check(form, x="2024-12-31")) == {"x": "date_too_early"}


class TestOptions:
    OPTIONS = [
        {"value": "a", "label": "甲"},
        {"value": "b", "label": "乙"},
        {"value": "c", "label": "丙"},
    ]

    @pytest.mark.parametrize("kind", ["select", "radio"])
    def test_single_choice_must_be_an_option_value(self, kind: str) -> None:
        form = one(kind, options=self.OPTIONS)
        assert check(form, x="b").cleaned["x"] == "b"
        assert codes(check(form, x="乙")) == {"x": "invalid_option"}
        assert codes(check(form, x=["b"])) == {"x": "invalid_option"}

    def test_checkbox_cleans_to_unique_values_in_option_order(self) -> None:
        form = one("checkbox", options=self.OPTIONS)
        assert check(form, x=["c", "a", "c"]).cleaned["x"] == ["a", "c"]
        assert check(form, x="b").cleaned["x"] == ["b"]

    def test_checkbox_with_an_unknown_value_is_rejected(self) -> None:
        assert codes(check(one("checkbox", options=self.OPTIONS), x=["a", "z"])) == {
            "x": "invalid_option"
        }


class TestIdNumber:
    def test_gb_examples_and_lower_case_x_are_accepted(self) -> None:
        form = one("id_number")
        assert check(form, x="11010519491231002x").cleaned["x"] == "11010519491231002X"
        assert check(form, x="440524188001010014").ok
        assert check(form, x="６４０２２１１９９００１０１００１Ｘ").ok  # full-width input

    @pytest.mark.parametrize(
        ("raw", "code"),
        [
            ("640221199001010011", "id_number_checksum"),
            ("64022119900101001", "id_number_format"),
            ("640221900101001", "id_number_legacy"),
            (resident_id("990221"), "id_number_region"),
            (resident_id(birth="19900230"), "id_number_birth_date"),
            (resident_id(birth="20990101"), "id_number_birth_date"),
            ("A4022119900101001X", "id_number_format"),
            (64022119900101001, "id_number_format"),
        ],
    )
    def test_bad_id_numbers_get_a_specific_code(self, raw: object, code: str) -> None:
        assert codes(check(one("id_number"), x=raw)) == {"x": code}

    def test_custom_message_replaces_the_default_for_that_code(self) -> None:
        form = one("id_number", messages={"id_number_checksum": "请核对{label}"})
        assert check(form, x="640221199001010011").errors[0].message == "请核对测试项"


class TestShortIdentifiers:
    @pytest.mark.parametrize(
        "raw", ["13800138000", "138 0013 8000", "+8613800138000", "199-0952-0001"]
    )
    def test_mainland_mobile_numbers_are_normalised(self, raw: str) -> None:
        assert check(one("mobile"), x=raw).cleaned["x"] in {"13800138000", "19909520001"}

    @pytest.mark.parametrize("raw", ["12800138000", "1380013800", "0952-1234567", "1380013800a"])
    def test_other_numbers_are_not_mobiles(self, raw: str) -> None:
        assert codes(check(one("mobile"), x=raw)) == {"x": "invalid_mobile"}

    def test_uscc_with_a_correct_check_character_is_accepted_in_upper_case(self) -> None:
        code = credit_code()
        assert check(one("uscc"), x=code.lower()).cleaned["x"] == code
        assert check(one("uscc"), x="91110000600037341L").ok

    def test_uscc_with_a_wrong_check_character_or_bad_shape_is_rejected(self) -> None:
        code = credit_code()
        wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
        assert codes(check(one("uscc"), x=wrong)) == {"x": "uscc_checksum"}
        assert codes(check(one("uscc"), x="91640221MA76A1B2")) == {"x": "invalid_uscc"}
        assert codes(check(one("uscc"), x="9164022IMA76A1B2CX")) == {"x": "invalid_uscc"}

    @pytest.mark.parametrize(
        "raw", ["宁B12345", "宁b·12345", "京AD12345", "鲁P12345F", "宁B1234学", "晋M12345"]
    )
    def test_ordinary_and_new_energy_plates_are_accepted(self, raw: str) -> None:
        assert check(one("plate"), x=raw).ok

    @pytest.mark.parametrize(
        "raw", ["宁BI2345", "宁B1234", "宁BD123456", "XB12345", "宁B12345D6", "宁B0O123"]
    )
    def test_impossible_plates_are_rejected(self, raw: str) -> None:
        assert codes(check(one("plate"), x=raw)) == {"x": "invalid_plate"}

    def test_bank_card_numbers_need_a_valid_luhn_digit(self) -> None:
        card = card_number()
        assert check(one("bank_account"), x=card[:4] + " " + card[4:]).cleaned["x"] == card
        broken = card[:-1] + str((int(card[-1]) + 1) % 10)
        assert codes(check(one("bank_account"), x=broken)) == {"x": "bank_account_checksum"}

    def test_short_passbook_accounts_skip_luhn_and_luhn_can_be_switched_off(self) -> None:
        assert check(one("bank_account"), x="123456789012").ok
        assert check(one("bank_account", luhn=False), x="6217001234567890120").ok

    @pytest.mark.parametrize(
        "raw", ["12345678901", "12345678901234567890", "6217abc", 621700123456]
    )
    def test_bank_accounts_must_be_12_to_19_digits(self, raw: object) -> None:
        assert codes(check(one("bank_account"), x=raw)) == {"x": "invalid_bank_account"}


class TestDivisionAndAddress:
    def test_division_is_split_into_levels(self) -> None:
        cleaned = check(one("division"), x="640221").cleaned["x"]
        assert cleaned == {
            "code": "640221",
            "province": "640000",
            "city": "640200",
            "county": "640221",
        }

    def test_twelve_digit_platform_codes_and_cleaned_dicts_are_accepted(self) -> None:
        form = one("division")
        assert check(form, x="371621000000").cleaned["x"]["code"] == "371621"
        assert check(form, x={"code": "140823"}).cleaned["x"]["county"] == "140823"

    @pytest.mark.parametrize(
        ("raw", "level", "code"),
        [
            ("990221", "county", "division_unknown_province"),
            ("64022", "county", "invalid_division"),
            ("640200", "county", "division_too_coarse"),
            ("640000", "city", "division_city_required"),
            ("640021", "county", "invalid_division"),
            ({"code": "640221", "x": 1}, "county", "invalid_division"),
        ],
    )
    def test_bad_divisions(self, raw: object, level: str, code: str) -> None:
        assert codes(check(one("division", level=level), x=raw)) == {"x": code}

    def test_province_level_picker_accepts_a_province(self) -> None:
        assert check(one("division", level="province"), x="640000").cleaned["x"]["city"] is None

    def test_address_cleans_division_and_detail(self) -> None:
        cleaned = check(one("address"), x={"division": "640221", "detail": " 城关镇1号 "}).cleaned[
            "x"
        ]
        assert cleaned == {
            "division": {
                "code": "640221",
                "province": "640000",
                "city": "640200",
                "county": "640221",
            },
            "detail": "城关镇1号",
        }

    def test_address_reports_each_part_at_its_own_path(self) -> None:
        result = check(one("address"), x={"division": "990000", "detail": "", "zip": "1"})
        assert codes(result) == {
            "x.zip": "unknown_field",
            "x.division": "division_unknown_province",
            "x.detail": "required",
        }

    def test_address_that_is_not_an_object_is_a_type_error(self) -> None:
        assert codes(check(one("address"), x="平罗县城关镇")) == {"x": "type"}
