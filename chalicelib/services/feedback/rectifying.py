"""差评整改 use cases: verify, rectify or explain, appeal and its decision, revisit, close; the rater is told."""

from __future__ import annotations

from dataclasses import dataclass

from chalicelib.domain.errors import (
    BadRequestError,
    ForbiddenActionError,
    ValidationFailedError,
)
from chalicelib.domain.feedback.evaluations import exclude_from_count
from chalicelib.domain.feedback.rectifications import (
    RectAction,
    Rectification,
    RevisitResult,
    advance,
)
from chalicelib.domain.roles import Principal, Role
from chalicelib.services.ports import Clock

from .access import check_version, may_see_unit
from .protocols import CaseOutbox, FeedbackRepository
from .rater_notices import rater_notices, send_now


@dataclass(frozen=True)
class RectificationPorts:
    feedback: FeedbackRepository
    clock: Clock
    outbox: CaseOutbox


def _parse_rect_action(action: str) -> RectAction:
    try:
        return RectAction(action)
    except ValueError:
        raise BadRequestError(f"未知的整改操作：{action}") from None


def _parse_revisit(value: str | None) -> RevisitResult | None:
    if value is None or value == "":
        return None
    try:
        return RevisitResult(value)
    except ValueError:
        raise ValidationFailedError("回访结果须为满意、基本满意或不满意") from None


def advance_rectification(
    ports: RectificationPorts,
    principal: Principal,
    rectification_id: str,
    action: str,
    *,
    note: str = "",
    revisit_result: str | None = None,
    expected_version: int | None = None,
) -> Rectification:
    """One step of a 差评整改, saved with the rater's notice in the case outbox, then sent.

    An upheld appeal also marks the rating as not counted, in the same transaction.
    """
    act = _parse_rect_action(action)
    repo = ports.feedback
    current = repo.get_rectification(rectification_id)
    check_version(expected_version, current.version, "整改单")
    updated = advance(
        current,
        act,
        principal,
        ports.clock.now(),
        note=note,
        revisit_result=_parse_revisit(revisit_result),
    )
    notices = rater_notices(updated)
    if act is RectAction.UPHOLD_APPEAL:
        evaluation = repo.get_evaluation(current.evaluation_id)
        repo.save_rectification(
            updated,
            expected_version=current.version,
            evaluation=exclude_from_count(evaluation),
            evaluation_expected_version=evaluation.version,
            notices=notices,
        )
    else:
        repo.save_rectification(updated, expected_version=current.version, notices=notices)
    send_now(ports.outbox, updated.case_id, notices)
    return updated


def appeal_rating(
    ports: RectificationPorts,
    principal: Principal,
    rectification_id: str,
    reason: str,
    expected_version: int | None = None,
) -> Rectification:
    """Staff of the rated unit contest a wrong or malicious rating (申诉复核)."""
    return advance_rectification(
        ports,
        principal,
        rectification_id,
        RectAction.APPEAL.value,
        note=reason,
        expected_version=expected_version,
    )


def decide_appeal(
    ports: RectificationPorts,
    principal: Principal,
    rectification_id: str,
    upheld: bool,
    opinion: str,
    expected_version: int | None = None,
) -> Rectification:
    """A supervisor decides: upheld (the rating is not counted) or rejected (back to rectifying)."""
    action = RectAction.UPHOLD_APPEAL if upheld else RectAction.REJECT_APPEAL
    return advance_rectification(
        ports,
        principal,
        rectification_id,
        action.value,
        note=opinion,
        expected_version=expected_version,
    )


def get_rectification(
    ports: RectificationPorts, principal: Principal, rectification_id: str
) -> Rectification:
    rect = ports.feedback.get_rectification(rectification_id)
    if may_see_unit(principal, rect.owner.jurisdiction):
        return rect
    evaluation = ports.feedback.get_evaluation(rect.evaluation_id)
    if principal.has(Role.APPLICANT) and principal.user_id == evaluation.rater_user_id:
        return rect
    raise ForbiddenActionError("无权查看该整改单")


def open_rectifications(
    ports: RectificationPorts, principal: Principal, jurisdiction: str
) -> list[Rectification]:
    if not may_see_unit(principal, jurisdiction):
        raise ForbiddenActionError("只能查看本地区的差评整改")
    return ports.feedback.open_rectifications(jurisdiction)
