"""差评整改: verify, rectify, appeal, revisit, close; the report and who may see what."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from chalicelib.domain.errors import (
    BadRequestError,
    ConcurrencyError,
    ForbiddenActionError,
    NotFoundError,
    ValidationFailedError,
)
from chalicelib.domain.feedback.rectifications import RectStatus, RevisitResult
from chalicelib.domain.roles import Role
from chalicelib.services.feedback import rectifying
from chalicelib.services.feedback.case_overview import case_feedback
from chalicelib.services.feedback.rectifying import appeal_rating, decide_appeal
from chalicelib.services.feedback.ticket_handling import open_tickets
from chalicelib.services.feedback.unit_report import rectification_report
from tests.support.feedback_env import Env
from tests.support.feedback_fakes import (
    HOME_APPROVER,
    HOME_SUPERVISOR,
    HOME_WINDOW,
    PL_SUPERVISOR,
    PL_WINDOW,
    RATER,
    STRANGER,
    staff,
)


@pytest.fixture
def env() -> Env:
    return Env()


def bad_rating(env: Env, case_id: str = "c1", channel: str = "online", **kwargs: Any) -> str:
    env.case(case_id, **kwargs)
    outcome = env.rate(case_id, 1, comment="材料反复被退回", channel=channel)
    assert outcome.rectification is not None
    return outcome.rectification.rectification_id


def test_the_responsible_unit_verifies_rectifies_and_the_supervisor_closes(env: Env) -> None:
    rid = bad_rating(env)
    assert env.step(rid, "verify", HOME_WINDOW, "已电话回访核实") is RectStatus.VERIFYING
    assert env.step(rid, "rectify", HOME_APPROVER, "纳入台账限期整改") is RectStatus.RECTIFYING
    assert env.step(rid, "complete", HOME_APPROVER, "已修订一次性告知单") is RectStatus.RECTIFIED
    assert (
        env.step(rid, "revisit", HOME_WINDOW, revisit_result=RevisitResult.SATISFIED.value)
        is RectStatus.REVISITED
    )
    assert env.step(rid, "close", HOME_SUPERVISOR) is RectStatus.CLOSED
    assert env.repo.get_rectification(rid).version == 6
    assert (
        rectifying.open_rectifications(env.rectification_ports(), HOME_SUPERVISOR, "371621") == []
    )


def test_the_other_province_cannot_work_a_rectification_it_does_not_own(env: Env) -> None:
    rid = bad_rating(env)
    with pytest.raises(ForbiddenActionError, match="谁办理谁负责"):
        env.step(rid, "verify", PL_WINDOW)
    assert env.repo.get_rectification(rid).status is RectStatus.PENDING_VERIFICATION


def test_a_stale_version_or_an_unknown_action_changes_nothing(env: Env) -> None:
    rid = bad_rating(env)
    env.step(rid, "verify", HOME_WINDOW)
    with pytest.raises(ConcurrencyError, match="刷新后重试"):
        env.step(rid, "rectify", HOME_WINDOW, expected_version=1)
    with pytest.raises(BadRequestError, match="未知的整改操作"):
        env.step(rid, "delete", HOME_WINDOW)
    with pytest.raises(ValidationFailedError, match="回访结果"):
        env.step(rid, "revisit", HOME_WINDOW, revisit_result="great")
    assert env.repo.get_rectification(rid).version == 2


def test_an_upheld_appeal_excludes_the_rating_from_the_count(env: Env) -> None:
    rid = bad_rating(env)
    env.step(rid, "verify", HOME_WINDOW)
    ports = env.rectification_ports()
    appealed = appeal_rating(ports, HOME_APPROVER, rid, "评价人把他省办件评到本单位")
    assert appealed.status is RectStatus.APPEALED
    with pytest.raises(ForbiddenActionError):
        decide_appeal(ports, HOME_APPROVER, rid, True, "自己裁决")
    upheld = decide_appeal(ports, HOME_SUPERVISOR, rid, True, "经复核属误评")
    assert upheld.status is RectStatus.APPEAL_UPHELD and not upheld.rating_counted
    evaluation = env.repo.find_evaluation_for_case("c1")
    assert evaluation is not None and not evaluation.counted and evaluation.version == 2
    [unit] = rectification_report(env.report_ports(date(2026, 11, 30)), HOME_SUPERVISOR, "371621")
    assert unit.total == 0 and unit.bad == 0 and unit.not_counted == 1


def test_a_rejected_appeal_sends_the_unit_back_to_rectify(env: Env) -> None:
    rid = bad_rating(env)
    env.step(rid, "verify", HOME_WINDOW)
    ports = env.rectification_ports()
    appeal_rating(ports, HOME_WINDOW, rid, "评价不实")
    rejected = decide_appeal(ports, HOME_SUPERVISOR, rid, False, "评价属实")
    assert rejected.status is RectStatus.APPEAL_REJECTED and rejected.rating_counted
    assert env.step(rid, "rectify", HOME_WINDOW) is RectStatus.RECTIFYING
    evaluation = env.repo.find_evaluation_for_case("c1")
    assert evaluation is not None and evaluation.counted


def test_the_report_counts_ratings_bad_ratings_fixes_and_overdue_fixes_per_unit(env: Env) -> None:
    for n, level in enumerate([5, 4, 4, 3]):
        env.case(f"g{n}")
        env.rate(f"g{n}", level)
    late = bad_rating(env, "b1")
    fixed = bad_rating(env, "b2")
    explained = bad_rating(env, "b3")
    bad_rating(env, "w1", channel="counter")  # owned by the 平罗 window, another jurisdiction
    env.step(fixed, "verify", HOME_WINDOW)
    env.step(fixed, "complete", HOME_WINDOW, "当场更正")
    env.step(explained, "verify", HOME_WINDOW)
    env.step(explained, "explain", HOME_WINDOW, "依法须本人到场，已解释")
    assert env.repo.get_rectification(late).status is RectStatus.PENDING_VERIFICATION
    [unit] = rectification_report(env.report_ports(date(2026, 12, 7)), HOME_SUPERVISOR, "371621")
    data = unit.as_dict()
    assert (data["jurisdiction"], data["department"], data["total"]) == ("371621", "RS", 7)
    assert {k: v["count"] for k, v in data["ratings"].items()} == {
        "1": 3,
        "2": 0,
        "3": 1,
        "4": 2,
        "5": 1,
    }
    assert data["ratings"]["1"]["label"] == "非常不满意"
    assert (data["bad"], data["rectifications"], data["rectified"], data["explained"]) == (
        3,
        3,
        1,
        1,
    )
    assert (data["overdue"], data["open"]) == (1, 3)
    assert data["satisfaction_rate"] == round(4 / 7, 4)
    [pl_unit] = rectification_report(env.report_ports(date(2026, 12, 7)), PL_SUPERVISOR, "640221")
    assert (pl_unit.bad, pl_unit.overdue) == (1, 1)


def test_the_report_can_be_limited_to_a_period(env: Env) -> None:
    bad_rating(env)
    assert (
        rectification_report(
            env.report_ports(date(2026, 12, 1)), HOME_SUPERVISOR, "371621", since=date(2026, 12, 1)
        )
        == []
    )
    [unit] = rectification_report(
        env.report_ports(date(2026, 12, 1)), HOME_SUPERVISOR, "371621", until=date(2026, 11, 30)
    )
    assert unit.bad == 1


def test_reports_and_lists_stay_within_ones_own_jurisdiction(env: Env) -> None:
    bad_rating(env)
    for call in (
        lambda: rectification_report(env.report_ports(date(2026, 12, 1)), PL_SUPERVISOR, "371621"),
        lambda: rectifying.open_rectifications(env.rectification_ports(), PL_WINDOW, "371621"),
        lambda: open_tickets(env.ticket_ports(), PL_WINDOW, "371621"),
        lambda: rectifying.open_rectifications(env.rectification_ports(), RATER, "371621"),
    ):
        with pytest.raises(ForbiddenActionError, match="本地区"):
            call()
    assert (
        len(rectifying.open_rectifications(env.rectification_ports(), HOME_WINDOW, "371621")) == 1
    )
    # A supervisor without a jurisdiction sees nothing (issue 9, hole 2), not everything.
    national = staff(Role.SUPERVISOR, "u-national", "")
    with pytest.raises(ForbiddenActionError, match="本地区"):
        rectifying.open_rectifications(env.rectification_ports(), national, "371621")


def test_the_rater_and_the_owner_unit_may_read_a_rectification_others_may_not(env: Env) -> None:
    rid = bad_rating(env)
    assert (
        rectifying.get_rectification(env.rectification_ports(), RATER, rid).rectification_id == rid
    )
    assert (
        rectifying.get_rectification(env.rectification_ports(), HOME_WINDOW, rid).rectification_id
        == rid
    )
    for who in (STRANGER, PL_WINDOW):
        with pytest.raises(ForbiddenActionError, match="无权查看"):
            rectifying.get_rectification(env.rectification_ports(), who, rid)


def test_an_anonymous_rater_stays_anonymous_to_staff(env: Env) -> None:
    env.case()
    env.rate(level=2, comment="等太久", anonymous=True)
    staff_view = case_feedback(env.overview_ports(), HOME_APPROVER, "c1")
    own_view = case_feedback(env.overview_ports(), RATER, "c1")
    assert staff_view["evaluation"]["rater_user_id"] == ""
    assert own_view["evaluation"]["rater_user_id"] == "u-applicant"
    assert staff_view["evaluation"]["level_label"] == "不满意"
    assert staff_view["rectifications"][0]["status_label"] == "待核实"
    assert not staff_view["rectifications"][0]["real_name"]
    with pytest.raises(NotFoundError):
        case_feedback(env.overview_ports(), STRANGER, "c1")
