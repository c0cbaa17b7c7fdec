"""Shared set-up of the 好差评 service tests: a case store, a feedback store and a helper to rate."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from chalicelib.domain.rectification import RectStatus
from chalicelib.domain.roles import Principal
from chalicelib.services import feedback
from chalicelib.services.feedback import FeedbackPolicy, RatingOutcome
from tests.support.fakes import FakeCases
from tests.support.feedback_fakes import (
    COMPLETED_AT,
    RATER,
    FakeFeedback,
    WeekdayCalendar,
    handled_case,
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
