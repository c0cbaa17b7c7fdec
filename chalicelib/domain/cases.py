"""The case aggregate: its data, and `apply`, the one way a case changes (checked against the table)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from .errors import ForbiddenActionError, InvalidTransitionError, ValidationFailedError
from .modes import HandlingMode
from .roles import Principal, Role
from .statuses import Action, CaseStatus
from .transfers import (
    TRANSFER_ACTIONS,
    Transfer,
    apply_transfer,
    check_delivery,
    check_guards,
    check_mode,
)
from .transitions import ACTION_ROLES, REASON_REQUIRED, Side, next_status, side_for


@dataclass(frozen=True)
class MaterialRef:
    """A stored file bound to a material slot of the form."""

    slot: str
    key: str
    filename: str
    content_type: str
    size: int
    uploaded_by: str
    uploaded_at: str


@dataclass(frozen=True)
class Actor:
    """Who did a step, where: the record of 谁办理谁负责."""

    user_id: str
    name: str
    role: str
    jurisdiction: str
    center: str
    department: str

    @classmethod
    def of(cls, principal: Principal) -> Actor:
        return cls(
            user_id=principal.user_id,
            name=principal.name,
            role=principal.primary_role.value,
            jurisdiction=principal.jurisdiction,
            center=principal.center,
            department=principal.department,
        )


@dataclass(frozen=True)
class CaseEvent:
    """One line of a case's append-only, hash-chained audit trail and timeline."""

    case_id: str
    seq: int
    at: str
    action: str
    from_status: str
    to_status: str
    actor: Actor
    reason: str = ""
    details: dict[str, Any] = field(default_factory=dict)
    prev_hash: str = ""
    hash: str = ""

    def body(self) -> dict[str, Any]:
        return {
            "case_id": self.case_id,
            "seq": self.seq,
            "at": self.at,
            "action": self.action,
            "from_status": self.from_status,
            "to_status": self.to_status,
            "actor": self.actor.__dict__,
            "reason": self.reason,
            "details": self.details,
            "prev_hash": self.prev_hash,
        }

    def computed_hash(self) -> str:
        canonical = json.dumps(
            self.body(), ensure_ascii=False, sort_keys=True, separators=(",", ":")
        )
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    def sealed(self) -> CaseEvent:
        return replace(self, hash=self.computed_hash())


def verify_chain(events: list[CaseEvent]) -> list[str]:
    """Return the problems found in a case's audit chain (empty when intact)."""
    problems: list[str] = []
    prev = ""
    for expected_seq, event in enumerate(sorted(events, key=lambda e: e.seq), start=1):
        if event.seq != expected_seq:
            problems.append(f"第 {expected_seq} 条记录缺失或序号错误（见到 {event.seq}）")
        if event.prev_hash != prev:
            problems.append(f"第 {event.seq} 条记录的前序哈希不符")
        if event.computed_hash() != event.hash:
            problems.append(f"第 {event.seq} 条记录内容被改动（哈希不符）")
        prev = event.hash
    return problems


@dataclass(frozen=True)
class Case:
    """A 办件: one application for one catalog item, handled in one mode between two jurisdictions."""

    case_id: str
    case_number: str
    query_code: str
    item_code: str
    item_name: str
    form_id: str
    form_version: int
    mode: HandlingMode
    receiving_code: str
    home_code: str
    department: str
    applicant_user_id: str
    applicant_name: str
    applicant_id_number: str
    applicant_phone: str
    answers: dict[str, Any]
    status: CaseStatus
    version: int
    created_at: str
    updated_at: str
    created_by: str = ""
    receiving_center: str = ""
    materials: tuple[MaterialRef, ...] = ()
    routing_state: str = "none"
    result: dict[str, Any] = field(default_factory=dict)
    last_hash: str = ""
    supplement_rounds: int = 0
    transfers: tuple[Transfer, ...] = ()
    applicant_email: str = ""
    # The clock as of the last step that moved it (for inboxes; the case view recomputes it).
    due_date: str = ""
    clock_paused: bool = False
    # Transactional outbox: messages saved with the change that caused them, sent after the commit.
    outbox: tuple[dict[str, Any], ...] = ()

    def side_code(self, side: Side) -> str:
        return self.home_code if side is Side.HOME else self.receiving_code


def check_permission(case: Case, principal: Principal, action: Action) -> None:
    """Raise unless this principal may do this action on this case (role, ownership, jurisdiction)."""
    allowed = ACTION_ROLES[action]
    if not principal.has(*allowed):
        names = "、".join(sorted(r.label_zh for r in allowed))
        raise ForbiddenActionError(f"“{action.label_zh}”只能由{names}办理")
    if principal.has(Role.SYSTEM, Role.SUPERVISOR):
        return
    if principal.has(Role.APPLICANT) and not principal.is_staff:
        if case.applicant_user_id != principal.user_id:
            raise ForbiddenActionError("只能操作本人的办件")
        return
    side = side_for(case.mode, action)
    codes = {case.receiving_code, case.home_code} if side is Side.ANY else {case.side_code(side)}
    if principal.jurisdiction not in codes:
        raise ForbiddenActionError("该环节不属于您所在地区的职责范围（谁办理谁负责）")
    # A department's approver decides only its own items; counter staff serve every department.
    if (
        side is Side.HOME
        and principal.has(Role.APPROVER)
        and principal.department
        and principal.department != case.department
    ):
        raise ForbiddenActionError("该办件不属于您所在部门的职责范围（谁办理谁负责）")


def apply(
    case: Case,
    action: Action,
    principal: Principal,
    at: datetime,
    *,
    reason: str = "",
    details: dict[str, Any] | None = None,
    changes: dict[str, Any] | None = None,
) -> tuple[Case, CaseEvent]:
    """Move the case by one action: checks the table and permissions, bumps the version, seals an event."""
    target = next_status(case.status, action)
    if target is None:
        raise InvalidTransitionError(
            f"办件当前状态为“{case.status.label_zh}”，不能执行“{action.label_zh}”",
            details={"status": case.status.value, "action": action.value},
        )
    check_mode(case.mode, action)
    check_permission(case, principal, action)
    if action in REASON_REQUIRED and not reason.strip():
        raise ValidationFailedError(f"“{action.label_zh}”必须填写理由")
    check_guards(case.mode, case.transfers, action)
    if action is Action.DELIVER and case.mode is not HandlingMode.ONLINE:
        check_delivery(details or {})
    stamp = at.isoformat(timespec="seconds")
    changes = dict(changes or {})
    if action in TRANSFER_ACTIONS:
        changes["transfers"] = apply_transfer(
            case.transfers, action, details or {}, principal.name, stamp
        )
    updated = replace(case, **changes, status=target, version=case.version + 1, updated_at=stamp)
    event = CaseEvent(
        case_id=case.case_id,
        seq=updated.version,
        at=stamp,
        action=action.value,
        from_status=case.status.value,
        to_status=target.value,
        actor=Actor.of(principal),
        reason=reason.strip(),
        details=details or {},
        prev_hash=case.last_hash,
    ).sealed()
    return replace(updated, last_hash=event.hash), event


def open_case(case: Case, principal: Principal) -> tuple[Case, CaseEvent]:
    """The first event of a new case: its creation as a draft."""
    event = CaseEvent(
        case_id=case.case_id,
        seq=1,
        at=case.created_at,
        action=Action.CREATE.value,
        from_status="",
        to_status=CaseStatus.DRAFT.value,
        actor=Actor.of(principal),
        details={"form": f"{case.form_id}@v{case.form_version}"},
    ).sealed()
    return replace(case, version=1, last_hash=event.hash), event
