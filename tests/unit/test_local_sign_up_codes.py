"""Local sign-up codes behave as Cognito's: six digits, only the sent one confirms, once, within its lifetime."""

from __future__ import annotations

from devtools.local_cognito import SignUpCodes


def test_a_sent_code_is_six_digits_and_confirms_once() -> None:
    codes = SignUpCodes()
    code = codes.issue("client", "zhang")
    assert len(code) == 6 and code.isdigit()
    assert codes.check("client", "zhang", code) is None
    assert codes.check("client", "zhang", code) == "NoCodeSent"


def test_a_wrong_code_is_a_mismatch_and_leaves_the_right_one_usable() -> None:
    codes = SignUpCodes()
    code = codes.issue("client", "zhang")
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    assert codes.check("client", "zhang", wrong) == "CodeMismatchException"
    assert codes.check("client", "zhang", code) is None


def test_a_code_past_its_lifetime_has_expired() -> None:
    codes = SignUpCodes(lifetime=-1)
    code = codes.issue("client", "zhang")
    assert codes.check("client", "zhang", code) == "ExpiredCodeException"


def test_a_new_code_replaces_the_one_sent_before() -> None:
    codes = SignUpCodes()
    first = codes.issue("client", "zhang")
    second = codes.issue("client", "zhang")
    if first != second:
        assert codes.check("client", "zhang", first) == "CodeMismatchException"
    assert codes.check("client", "zhang", second) is None
