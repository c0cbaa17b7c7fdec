"""好差评 and 问题处理 use cases: rate a case, work a 差评 to its fix, appeal, tickets, and the report.

Role rules: the applicant rates their own case (the system may record a counter/SMS/QR/12345
rating on their behalf); staff of the rated jurisdiction verify, rectify, explain and appeal; a
supervisor decides appeals, reopens and closes. Staff or supervisors open problem tickets.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from chalicelib.domain.cases import Actor
from chalicelib.domain.errors import (
    ConcurrencyError,
    ForbiddenActionError,
    ValidationFailedError,
)
from chalicelib.domain.evaluations import (
    Channel,
    Evaluation,
    add_follow_up,
    completion_time,
    last_handler,
    make_evaluation,
    parse_channel,
)
from chalicelib.domain.rectification import (
    WorkingDays,
    open_rectification,
)
from chalicelib.domain.roles import SYSTEM, Principal, Role

from .feedback_common import (
    FeedbackPolicy,
    RatingOutcome,
    evaluation_id_for,
    may_see_unit,
    rectification_id_for,
)
from .feedback_ports import CaseReader, FeedbackRepository
from .feedback_report import UnitReport, rectification_report
from .feedback_views import evaluation_view, problem_view, rectification_view
from .problem_tickets import advance_problem, open_problem, open_problems
from .rectifications import (
    advance_rectification,
    appeal_rating,
    decide_appeal,
    get_rectification,
    open_rectifications,
)

__all__ = [
    "FeedbackPolicy",
    "RatingOutcome",
    "UnitReport",
    "advance_problem",
    "advance_rectification",
    "appeal_rating",
    "case_feedback",
    "decide_appeal",
    "evaluation_id_for",
    "evaluation_view",
    "follow_up",
    "get_rectification",
    "open_problem",
    "open_problems",
    "open_rectifications",
    "problem_view",
    "rate_case",
    "rectification_id_for",
    "rectification_report",
    "rectification_view",
]


def rate_case(
    repo: FeedbackRepository,
    cases: CaseReader,
    principal: Principal,
    case_id: str,
    level: object,
    channel: object,
    indicators: Mapping[str, object] | None,
    comment: object,
    anonymous: bool,
    now: datetime,
    calendar: WorkingDays,
    policy: FeedbackPolicy | None = None,
) -> RatingOutcome:
    """Rate a completed case once; a 差评 opens a rectification owned by the unit that handled it."""
    rules = policy or FeedbackPolicy()
    case = cases.get(case_id)
    if principal.has(Role.SYSTEM):
        if parse_channel(channel) is Channel.ONLINE:
            raise ForbiddenActionError("网上办事评价须由申请人本人提交")
    elif not principal.has(Role.APPLICANT):
        raise ForbiddenActionError("只有申请人本人可以评价办件")
    elif not case.applicant_user_id or case.applicant_user_id != principal.user_id:
        raise ForbiddenActionError("只能评价本人的办件")
    events = cases.events(case_id)
    evaluation = make_evaluation(
        evaluation_id=evaluation_id_for(case.case_id),
        case=case,
        completed_at=completion_time(case, events, now),
        rated_unit=last_handler(case, events),
        level=level,
        channel=channel,
        indicators=indicators,
        comment=comment,
        anonymous=anonymous,
        rater_user_id=case.applicant_user_id,
        now=now,
        existing=repo.find_evaluation_for_case(case.case_id),
        policy=rules.rating,
    )
    rectification = None
    if evaluation.is_bad:
        rectification = open_rectification(
            rectification_id=rectification_id_for(evaluation.evaluation_id),
            evaluation_id=evaluation.evaluation_id,
            case_id=case.case_id,
            case_number=case.case_number,
            owner=evaluation.rated_unit,
            real_name=not evaluation.anonymous,
            at=now,
            calendar=calendar,
            deadline_days=rules.rectification_working_days,
            opened_by=Actor.of(SYSTEM),
        )
    try:
        repo.add_evaluation(evaluation, rectification)
    except ConcurrencyError:
        raise ConcurrencyError("该办件已评价，请勿重复提交") from None
    return RatingOutcome(evaluation=evaluation, rectification=rectification)


def follow_up(
    repo: FeedbackRepository,
    principal: Principal,
    case_id: str,
    comment: object,
    now: datetime,
    policy: FeedbackPolicy | None = None,
) -> Evaluation:
    """The rater adds their one 追评."""
    evaluation = repo.find_evaluation_for_case(case_id)
    if evaluation is None:
        raise ValidationFailedError("该办件尚未评价，不能追评")
    if not principal.has(Role.APPLICANT) or principal.user_id != evaluation.rater_user_id:
        raise ForbiddenActionError("只有评价人本人可以追评")
    updated = add_follow_up(evaluation, comment, now, (policy or FeedbackPolicy()).rating)
    repo.save_evaluation(updated, expected_version=evaluation.version)
    return updated


# --- 差评整改 -----------------------------------------------------------------------------------


def case_feedback(
    repo: FeedbackRepository, cases: CaseReader, principal: Principal, case_id: str
) -> dict[str, Any]:
    """Everything about a case's rating, its rectification and (for staff) its tickets."""
    case = cases.get(case_id)
    staff_side = any(
        may_see_unit(principal, code) for code in (case.home_code, case.receiving_code)
    )
    own = principal.has(Role.APPLICANT) and case.applicant_user_id == principal.user_id
    if not (staff_side or own or (principal.has(Role.SUPERVISOR) and not principal.jurisdiction)):
        raise ForbiddenActionError("无权查看该办件的评价")
    evaluation = repo.find_evaluation_for_case(case_id)
    return {
        "case_id": case.case_id,
        "evaluation": evaluation_view(evaluation, principal) if evaluation else None,
        "rectifications": [rectification_view(r) for r in repo.rectifications_for_case(case_id)],
        "problems": (
            [problem_view(p) for p in repo.problems_for_case(case_id)] if principal.is_staff else []
        ),
    }


# --- 统计 ---------------------------------------------------------------------------------------
