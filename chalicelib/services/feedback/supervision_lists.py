"""The supervisor's 好差评 lists: recent 差评, open rectifications and open problem tickets, bounded."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from chalicelib.domain.roles import Principal
from chalicelib.services.access_policy import check_may_supervise

from .json_views import evaluation_view, problem_view, rectification_view
from .unit_report import ReportPorts

LISTED = 50


@dataclass(frozen=True)
class FeedbackLists:
    bad: list[dict[str, Any]]
    rectifications: list[dict[str, Any]]
    problems: list[dict[str, Any]]


def feedback_lists(ports: ReportPorts, principal: Principal, limit: int = LISTED) -> FeedbackLists:
    """Newest 差评 first; open rectifications and tickets by due date (the most pressing first).
    Each list keeps at most `limit` entries; the repository reads are the ones issue 12 keys."""
    code = principal.jurisdiction
    check_may_supervise(principal, code)
    repo = ports.feedback
    bad = sorted(
        (e for e in repo.evaluations_by_jurisdiction(code) if e.is_bad and e.counted),
        key=lambda e: e.rated_at,
        reverse=True,
    )
    rects = sorted(repo.open_rectifications(code), key=lambda r: (r.due_date or "9", r.opened_at))
    problems = sorted(repo.open_problems(code), key=lambda t: (t.due_date or "9", t.opened_at))
    return FeedbackLists(
        bad=[evaluation_view(e, principal) for e in bad[:limit]],
        rectifications=[rectification_view(r) for r in rects[:limit]],
        problems=[problem_view(t) for t in problems[:limit]],
    )
