"""Local 好差评 settings and the identifiers of evaluations and rectifications."""

from __future__ import annotations

from dataclasses import dataclass, field

from chalicelib.domain.feedback.evaluations import RatingPolicy
from chalicelib.domain.feedback.problem_tickets import DEFAULT_PROBLEM_WORKING_DAYS
from chalicelib.domain.feedback.rectifications import DEFAULT_DEADLINE_WORKING_DAYS


@dataclass(frozen=True)
class FeedbackPolicy:
    """Local settings (Ningxia defaults): rating window, 差评 deadline (≤15 WD), ticket deadline."""

    rating: RatingPolicy = field(default_factory=RatingPolicy)
    rectification_working_days: int = DEFAULT_DEADLINE_WORKING_DAYS
    problem_working_days: int = DEFAULT_PROBLEM_WORKING_DAYS


def evaluation_id_for(case_id: str) -> str:
    """One evaluation per case, so its id is the case's: a second rating collides on the key."""
    return f"EV-{case_id}"


def rectification_id_for(evaluation_id: str) -> str:
    return f"ZG-{evaluation_id.removeprefix('EV-')}"
