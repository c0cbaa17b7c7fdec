"""已受理待补办: which of the materials the reviewer asked for have not been captured since the request."""

from __future__ import annotations

from chalicelib.domain.cases import Case, CaseEvent
from chalicelib.domain.forms import FormDefinition
from chalicelib.domain.statuses import Action

from .material_scans import scan_id


def not_yet_supplied(
    case: Case, events: list[CaseEvent], form: FormDefinition, rejected: set[str]
) -> list[str]:
    """The labels of asked slots without a file attached after the request (and not refused by the scan):
    the file the reviewer found wanting does not answer the request that names it. "After" is the order
    of the audit trail, not the clock, so a page captured in the same second still counts."""
    asked = set(case.supplement_requests[-1]) if case.supplement_requests else set()
    asked_at = max(
        (e.seq for e in events if e.action == Action.REQUEST_REVIEW_SUPPLEMENT), default=0
    )
    attached_since = {
        (str(e.details.get("slot", "")), str(e.details.get("sha256", "")))
        for e in events
        if e.action == Action.ATTACH_MATERIAL and e.seq > asked_at
    }
    missing = []
    for slot in form.material_slots:
        if not asked & {slot.id, slot.material}:
            continue
        fresh = [
            m
            for m in case.materials
            if m.slot == slot.id
            and (m.slot, m.sha256) in attached_since
            and scan_id(m.key, m.version_id) not in rejected
        ]
        if not fresh:
            missing.append(slot.label)
    return missing
