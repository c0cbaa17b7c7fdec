"""好差评 use cases: the applicant rates a case once, a 差评 opens its rectification, one 追评 follows.

The applicant rates their own case; the system may record a counter, SMS, QR or 12345 rating on
their behalf, never an online one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from chalicelib.domain.cases import Actor
from chalicelib.domain.errors import (
    ConcurrencyError,
    ForbiddenActionError,
    ValidationFailedError,
)
from chalicelib.domain.feedback.due_dates import WorkingDays
from chalicelib.domain.feedback.evaluations import (
    Channel,
    Evaluation,
    add_follow_up,
    make_evaluation,
    parse_channel,
)
from chalicelib.domain.feedback.rating_facts import rated_unit, window_opened_at
from chalicelib.domain.feedback.rectifications import Rectification, open_rectification
from chalicelib.domain.roles import SYSTEM, Principal, Role
from chalicelib.services.access_policy import visible_case
from chalicelib.services.ports import Clock

from .policy import FeedbackPolicy, evaluation_id_for, rectification_id_for
from .protocols import CaseReader, FeedbackRepository


@dataclass(frozen=True)
class RatingPorts:
    feedback: FeedbackRepository
    cases: CaseReader
    clock: Clock
    calendar: WorkingDays
    policy: FeedbackPolicy
    # No outbox yet: a rating owes the rater no notice (add one with its template; add_evaluation takes notices).


@dataclass(frozen=True)
class RatingOutcome:
    """A stored rating and, for a 差评, the rectification it opened."""

    evaluation: Evaluation
    rectification: Rectification | None


def _check_rater(principal: Principal, applicant_user_id: str, channel: Channel) -> None:
    if principal.has(Role.SYSTEM):
        if channel is Channel.ONLINE:
            raise ForbiddenActionError("网上办事评价须由申请人本人提交")
    elif not principal.has(Role.APPLICANT):
        raise ForbiddenActionError("只有申请人本人可以评价办件")
    elif not applicant_user_id or applicant_user_id != principal.user_id:
        raise ForbiddenActionError("只能评价本人的办件")


def rate_case(
    ports: RatingPorts,
    principal: Principal,
    case_id: str,
    *,
    level: object,
    channel: object = "online",
    indicators: Mapping[str, object] | None = None,
    comment: object = "",
    anonymous: bool = False,
) -> RatingOutcome:
    """Rate a delivered (or refused) case once; a 差评 opens a rectification owned by the rated unit."""
    now = ports.clock.now()
    case = visible_case(ports.cases, principal, case_id)
    chan = parse_channel(channel)
    _check_rater(principal, case.applicant_user_id, chan)
    events = ports.cases.events(case_id)
    evaluation = make_evaluation(
        evaluation_id=evaluation_id_for(case.case_id),
        case=case,
        window_opened_at=window_opened_at(case, events, now),
        rated_unit=rated_unit(case, events, chan),
        level=level,
        channel=chan.value,
        indicators=indicators,
        comment=comment,
        anonymous=anonymous,
        rater_user_id=case.applicant_user_id,
        now=now,
        existing=ports.feedback.find_evaluation_for_case(case.case_id),
        policy=ports.policy.rating,
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
            calendar=ports.calendar,
            deadline_days=ports.policy.rectification_working_days,
            opened_by=Actor.of(SYSTEM),
        )
    try:
        ports.feedback.add_evaluation(evaluation, rectification)
    except ConcurrencyError:
        raise ConcurrencyError("该办件已评价，请勿重复提交") from None
    return RatingOutcome(evaluation=evaluation, rectification=rectification)


def follow_up(
    ports: RatingPorts, principal: Principal, case_id: str, comment: object
) -> Evaluation:
    """The rater adds their one 追评."""
    visible_case(ports.cases, principal, case_id)
    evaluation = ports.feedback.find_evaluation_for_case(case_id)
    if evaluation is None:
        raise ValidationFailedError("该办件尚未评价，不能追评")
    if not principal.has(Role.APPLICANT) or principal.user_id != evaluation.rater_user_id:
        raise ForbiddenActionError("只有评价人本人可以追评")
    updated = add_follow_up(evaluation, comment, ports.clock.now(), ports.policy.rating)
    ports.feedback.save_evaluation(updated, expected_version=evaluation.version)
    return updated
