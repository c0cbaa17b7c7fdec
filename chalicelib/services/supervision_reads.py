"""What /supervision reads about a jurisdiction's cases: bounded, and only for its own supervisors."""

from __future__ import annotations

from typing import Any

from chalicelib.domain.cases import Case
from chalicelib.domain.paging import MAX_PAGE
from chalicelib.domain.roles import Principal

from .access_policy import check_may_supervise, may_see
from .queries import QueryPorts, case_summary
from .work_lists import supervision_page

# How many of a jurisdiction's newest cases the figures are drawn from (the page says so).
CASES_READ = 500


def supervised_cases(
    ports: QueryPorts, principal: Principal, limit: int = CASES_READ
) -> list[Case]:
    """The newest `limit` cases of the supervisor's own jurisdiction: those whose home it is and those
    received at its centres for a partner (a 代收代办 case taken at a township is this county's work too),
    each read page by page and never more than `limit` rows from any list."""
    check_may_supervise(principal, principal.jurisdiction)
    found = {c.case_id: c for c in _read(ports, principal, None, limit)}
    for centre in ports.content.jurisdictions.get(principal.jurisdiction).centers:
        for case in _read(ports, principal, centre.id, limit):
            found.setdefault(case.case_id, case)
    newest = sorted(found.values(), key=lambda c: c.created_at, reverse=True)
    return newest[:limit]


def _read(ports: QueryPorts, principal: Principal, centre: str | None, limit: int) -> list[Case]:
    cases: list[Case] = []
    cursor: str | None = None
    while len(cases) < limit:
        # Keyed pages of one list, newest first: the home side (centre None) or one centre's counter.
        rows, cursor = supervision_page(
            ports.cases, principal, min(MAX_PAGE, limit - len(cases)), cursor, centre
        )
        cases += [c for c in rows if may_see(principal, c)]
        if cursor is None:
            break
    return cases[:limit]


def case_rows(ports: QueryPorts, cases: list[Case]) -> list[dict[str, Any]]:
    """The case list rows, most urgent first as in the inboxes: by due date, then the undated."""
    dated = sorted((c for c in cases if c.due_date), key=lambda c: c.due_date)
    return [case_summary(ports, c) for c in [*dated, *(c for c in cases if not c.due_date)]]
