"""Everything about one case's feedback: its rating, its rectifications and (for staff) its tickets."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from chalicelib.domain.errors import ForbiddenActionError
from chalicelib.domain.roles import Principal, Role

from .access import may_see_unit
from .json_views import evaluation_view, problem_view, rectification_view
from .protocols import CaseReader, FeedbackRepository


@dataclass(frozen=True)
class OverviewPorts:
    feedback: FeedbackRepository
    cases: CaseReader


def case_feedback(ports: OverviewPorts, principal: Principal, case_id: str) -> dict[str, Any]:
    """The case's feedback as JSON, for the applicant of the case, its two sides' staff and supervisors."""
    case = ports.cases.get(case_id)
    staff_side = any(
        may_see_unit(principal, code) for code in (case.home_code, case.receiving_code)
    )
    own = principal.has(Role.APPLICANT) and case.applicant_user_id == principal.user_id
    if not (staff_side or own or (principal.has(Role.SUPERVISOR) and not principal.jurisdiction)):
        raise ForbiddenActionError("无权查看该办件的评价")
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
