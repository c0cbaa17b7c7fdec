"""Everything about one case's feedback: its rating, its rectifications and (for staff) its tickets."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from chalicelib.domain.roles import Principal
from chalicelib.services.access_policy import visible_case

from .json_views import evaluation_view, problem_view, rectification_view
from .protocols import CaseReader, FeedbackRepository


@dataclass(frozen=True)
class OverviewPorts:
    feedback: FeedbackRepository
    cases: CaseReader


def case_feedback(ports: OverviewPorts, principal: Principal, case_id: str) -> dict[str, Any]:
    """The case's feedback as JSON, for the applicant of the case, its two sides' staff and supervisors."""
    case = visible_case(ports.cases, principal, case_id)
    repo = ports.feedback
    evaluation = repo.find_evaluation_for_case(case_id)
    return {
        "case_id": case.case_id,
        "evaluation": evaluation_view(evaluation, principal) if evaluation else None,
        "rectifications": [rectification_view(r) for r in repo.rectifications_for_case(case_id)],
        "problems": (
            [problem_view(p) for p in repo.problems_for_case(case_id)] if principal.is_staff else []
        ),
    }
