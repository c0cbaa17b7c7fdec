"""The 好差评 part of the case page: the rating form as the domain defines it, the rating, its 整改."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chalicelib.domain.feedback.evaluations import LEVEL_LABELS, OVERALL, Channel, Level
from chalicelib.domain.feedback.rating_facts import WINDOW_OPENERS
from chalicelib.domain.feedback.rectifications import RECT_ACTION_LABELS, RectAction, RectStatus

# Levels from best to worst, as 好差评 forms list them.
LEVELS = [(int(level), LEVEL_LABELS[level]) for level in sorted(Level, reverse=True)]
# 整体满意度 is the level itself; the other indicators of an online rating are scored on their own.
INDICATORS = [name for name in Channel.ONLINE.indicators if name != OVERALL]
# A unit's appeal argues with the rater's rating: the step is shown, its note stays between units.
PRIVATE_NOTES = {
    RectAction.APPEAL.value,
    RectAction.UPHOLD_APPEAL.value,
    RectAction.REJECT_APPEAL.value,
}
RATEABLE = {status.value for status in WINDOW_OPENERS}


def indicator_field(index: int) -> str:
    return f"indicator-{index}"


def rating_context(
    view: dict[str, Any], feedback: dict[str, Any], when: Callable[[object], str]
) -> dict[str, Any]:
    evaluation = feedback.get("evaluation")
    return {
        "open": view["status"] in RATEABLE and evaluation is None,
        "levels": LEVELS,
        "indicators": [
            {"field": indicator_field(i), "name": name} for i, name in enumerate(INDICATORS, 1)
        ],
        "evaluation": _evaluation(evaluation, when) if evaluation else None,
        "rectifications": [_rectification(r, when) for r in feedback.get("rectifications", [])],
        "can_follow_up": evaluation is not None and not evaluation.get("follow_up"),
    }


def _evaluation(evaluation: dict[str, Any], when: Callable[[object], str]) -> dict[str, Any]:
    follow = evaluation.get("follow_up")
    return {
        "level_label": evaluation["level_label"],
        "is_bad": evaluation["is_bad"],
        "indicators": [
            (name, LEVEL_LABELS[Level(score)])
            for name, score in evaluation.get("indicators", {}).items()
            if name != OVERALL
        ],
        "comment": evaluation.get("comment", ""),
        "anonymous": evaluation.get("anonymous", False),
        "at": when(evaluation.get("rated_at")),
        "follow_up": {"comment": follow["comment"], "at": when(follow["at"])} if follow else None,
    }


def _step_label(action: str) -> str:
    if action == "open":
        return "收到差评，启动整改"
    try:
        return RECT_ACTION_LABELS[RectAction(action)]
    except ValueError:
        return action


def _status_label(value: str) -> str:
    try:
        return RectStatus(value).label_zh
    except ValueError:
        return value


def _rectification(rect: dict[str, Any], when: Callable[[object], str]) -> dict[str, Any]:
    steps = [
        {
            "label": _step_label(s["action"]),
            "status": _status_label(s["to_status"]),
            "at": when(s["at"]),
            "note": "" if s["action"] in PRIVATE_NOTES else str(s.get("note") or ""),
        }
        for s in rect.get("steps", [])
    ]
    replies = [s["note"] for s in steps if s["note"]]
    return {
        "id": rect["rectification_id"],
        "status_label": rect["status_label"],
        "due_date": rect.get("due_date") or "",
        "resolved": bool(rect.get("resolved_at")),
        "steps": steps,
        "reply": replies[-1] if replies else "",
    }
