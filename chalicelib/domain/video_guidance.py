"""视频连线指导 (seed §二(二)): what the record of a video session between the counter and the home department holds."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from .errors import InvalidTransitionError, ValidationFailedError
from .modes import HandlingMode

STAFF_MAX = 40
OUTCOME_MAX = 500
REFERENCE_MAX = 200


def _text(details: dict[str, Any], key: str, limit: int) -> str:
    return " ".join(str(details.get(key) or "").split())[:limit]


def check_video_guidance(mode: HandlingMode, details: dict[str, Any]) -> dict[str, Any]:
    """The record as it is kept: who took part for the home department, when, the outcome, a reference.

    An online case has no counter, so there is no session between two offices to record.
    """
    if mode is HandlingMode.ONLINE:
        raise InvalidTransitionError("全程网办事项没有窗口与业务属地的视频连线环节")
    staff = _text(details, "staff_name", STAFF_MAX)
    held_at = _text(details, "held_at", 32)
    outcome = _text(details, "outcome", OUTCOME_MAX)
    reference = _text(details, "reference", REFERENCE_MAX)
    if not staff:
        raise ValidationFailedError("请填写业务属地参加视频连线的工作人员姓名")
    try:
        datetime.fromisoformat(held_at)
    except ValueError:
        raise ValidationFailedError("请填写视频连线的时间（如 2026-12-01T10:30）") from None
    if not outcome:
        raise ValidationFailedError("请填写视频连线指导的结果")
    return {"staff_name": staff, "held_at": held_at, "outcome": outcome, "reference": reference}
