"""What the 好差评 use cases share: local policy, identifiers, version and visibility checks."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from chalicelib.domain.errors import (
    ConcurrencyError,
)
from chalicelib.domain.evaluations import (
    Evaluation,
    RatingPolicy,
)
from chalicelib.domain.problems import (
    DEFAULT_PROBLEM_WORKING_DAYS,
)
from chalicelib.domain.rectification import (
    DEFAULT_DEADLINE_WORKING_DAYS,
    Rectification,
)
from chalicelib.domain.roles import Principal, Role


@dataclass(frozen=True)
class FeedbackPolicy:
    """Local settings (Ningxia defaults): rating window, 差评 deadline (≤15 WD), ticket deadline."""

    rating: RatingPolicy = field(default_factory=RatingPolicy)
    rectification_working_days: int = DEFAULT_DEADLINE_WORKING_DAYS
    problem_working_days: int = DEFAULT_PROBLEM_WORKING_DAYS


@dataclass(frozen=True)
class RatingOutcome:
    """A stored rating and, for a 差评, the rectification it opened."""

    evaluation: Evaluation
    rectification: Rectification | None


def random_id() -> str:
    return uuid.uuid4().hex


def evaluation_id_for(case_id: str) -> str:
    return f"EV-{case_id}"


def rectification_id_for(evaluation_id: str) -> str:
    return f"ZG-{evaluation_id.removeprefix('EV-')}"


# --- 好差评 ------------------------------------------------------------------------------------


def check_version(expected: int | None, current: int, what: str) -> None:
    if expected is not None and expected != current:
        raise ConcurrencyError(f"{what}已被他人处理，请刷新后重试", details={"version": current})


def may_see_unit(principal: Principal, jurisdiction: str) -> bool:
    if principal.has(Role.SUPERVISOR) and principal.jurisdiction in ("", jurisdiction):
        return True
    return principal.is_staff and principal.jurisdiction == jurisdiction
