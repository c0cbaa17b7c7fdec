"""Shared set-up of the 好差评 service tests: case and feedback stores, a queue, and each module's ports."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from chalicelib.domain.feedback.rectifications import RectStatus
from chalicelib.domain.roles import Principal
from chalicelib.services.feedback import ratings, rectifying
from chalicelib.services.feedback.case_overview import OverviewPorts
from chalicelib.services.feedback.policy import FeedbackPolicy
from chalicelib.services.feedback.ratings import RatingOutcome, RatingPorts
from chalicelib.services.feedback.rectifying import RectificationPorts
from chalicelib.services.feedback.ticket_handling import TicketPorts
from chalicelib.services.feedback.unit_report import ReportPorts
from tests.support.fakes import CHINA, FakeCases, FakeClock, FakeQueue
from tests.support.feedback_fakes import (
    COMPLETED_AT,
    RATER,
    FakeCaseOutbox,
    FakeFeedback,
    WeekdayCalendar,
    handled_case,
    store_case,
)

NOW = COMPLETED_AT + timedelta(days=2)  # Saturday 2026-11-28
CALENDAR = WeekdayCalendar()


class NextIds:
    """Hands out the given ids in order (ticket numbers a test can name)."""

    def __init__(self, *ids: str) -> None:
        self._ids = list(ids) or ["0001"]

    def new_id(self) -> str:
        return self._ids.pop(0) if len(self._ids) > 1 else self._ids[0]


class Env:
    def __init__(self) -> None:
        self.cases = FakeCases()
        self.repo = FakeFeedback(self.cases)
        self.queue = FakeQueue()
        self.outbox = FakeCaseOutbox(self.cases, self.queue)
        self.clock = FakeClock(NOW)
        self.policy = FeedbackPolicy()

    # --- ports of each use-case module ------------------------------------------------------------
    def rating_ports(self, policy: FeedbackPolicy | None = None) -> RatingPorts:
        return RatingPorts(
            feedback=self.repo,
            cases=self.cases,
            clock=self.clock,
            calendar=CALENDAR,
            policy=policy or self.policy,
        )

    def rectification_ports(self) -> RectificationPorts:
        return RectificationPorts(feedback=self.repo, clock=self.clock, outbox=self.outbox)

    def ticket_ports(self, *ids: str) -> TicketPorts:
        return TicketPorts(
            feedback=self.repo,
            cases=self.cases,
            clock=self.clock,
            calendar=CALENDAR,
            policy=self.policy,
            ids=NextIds(*ids),
        )

    def report_ports(self, today: date) -> ReportPorts:
        return ReportPorts(
            feedback=self.repo, clock=FakeClock(datetime.combine(today, time(9), CHINA))
        )

    def overview_ports(self) -> OverviewPorts:
        return OverviewPorts(feedback=self.repo, cases=self.cases)

    # --- shorthands ------------------------------------------------------------------------------
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
        self.clock.current = now
        return ratings.rate_case(
            self.rating_ports(policy),
            who,
            case_id,
            level=level,
            channel=channel,
            indicators=indicators,
            comment=comment,
            anonymous=anonymous,
        )

    def step(
        self, rect_id: str, action: str, who: Principal, note: str = "", **kw: Any
    ) -> RectStatus:
        return rectifying.advance_rectification(
            self.rectification_ports(), who, rect_id, action, note=note, **kw
        ).status
