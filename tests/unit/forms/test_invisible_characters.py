"""Hole 6: text answers are NFC-normalised and refused when they hold characters nobody can see."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chalicelib.domain.errors import ValidationFailedError
from chalicelib.domain.forms import validate_answers
from chalicelib.domain.forms.text_rules import BIDI_CONTROLS, ZERO_WIDTH
from chalicelib.services import intake
from tests.support.builders import APPLICANT, world
from tests.support.cases import answers
from tests.unit.forms.builders import VALID_APPLICANT, make_form

FORM = make_form({"id": "note", "type": "textarea", "label": "备注"})
INVISIBLE = sorted(BIDI_CONTROLS | ZERO_WIDTH) + [
    "\x00",
    "\x1b",
    "\x7f",
    "\x85",
    "\u2028",
    "\ue000",
]
# Letters, digits, punctuation and inner spaces: what a person types and can see.
VISIBLE = st.text(
    st.characters(categories=("L", "M", "N", "P", "S", "Zs")), min_size=2, max_size=30
).filter(lambda s: len(s.strip()) == len(s))


def name_errors(name: str) -> dict[str, str]:
    result = validate_answers(FORM, {**VALID_APPLICANT, "name": name})
    return {e.path: e.message for e in result.errors}


@pytest.mark.parametrize("bad", ["\u202e", "\u200b", "\u2066", "\ufeff"])
def test_a_name_with_a_bidi_or_zero_width_character_is_refused_naming_the_field(bad: str) -> None:
    """Fails on the old code: only categories Cc and Cs were refused, so U+202E and U+200B passed."""
    errors = name_errors(f"张{bad}三")
    assert list(errors) == ["name"]
    assert errors["name"].startswith("“姓名”含有不可见的控制字符")
    assert f"U+{ord(bad):04X}" in errors["name"] and "第2个字符" in errors["name"]


def test_an_application_naming_its_applicant_with_u202e_is_refused_at_intake() -> None:
    """Fails on the old code: the draft was stored, and its 不予受理通知书 could never be drawn."""
    w = world()
    with pytest.raises(ValidationFailedError) as refused:
        intake.create_case(
            w.intake,
            APPLICANT,
            item_code="RS-002",
            mode="online",
            home_code="640221",
            answers={**answers(), "applicant_name": "马国强\u202e"},
        )
    details = refused.value.details
    assert isinstance(details, list) and [d["path"] for d in details] == ["applicant_name"]
    assert w.cases.cases == {}


@settings(max_examples=200, deadline=None)
@given(VISIBLE, st.sampled_from(INVISIBLE), st.data())
def test_any_invisible_character_anywhere_in_a_name_is_refused(
    text: str, bad: str, data: st.DataObject
) -> None:
    # Inside the text: at either end a whitespace-like control (U+0085) is trimmed, not refused.
    at = data.draw(st.integers(min_value=1, max_value=len(text) - 1), label="position")
    errors = name_errors(text[:at] + bad + text[at:])
    assert "name" in errors and "不可见的控制字符" in errors["name"]


@settings(max_examples=200, deadline=None)
@given(VISIBLE)
def test_visible_text_is_kept_as_nfc_and_trimmed_and_cleaning_twice_changes_nothing(
    text: str,
) -> None:
    result = validate_answers(FORM, {**VALID_APPLICANT, "name": f"  {text} "[:100]})
    if not result.ok:  # only length may refuse visible text (NFC can lengthen a few characters)
        assert {e.code for e in result.errors} == {"too_long"}
        return
    cleaned = result.cleaned["name"]
    assert cleaned == unicodedata.normalize("NFC", cleaned) == cleaned.strip()
    again = validate_answers(FORM, {**VALID_APPLICANT, "name": cleaned})
    assert again.ok and again.cleaned["name"] == cleaned


def test_multi_line_text_keeps_line_breaks_folded_to_lf_but_not_bidi_controls() -> None:
    ok = validate_answers(FORM, {**VALID_APPLICANT, "note": "第一行\r\n第二行\r第三行"})
    assert ok.ok and ok.cleaned["note"] == "第一行\n第二行\n第三行"
    bad = validate_answers(FORM, {**VALID_APPLICANT, "note": "第一行\n\u202e第二行"})
    assert [e.code for e in bad.errors] == ["control_chars"]


def test_a_decomposed_accent_is_stored_composed() -> None:
    result = validate_answers(FORM, {**VALID_APPLICANT, "name": "Jose\u0301"})
    assert result.ok and result.cleaned["name"] == "Jos\u00e9"
