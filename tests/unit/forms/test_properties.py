"""Property tests: any decoded JSON gives a ValidationResult with field-level Chinese errors; real IDs pass."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from chalicelib.domain.clock_state import china_today
from chalicelib.domain.forms import ValidationResult, validate_answers
from chalicelib.domain.forms.identifiers import PROVINCES
from tests.unit.forms.builders import make_form

OPTIONS = [{"value": "a", "label": "甲"}, {"value": "b", "label": "乙"}]
SINK = make_form(
    {"id": "t", "type": "text", "label": "文本", "max_length": 20},
    {"id": "ta", "type": "textarea", "label": "多行"},
    {"id": "n", "type": "number", "label": "数字", "min": 0, "max": 99},
    {"id": "m", "type": "money", "label": "金额"},
    {"id": "d", "type": "date", "label": "日期", "max": "today"},
    {"id": "s", "type": "select", "label": "下拉", "options": OPTIONS, "required": True},
    {
        "id": "r",
        "type": "radio",
        "label": "单选",
        "options": OPTIONS,
        "visible_if": {"field": "s", "equals": "a"},
        "required_if": {"field": "s", "equals": "a"},
    },
    {"id": "c", "type": "checkbox", "label": "多选", "options": OPTIONS},
    {"id": "u", "type": "uscc", "label": "信用代码"},
    {"id": "p", "type": "plate", "label": "车牌"},
    {"id": "dv", "type": "division", "label": "区划"},
    {"id": "ad", "type": "address", "label": "地址", "required": True},
    {"id": "b", "type": "bank_account", "label": "账号"},
    {
        "id": "g",
        "type": "group",
        "label": "成员",
        "max_items": 3,
        "fields": [
            {"id": "id_number", "type": "id_number", "label": "身份号码", "required": True},
            {"id": "amount", "type": "money", "label": "金额"},
            {
                "id": "sex",
                "type": "computed",
                "label": "性别",
                "compute": {"fn": "gender_from_id", "args": ["id_number"]},
            },
        ],
    },
    {"id": "k", "type": "computed", "label": "人数", "compute": {"fn": "count", "args": ["g"]}},
    {
        "id": "sum",
        "type": "computed",
        "label": "合计",
        "compute": {"fn": "sum", "args": ["g", "amount"]},
    },
)
TOP_IDS = [f.id for f in SINK.all_fields()]
CJK = re.compile(r"[\u4e00-\u9fff]")
APPLICANT = {"name": "马国强", "phone": "13909520001"}

nasty_text = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(categories=("Cc", "Cs", "Zs", "Nd", "Lo")), max_size=40),
    st.integers(1, 200_000).map(lambda n: "长" * n),
    st.sampled_from(
        [
            "640221199001010011",
            "6402211990023000 1X",
            "宁BI2345",
            "2023-02-29",
            "1e309",
            "NaN",
            "-0.001",
        ]
    ),
)
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), nasty_text)
junk = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=8), inner, max_size=5)
    ),
    max_leaves=25,
)
answer_sets = st.dictionaries(
    st.one_of(st.sampled_from(TOP_IDS), st.text(max_size=12)), junk, max_size=20
)


def assert_well_formed(result: ValidationResult) -> None:
    assert isinstance(result, ValidationResult)
    for error in result.errors:
        head = re.split(r"[.\[]", error.path, maxsplit=1)[0]
        assert error.path == "$" or head in TOP_IDS or error.code == "unknown_field", error
        assert CJK.search(error.message), error
        assert error.code
    if result.ok:
        assert set(result.cleaned) <= set(TOP_IDS)


@settings(max_examples=300, deadline=None)
@given(answer_sets)
def test_any_answer_set_yields_a_result_never_an_exception(answers: dict[str, Any]) -> None:
    assert_well_formed(validate_answers(SINK, answers))


@settings(max_examples=100, deadline=None)
@given(junk)
def test_any_json_value_at_all_yields_a_result(value: Any) -> None:
    result = validate_answers(SINK, value)
    assert_well_formed(result)
    if not isinstance(value, dict):
        assert [e.path for e in result.errors] == ["$"]


@settings(max_examples=100, deadline=None)
@given(
    st.dictionaries(
        st.text(min_size=1, max_size=12).filter(lambda k: k not in TOP_IDS),
        junk,
        min_size=1,
        max_size=5,
    )
)
def test_unknown_fields_are_reported_one_by_one(extra: dict[str, Any]) -> None:
    valid = {
        **APPLICANT,
        "id_number": "64022119900101001X",
        "s": "b",
        "ad": {"division": "640221", "detail": "某路1号"},
    }
    assert validate_answers(SINK, valid).ok
    result = validate_answers(SINK, {**valid, **extra})
    assert len(result.errors) == len(extra)
    assert {e.code for e in result.errors} == {"unknown_field"}


def gb11643(body: str) -> str:
    """The check character, computed here independently of the code under test."""
    weights = [2 ** (17 - i) % 11 for i in range(17)]
    return "10X98765432"[sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11]


@st.composite
def resident_ids(draw: st.DrawFn) -> tuple[str, date]:
    province = draw(st.sampled_from(sorted(PROVINCES)))
    area = draw(st.integers(0, 9999))
    born = draw(st.dates(min_value=date(1900, 1, 1), max_value=china_today() - timedelta(days=1)))
    seq = draw(st.integers(0, 999))
    body = f"{province}{area:04d}{born:%Y%m%d}{seq:03d}"
    return body + gb11643(body), born


ID_FORM = make_form(
    {
        "id": "born",
        "type": "computed",
        "label": "出生日期",
        "compute": {"fn": "birth_date_from_id", "args": ["id_number"]},
    },
    {
        "id": "sex",
        "type": "computed",
        "label": "性别",
        "compute": {"fn": "gender_from_id", "args": ["id_number"]},
    },
)


@settings(max_examples=300, deadline=None)
@given(resident_ids())
def test_every_well_formed_resident_id_is_accepted_with_birth_date_and_gender(
    case: tuple[str, date],
) -> None:
    number, born = case
    result = validate_answers(ID_FORM, {**APPLICANT, "id_number": number.lower()})
    assert result.ok, result.errors
    assert result.cleaned["id_number"] == number
    assert result.cleaned["born"] == born.isoformat()
    assert result.cleaned["sex"] == ("男" if int(number[16]) % 2 else "女")


@settings(max_examples=200, deadline=None)
@given(resident_ids(), st.sampled_from("0123456789X"))
def test_any_other_check_character_is_rejected(case: tuple[str, date], wrong: str) -> None:
    number, _ = case
    if wrong == number[-1]:
        return
    result = validate_answers(ID_FORM, {**APPLICANT, "id_number": number[:-1] + wrong})
    assert [(e.path, e.code) for e in result.errors] == [("id_number", "id_number_checksum")]


@settings(max_examples=100, deadline=None)
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)), st.integers(32, 99))
def test_impossible_and_future_birth_dates_are_rejected(born: date, bad_day: int) -> None:
    future = china_today() + timedelta(
        days=1 + born.toordinal() % 3000
    )  # the forms judge by China's date
    for stamp in (f"{born:%Y%m}{bad_day}", f"{future:%Y%m%d}"):
        body = f"640221{stamp}001"
        result = validate_answers(ID_FORM, {**APPLICANT, "id_number": body + gb11643(body)})
        assert [e.code for e in result.errors] == ["id_number_birth_date"]
