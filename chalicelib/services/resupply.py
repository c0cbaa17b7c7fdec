"""已受理待补办: which of the materials the reviewer asked for have not been captured since the request."""

from __future__ import annotations

from datetime import datetime

from chalicelib.domain.cases import Case
from chalicelib.domain.forms import FormDefinition
from chalicelib.domain.statuses import Action

from .material_scans import scan_id
from .ports import CaseRepository


def not_yet_supplied(
    cases: CaseRepository, case: Case, form: FormDefinition, rejected: set[str]
) -> list[str]:
    """The labels of asked slots without a file attached after the request (and not refused by the scan):
    the file the reviewer found wanting does not answer the request that names it."""
    asked = set(case.supplement_requests[-1]) if case.supplement_requests else set()
    requests = [
        e for e in cases.events(case.case_id) if e.action == Action.REQUEST_REVIEW_SUPPLEMENT
    ]
    since = datetime.fromisoformat(requests[-1].at) if requests else None
    missing = []
    for slot in form.material_slots:
        if not asked & {slot.id, slot.material}:
            continue
        fresh = [
            m
            for m in case.materials
            if m.slot == slot.id
            and scan_id(m.key, m.version_id) not in rejected
            and _after(m.uploaded_at, since)
        ]
        if not fresh:
            missing.append(slot.label)
    return missing


def _after(stamp: str, since: datetime | None) -> bool:
    if since is None:
        return True
    return bool(stamp) and datetime.fromisoformat(stamp) >= since
