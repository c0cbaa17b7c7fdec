"""Progress lookup (进度查询) by case number and 查询密码: for the right pair only, and not guessable."""

from __future__ import annotations

import pytest

from chalicelib.domain.errors import ForbiddenActionError
from tests.support.builders import APPLICANT, world
from tests.support.cases import file_case


def test_anyone_with_the_number_and_query_code_sees_the_progress_and_nobody_else() -> None:
    from chalicelib.domain.errors import NotFoundError
    from chalicelib.services import tracking

    w = world()
    case_id = file_case(w, APPLICANT)
    case = w.cases.get(case_id)
    progress = tracking.track(w.tracking, case.case_number.lower(), case.query_code)
    assert (
        progress["status_label"] == "已提交（收件）"
        and [s["step"] for s in progress["steps"]][-1] == "提交申请"
    )
    for number, code in (
        (case.case_number, "000000"),
        ("KS640221-20261126-9999990", case.query_code),
    ):
        with pytest.raises(NotFoundError, match="办件编号或查询密码不正确"):
            tracking.track(w.tracking, number, code)


def test_guessing_a_query_code_is_stopped_after_ten_failures_a_day() -> None:
    from chalicelib.domain.errors import NotFoundError
    from chalicelib.services import tracking

    w = world()
    case = w.cases.get(file_case(w, APPLICANT))
    wrong = "000000" if case.query_code != "000000" else "111111"
    for _ in range(tracking.MAX_FAILURES_PER_DAY):
        with pytest.raises(NotFoundError):
            tracking.track(w.tracking, case.case_number, wrong)
    with pytest.raises(ForbiddenActionError, match="失败次数过多"):
        tracking.track(w.tracking, case.case_number, case.query_code)
    w.clock.advance(days=1)
    assert (
        tracking.track(w.tracking, case.case_number, case.query_code)["case_number"]
        == case.case_number
    )
