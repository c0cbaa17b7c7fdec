"""JSON documents of evaluations, rectifications and problem tickets as the feedback table stores them."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from chalicelib.domain.cases import Actor
from chalicelib.domain.feedback.evaluations import (
    Channel,
    Evaluation,
    FollowUp,
    Level,
    RatedUnit,
)
from chalicelib.domain.feedback.machine import Step
from chalicelib.domain.feedback.problem_tickets import (
    ProblemCategory,
    ProblemStatus,
    ProblemTicket,
)
from chalicelib.domain.feedback.rectifications import Rectification, RectStatus, RevisitResult


def _dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def evaluation_to_doc(evaluation: Evaluation) -> str:
    data = asdict(evaluation)
    data["level"] = int(evaluation.level)
    data["channel"] = evaluation.channel.value
    return _dumps(data)


def evaluation_from_doc(doc: str) -> Evaluation:
    data = json.loads(doc)
    data["level"] = Level(data["level"])
    data["channel"] = Channel(data["channel"])
    data["rated_unit"] = RatedUnit(**data["rated_unit"])
    data["follow_up"] = FollowUp(**data["follow_up"]) if data.get("follow_up") else None
    return Evaluation(**data)


def _steps_from(raw: list[dict[str, Any]]) -> tuple[Step, ...]:
    return tuple(Step(**{**s, "actor": Actor(**s["actor"])}) for s in raw)


def rectification_to_doc(rect: Rectification) -> str:
    data = asdict(rect)
    data["status"] = rect.status.value
    data["revisit_result"] = rect.revisit_result.value if rect.revisit_result else None
    return _dumps(data)


def rectification_from_doc(doc: str) -> Rectification:
    data = json.loads(doc)
    data["owner"] = RatedUnit(**data["owner"])
    data["status"] = RectStatus(data["status"])
    data["revisit_result"] = (
        RevisitResult(data["revisit_result"]) if data.get("revisit_result") else None
    )
    data["steps"] = _steps_from(data.get("steps", []))
    return Rectification(**data)


def problem_to_doc(ticket: ProblemTicket) -> str:
    data = asdict(ticket)
    data["category"] = ticket.category.value
    data["status"] = ticket.status.value
    return _dumps(data)


def problem_from_doc(doc: str) -> ProblemTicket:
    data = json.loads(doc)
    data["category"] = ProblemCategory(data["category"])
    data["status"] = ProblemStatus(data["status"])
    data["reporter"] = Actor(**data["reporter"])
    data["steps"] = _steps_from(data.get("steps", []))
    return ProblemTicket(**data)
