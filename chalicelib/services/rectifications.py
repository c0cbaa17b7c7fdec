"""差评整改 use cases: verify, rectify or explain, appeal and its decision, revisit, close."""

from __future__ import annotations

from datetime import datetime

from chalicelib.domain.errors import (
    BadRequestError,
    ForbiddenActionError,
    ValidationFailedError,
)
from chalicelib.domain.evaluations import (
    exclude_from_count,
)
from chalicelib.domain.rectification import (
    RectAction,
    Rectification,
    RevisitResult,
    advance,
)
from chalicelib.domain.roles import Principal, Role

from .feedback_common import (
    check_version,
    may_see_unit,
)
from .feedback_ports import FeedbackRepository


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
    repo: FeedbackRepository,
    principal: Principal,
    rectification_id: str,
    action: str,
    now: datetime,
    *,
    note: str = "",
    revisit_result: str | None = None,
    expected_version: int | None = None,
) -> Rectification:
    """One step of a 差评整改; an upheld appeal also marks the rating as not counted, atomically."""
    act = _parse_rect_action(action)
    current = repo.get_rectification(rectification_id)
    check_version(expected_version, current.version, "整改单")
    updated = advance(
        current, act, principal, now, note=note, revisit_result=_parse_revisit(revisit_result)
    )
    if act is RectAction.UPHOLD_APPEAL:
        evaluation = repo.get_evaluation(current.evaluation_id)
        repo.save_rectification(
            updated,
            expected_version=current.version,
            evaluation=exclude_from_count(evaluation),
            evaluation_expected_version=evaluation.version,
        )
    else:
        repo.save_rectification(updated, expected_version=current.version)
    return updated


def appeal_rating(
    repo: FeedbackRepository,
    principal: Principal,
    rectification_id: str,
    reason: str,
    now: datetime,
    expected_version: int | None = None,
) -> Rectification:
    """Staff of the rated unit contest a wrong or malicious rating (申诉复核)."""
    return advance_rectification(
        repo,
        principal,
        rectification_id,
        RectAction.APPEAL.value,
        now,
        note=reason,
        expected_version=expected_version,
    )


def decide_appeal(
    repo: FeedbackRepository,
    principal: Principal,
    rectification_id: str,
    upheld: bool,
    opinion: str,
    now: datetime,
    expected_version: int | None = None,
) -> Rectification:
    """A supervisor decides: upheld (the rating is not counted) or rejected (back to rectifying)."""
    action = RectAction.UPHOLD_APPEAL if upheld else RectAction.REJECT_APPEAL
    return advance_rectification(
        repo,
        principal,
        rectification_id,
        action.value,
        now,
        note=opinion,
        expected_version=expected_version,
    )


def get_rectification(
    repo: FeedbackRepository, principal: Principal, rectification_id: str
) -> Rectification:
    rect = repo.get_rectification(rectification_id)
    if may_see_unit(principal, rect.owner.jurisdiction):
        return rect
    evaluation = repo.get_evaluation(rect.evaluation_id)
    if principal.has(Role.APPLICANT) and principal.user_id == evaluation.rater_user_id:
        return rect
    raise ForbiddenActionError("无权查看该整改单")


def open_rectifications(
    repo: FeedbackRepository, principal: Principal, jurisdiction: str
) -> list[Rectification]:
    if not may_see_unit(principal, jurisdiction):
        raise ForbiddenActionError("只能查看本地区的差评整改")
    return repo.open_rectifications(jurisdiction)


# --- 问题处理 -----------------------------------------------------------------------------------
