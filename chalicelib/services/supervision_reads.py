"""What /supervision reads about a jurisdiction's cases: bounded, and only for its own supervisors."""

from __future__ import annotations

from typing import Any

from chalicelib.domain.cases import Case
from chalicelib.domain.roles import Principal

from .access_policy import check_may_supervise, may_see
from .queries import QueryPorts, case_summary

# How many of a jurisdiction's newest cases the figures are drawn from (the page says so).
CASES_READ = 500


def supervised_cases(
    ports: QueryPorts, principal: Principal, limit: int = CASES_READ
) -> list[Case]:
    """The newest `limit` cases touching the supervisor's own jurisdiction. The repository call is the
    one the keyed, paged query of the performance work (issue 12) replaces; callers keep the limit."""
    check_may_supervise(principal, principal.jurisdiction)
    cases = ports.cases.by_jurisdiction(principal.jurisdiction)
    return [c for c in cases if may_see(principal, c)][:limit]


def case_rows(ports: QueryPorts, cases: list[Case]) -> list[dict[str, Any]]:
    """The case list rows, most urgent first as in the inboxes: by due date, then the undated."""
    dated = sorted((c for c in cases if c.due_date), key=lambda c: c.due_date)
    return [case_summary(ports, c) for c in [*dated, *(c for c in cases if not c.due_date)]]
