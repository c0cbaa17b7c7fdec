"""好差评 use cases on in-memory fakes: rate, 差评 → 整改 owned by who handled it, appeals, tickets, report."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest

from chalicelib.domain.errors import (
    BadRequestError,
    ConcurrencyError,
    ForbiddenActionError,
    InvalidTransitionError,
    NotFoundError,
    ValidationFailedError,
)
from chalicelib.domain.evaluations import Level
from chalicelib.domain.problems import ProblemStatus
from chalicelib.domain.rectification import RectStatus, RevisitResult
from chalicelib.domain.roles import SYSTEM, Principal, Role
from chalicelib.services import feedback
from chalicelib.services.feedback import FeedbackPolicy, RatingOutcome
from tests.support.fakes import FakeCases
from tests.support.feedback_fakes import (
    COMPLETED_AT,
    HOME_APPROVER,
    HOME_SUPERVISOR,
    HOME_WINDOW,
    PL_SUPERVISOR,
    PL_WINDOW,
    RATER,
    STRANGER,
    FakeFeedback,
    WeekdayCalendar,
    handled_case,
    staff,
    store_case,
)

NOW = COMPLETED_AT + timedelta(days=2)  # Saturday 2026-11-28
CALENDAR = WeekdayCalendar()


class Env:
    def __init__(self) -> None:
        self.cases = FakeCases()
        self.repo = FakeFeedback()

    def case(self, case_id: str = "c1", **kwargs: Any) -> str:
        case, events = handled_case(case_id, **kwargs)
        store_case(self.cases, case, events)
        return case_id

    def rate(
        self,
        case_id: str = "c1",
        level: object = 5,
        *,
        who: Principal = RATER,
        channel: str = "online",
        comment: str = "",
        anonymous: bool = False,
        now: datetime = NOW,
        policy: FeedbackPolicy | None = None,
        indicators: dict[str, object] | None = None,
    ) -> RatingOutcome:
        return feedback.rate_case(
            self.repo,
            self.cases,
            who,
            case_id,
            level,
            channel,
            indicators,
            comment,
            anonymous,
            now,
            CALENDAR,
            policy,
        )

    def step(
        self, rect_id: str, action: str, who: Principal, note: str = "", **kw: Any
    ) -> RectStatus:
        return feedback.advance_rectification(
            self.repo, who, rect_id, action, NOW, note=note, **kw
        ).status


@pytest.fixture
def env() -> Env:
    return Env()


def test_an_applicant_rates_their_own_completed_case_and_a_good_rating_opens_nothing(
    env: Env,
) -> None:
    env.case(deliver=True)
    outcome = env.rate(level=5, indicators={"办事便捷度": 5}, comment="足不出户就办好了")
    assert outcome.rectification is None
    stored = env.repo.find_evaluation_for_case("c1")
    assert stored == outcome.evaluation and stored.level is Level.VERY_SATISFIED
    assert stored.rater_user_id == "u-applicant"
    assert env.repo.rectifications == {}


def test_a_bad_rating_opens_a_rectification_owned_by_the_unit_that_handled_the_case_last(
    env: Env,
) -> None:
    env.case("c1")  # completed by the home approver in 371621
    env.case("c2", deliver=True)  # delivered by the 平罗 window
    home = env.rate("c1", 2, comment="审批太慢")
    window = env.rate("c2", 1, comment="窗口态度差", channel="counter", indicators={"服务态度": 1})
    assert home.rectification is not None and window.rectification is not None
    assert home.rectification.owner.jurisdiction == "371621"
    assert home.rectification.owner.staff_name == "惠民审批李强"
    assert window.rectification.owner.jurisdiction == "640221"
    assert window.rectification.owner.staff_user_id == "u-pl-window"
    assert home.rectification.status is RectStatus.PENDING_VERIFICATION
    assert home.rectification.due_date == "2026-12-04"  # Sat → 5 working days
    assert home.rectification.real_name
    assert env.repo.get_rectification(home.rectification.rectification_id) == home.rectification


def test_the_rectification_deadline_follows_the_local_policy(env: Env) -> None:
    env.case()
    policy = FeedbackPolicy(rectification_working_days=15)
    outcome = env.rate(level=1, comment="差", policy=policy)
    assert outcome.rectification is not None and outcome.rectification.due_date == "2026-12-18"
    env.case("c9")
    with pytest.raises(ValidationFailedError, match="1至15个工作日"):
        env.rate("c9", level=1, comment="差", policy=FeedbackPolicy(rectification_working_days=20))
    assert env.repo.find_evaluation_for_case("c9") is None


def test_nobody_but_the_applicant_rates_an_online_case(env: Env) -> None:
    env.case()
    for who, message in [
        (STRANGER, "本人"),
        (HOME_APPROVER, "申请人本人"),
        (HOME_SUPERVISOR, "申请人本人"),
        (SYSTEM, "网上办事评价"),
    ]:
        with pytest.raises(ForbiddenActionError, match=message):
            env.rate(who=who)
    assert env.repo.evaluations == {}


def test_the_system_records_a_counter_rating_from_the_rating_device_for_the_applicant(
    env: Env,
) -> None:
    env.case(deliver=True, applicant_user_id="")
    outcome = env.rate(who=SYSTEM, channel="counter", level=4)
    assert outcome.evaluation.channel.value == "counter"
    assert outcome.evaluation.rater_user_id == ""


def test_an_applicant_cannot_rate_a_counter_case_filed_without_their_account(env: Env) -> None:
    env.case(applicant_user_id="")
    with pytest.raises(ForbiddenActionError, match="本人"):
        env.rate()


def test_a_case_is_rated_once_and_the_second_attempt_changes_nothing(env: Env) -> None:
    env.case()
    first = env.rate(level=1, comment="太慢")
    with pytest.raises(InvalidTransitionError, match="只能评价一次"):
        env.rate(level=5)
    assert env.repo.find_evaluation_for_case("c1") == first.evaluation
    assert len(env.repo.rectifications) == 1


def test_a_lost_race_between_two_ratings_is_a_conflict_in_chinese(env: Env) -> None:
    env.case()
    outcome = env.rate(level=5)
    with pytest.raises(ConcurrencyError, match="已评价"):
        env.repo.add_evaluation(outcome.evaluation)


def test_an_unfinished_or_expired_case_cannot_be_rated(env: Env) -> None:
    env.case("open", stop_before_complete=True)
    with pytest.raises(InvalidTransitionError, match="办结后才能评价"):
        env.rate("open")
    env.case("old")
    with pytest.raises(InvalidTransitionError, match="评价期限"):
        env.rate("old", now=COMPLETED_AT + timedelta(days=16))
    with pytest.raises(NotFoundError):
        env.rate("missing")
    assert env.repo.evaluations == {}


def test_only_the_rater_adds_the_one_follow_up(env: Env) -> None:
    env.case()
    with pytest.raises(ValidationFailedError, match="尚未评价"):
        feedback.follow_up(env.repo, RATER, "c1", "补充", NOW)
    env.rate(level=3)
    with pytest.raises(ForbiddenActionError, match="评价人本人"):
        feedback.follow_up(env.repo, STRANGER, "c1", "补充", NOW)
    updated = feedback.follow_up(env.repo, RATER, "c1", "证件已经收到了", NOW + timedelta(days=1))
    assert updated.follow_up is not None and env.repo.find_evaluation_for_case("c1") == updated
    with pytest.raises(InvalidTransitionError, match="只能追评一次"):
        feedback.follow_up(env.repo, RATER, "c1", "再补充", NOW + timedelta(days=2))


def bad_rating(env: Env, case_id: str = "c1", **kwargs: Any) -> str:
    env.case(case_id, **kwargs)
    outcome = env.rate(case_id, 1, comment="材料反复被退回")
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
    assert feedback.open_rectifications(env.repo, HOME_SUPERVISOR, "371621") == []


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
    appealed = feedback.appeal_rating(
        env.repo, HOME_APPROVER, rid, "评价人把他省办件评到本单位", NOW
    )
    assert appealed.status is RectStatus.APPEALED
    with pytest.raises(ForbiddenActionError):
        feedback.decide_appeal(env.repo, HOME_APPROVER, rid, True, "自己裁决", NOW)
    upheld = feedback.decide_appeal(env.repo, HOME_SUPERVISOR, rid, True, "经复核属误评", NOW)
    assert upheld.status is RectStatus.APPEAL_UPHELD and not upheld.rating_counted
    evaluation = env.repo.find_evaluation_for_case("c1")
    assert evaluation is not None and not evaluation.counted and evaluation.version == 2
    [unit] = feedback.rectification_report(env.repo, HOME_SUPERVISOR, "371621", date(2026, 11, 30))
    assert unit.total == 0 and unit.bad == 0 and unit.not_counted == 1


def test_a_rejected_appeal_sends_the_unit_back_to_rectify(env: Env) -> None:
    rid = bad_rating(env)
    env.step(rid, "verify", HOME_WINDOW)
    feedback.appeal_rating(env.repo, HOME_WINDOW, rid, "评价不实", NOW)
    rejected = feedback.decide_appeal(env.repo, HOME_SUPERVISOR, rid, False, "评价属实", NOW)
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
    bad_rating(env, "w1", deliver=True)  # owned by the 平罗 window, another jurisdiction
    env.step(fixed, "verify", HOME_WINDOW)
    env.step(fixed, "complete", HOME_WINDOW, "当场更正")
    env.step(explained, "verify", HOME_WINDOW)
    env.step(explained, "explain", HOME_WINDOW, "依法须本人到场，已解释")
    assert env.repo.get_rectification(late).status is RectStatus.PENDING_VERIFICATION
    [unit] = feedback.rectification_report(env.repo, HOME_SUPERVISOR, "371621", date(2026, 12, 7))
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
    [pl_unit] = feedback.rectification_report(env.repo, PL_SUPERVISOR, "640221", date(2026, 12, 7))
    assert (pl_unit.bad, pl_unit.overdue) == (1, 1)


def test_the_report_can_be_limited_to_a_period(env: Env) -> None:
    bad_rating(env)
    assert (
        feedback.rectification_report(
            env.repo, HOME_SUPERVISOR, "371621", date(2026, 12, 1), since=date(2026, 12, 1)
        )
        == []
    )
    [unit] = feedback.rectification_report(
        env.repo, HOME_SUPERVISOR, "371621", date(2026, 12, 1), until=date(2026, 11, 30)
    )
    assert unit.bad == 1


def test_reports_and_lists_stay_within_ones_own_jurisdiction(env: Env) -> None:
    bad_rating(env)
    for call in (
        lambda: feedback.rectification_report(env.repo, PL_SUPERVISOR, "371621", date(2026, 12, 1)),
        lambda: feedback.open_rectifications(env.repo, PL_WINDOW, "371621"),
        lambda: feedback.open_problems(env.repo, PL_WINDOW, "371621"),
        lambda: feedback.open_rectifications(env.repo, RATER, "371621"),
    ):
        with pytest.raises(ForbiddenActionError, match="本地区"):
            call()
    assert len(feedback.open_rectifications(env.repo, HOME_WINDOW, "371621")) == 1
    national = staff(Role.SUPERVISOR, "u-national", "")
    assert len(feedback.open_rectifications(env.repo, national, "371621")) == 1


def test_the_rater_and_the_owner_unit_may_read_a_rectification_others_may_not(env: Env) -> None:
    rid = bad_rating(env)
    assert feedback.get_rectification(env.repo, RATER, rid).rectification_id == rid
    assert feedback.get_rectification(env.repo, HOME_WINDOW, rid).rectification_id == rid
    for who in (STRANGER, PL_WINDOW):
        with pytest.raises(ForbiddenActionError, match="无权查看"):
            feedback.get_rectification(env.repo, who, rid)


def test_an_anonymous_rater_stays_anonymous_to_staff(env: Env) -> None:
    env.case()
    env.rate(level=2, comment="等太久", anonymous=True)
    staff_view = feedback.case_feedback(env.repo, env.cases, HOME_WINDOW, "c1")
    own_view = feedback.case_feedback(env.repo, env.cases, RATER, "c1")
    assert staff_view["evaluation"]["rater_user_id"] == ""
    assert own_view["evaluation"]["rater_user_id"] == "u-applicant"
    assert staff_view["evaluation"]["level_label"] == "不满意"
    assert staff_view["rectifications"][0]["status_label"] == "待核实"
    assert not staff_view["rectifications"][0]["real_name"]
    with pytest.raises(ForbiddenActionError):
        feedback.case_feedback(env.repo, env.cases, STRANGER, "c1")


def test_staff_open_a_problem_ticket_that_the_owner_unit_resolves(env: Env) -> None:
    env.case()
    ticket = feedback.open_problem(
        env.repo,
        env.cases,
        PL_WINDOW,
        "c1",
        "material_flow",
        "纸质材料寄出未签收",
        "EMS 单号 1234567890，已超过三个工作日",
        NOW,
        CALENDAR,
        owner_jurisdiction="371621",
        new_id=lambda: "0001",
    )
    assert ticket.ticket_id == "WT-0001" and ticket.owner_department == "RS"
    assert ticket.due_date == "2026-12-04"
    assert [t.ticket_id for t in feedback.open_problems(env.repo, HOME_WINDOW, "371621")] == [
        "WT-0001"
    ]
    feedback.advance_problem(env.repo, HOME_WINDOW, "WT-0001", "start", NOW)
    feedback.advance_problem(env.repo, HOME_WINDOW, "WT-0001", "resolve", NOW, note="已签收")
    closed = feedback.advance_problem(env.repo, PL_WINDOW, "WT-0001", "close", NOW)
    assert closed.status is ProblemStatus.CLOSED
    assert feedback.open_problems(env.repo, HOME_WINDOW, "371621") == []
    view = feedback.case_feedback(env.repo, env.cases, PL_WINDOW, "c1")
    assert view["problems"][0]["status_label"] == "已关闭"
    assert feedback.case_feedback(env.repo, env.cases, RATER, "c1")["problems"] == []


def test_a_problem_ticket_defaults_to_the_openers_side_of_the_case(env: Env) -> None:
    env.case()
    mine = feedback.open_problem(
        env.repo,
        env.cases,
        HOME_WINDOW,
        "c1",
        "system_failure",
        "系统推送失败",
        "推送超时",
        NOW,
        CALENDAR,
    )
    assert (mine.owner_jurisdiction, mine.owner_department) == ("371621", "RS")
    theirs = feedback.open_problem(
        env.repo,
        env.cases,
        staff(Role.SUPERVISOR, "u-n", ""),
        "c1",
        "complaint",
        "投诉",
        "态度差",
        NOW,
        CALENDAR,
    )
    assert theirs.owner_jurisdiction == "371621"
    assert len(env.repo.problems_for_case("c1")) == 2


def test_problem_actions_reject_unknown_names_and_stale_versions(env: Env) -> None:
    env.case()
    ticket = feedback.open_problem(
        env.repo, env.cases, HOME_WINDOW, "c1", "other", "其他问题", "说明", NOW, CALENDAR
    )
    with pytest.raises(BadRequestError, match="未知的问题处理操作"):
        feedback.advance_problem(env.repo, HOME_WINDOW, ticket.ticket_id, "explode", NOW)
    feedback.advance_problem(env.repo, HOME_WINDOW, ticket.ticket_id, "start", NOW)
    with pytest.raises(ConcurrencyError):
        feedback.advance_problem(
            env.repo, HOME_WINDOW, ticket.ticket_id, "note", NOW, note="x", expected_version=1
        )
    with pytest.raises(ForbiddenActionError):
        feedback.open_problem(
            env.repo, env.cases, RATER, "c1", "complaint", "投诉", "态度差", NOW, CALENDAR
        )
