"""The case aggregate: its data, and `apply`, the one way a case changes: checked against the tables, it
returns the new case, its audit event and the messages the step sends (from `reactions`)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from .case_events import Actor as Actor  # re-exported: the case and its trail travel together
from .case_events import CaseEvent as CaseEvent
from .clock_state import ClockState, advance, china_day
from .errors import ForbiddenActionError, InvalidTransitionError, ValidationFailedError
from .modes import HandlingMode
from .outbox_messages import (
    DOCUMENTS_QUEUE,
    NOTICES_QUEUE,
    document_task,
    notice_task,
    outbox_entry,
    route_task,
)
from .reactions import emissions
from .roles import Principal, Role
from .statuses import Action, CaseStatus
from .step_rules import check_claim, check_time_rules, step_changes
from .transfers import (
    TRANSFER_ACTIONS,
    Transfer,
    apply_transfer,
    check_delivery,
    check_guards,
    check_mode,
)
from .transitions import ACTION_ROLES, REASON_REQUIRED, Side, next_status, side_for
from .video_guidance import check_video_guidance

if TYPE_CHECKING:
    from .deadlines import CaseClock


@dataclass(frozen=True)
class MaterialRef:
    """A stored file bound to a material slot of the form: one object version, whose bytes hash to
    `sha256`, so a later upload to the same key is never taken for it."""

    slot: str
    key: str
    filename: str
    content_type: str
    size: int
    uploaded_by: str
    uploaded_at: str
    version_id: str = ""  # "" only for materials attached before uploads were bound to a version
    sha256: str = ""
    rotation: int = 0  # degrees clockwise the page is turned for reading (0, 90, 180, 270)


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
    # The dates the clock is built from, advanced by every step (domain.clock_state).
    clock: ClockState = field(default_factory=ClockState)
    # The next deadline as of the last step, stamped by the commit path so inboxes sort without the calendar.
    due_date: str = ""
    clock_paused: bool = False
    # 一次性告知: the materials each 补正 round asked for.
    supplement_requests: tuple[tuple[str, ...], ...] = ()
    # Transactional outbox: messages saved with the change that caused them, sent after the commit.
    outbox: tuple[dict[str, Any], ...] = ()
    # Counts the writes that are not steps (routing state, outbox appends and clears): they leave the
    # version alone, so a step's save also requires this count, and never writes stale bookkeeping back.
    bookkeeping: int = 0
    # The secret of the progress link in the SMS and on the receipt: it opens the public progress view
    # even while strangers guessing 查询密码 have locked the number (issue 9, hole 5).
    tracking_token: str = ""
    # 认领 (issue 11): the home department's colleague working the case (domain.step_rules.check_claim).
    claimed_by: str = ""
    claimed_by_name: str = ""
    claimed_at: str = ""

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
        and principal.has(Role.APPROVER, Role.DEPARTMENT_HEAD)
        and principal.department
        and principal.department != case.department
    ):
        raise ForbiddenActionError("该办件不属于您所在部门的职责范围（谁办理谁负责）")


@dataclass(frozen=True)
class Step:
    """One committed-to-be change: the case after it, its audit event, and the messages it sends."""

    case: Case
    event: CaseEvent
    messages: tuple[dict[str, Any], ...]
    expected_version: int
    # The bookkeeping count the step was taken on (Case.bookkeeping): a save after bookkeeping was
    # written since must retry, not overwrite it with the copy the step was taken on.
    expected_bookkeeping: int | None = None


def apply(
    case: Case,
    action: Action,
    principal: Principal,
    at: datetime,
    *,
    reason: str = "",
    details: dict[str, Any] | None = None,
    changes: dict[str, Any] | None = None,
    clock: CaseClock | None = None,
) -> Step:
    """Move the case by one action: check the tables, the permissions and (given the case's clock before
    the step) the law's time limits; bump the version, advance the clock, seal an event, emit messages."""
    target = next_status(case.status, action)
    if target is None:
        raise InvalidTransitionError(
            f"办件当前状态为“{case.status.label_zh}”，不能执行“{action.label_zh}”",
            details={"status": case.status.value, "action": action.value},
        )
    check_mode(case.mode, action)
    check_permission(case, principal, action)
    check_claim(case, action, principal)
    if action in REASON_REQUIRED and not reason.strip():
        raise ValidationFailedError(f"“{action.label_zh}”必须填写理由")
    check_guards(case.mode, case.transfers, action)
    info = dict(details or {})
    if action is Action.DELIVER and case.mode is not HandlingMode.ONLINE:
        check_delivery(info)
    if action is Action.RECORD_VIDEO_GUIDANCE:
        info = check_video_guidance(case.mode, info)
    check_time_rules(case, action, clock, china_day(at))
    stamp = at.isoformat(timespec="seconds")
    changes = {**step_changes(case, action, principal, at, reason, info), **(changes or {})}
    if action in TRANSFER_ACTIONS:
        changes["transfers"] = apply_transfer(case.transfers, action, info, principal.name, stamp)
    seq = case.version + 1
    updated = replace(
        case,
        **changes,
        status=target,
        version=seq,
        updated_at=stamp,
        clock=advance(case.clock, china_day(at), action, target, info),
    )
    event = CaseEvent(
        case_id=case.case_id,
        seq=seq,
        at=stamp,
        action=action.value,
        from_status=case.status.value,
        to_status=target.value,
        actor=Actor.of(principal),
        reason=reason.strip(),
        details=info,
        prev_hash=case.last_hash,
    ).sealed()
    messages = _messages(updated, action, seq)
    updated = replace(updated, last_hash=event.hash, outbox=(*updated.outbox, *messages))
    return Step(
        case=updated,
        event=event,
        messages=messages,
        expected_version=case.version,
        expected_bookkeeping=case.bookkeeping,
    )


def _messages(case: Case, action: Action, seq: int) -> tuple[dict[str, Any], ...]:
    row = emissions(case.mode, action, case.result)
    out = []
    if row.route:
        out.append(outbox_entry(seq, case.home_code, route_task(case.case_id, seq)))
    if row.document:
        # One message for the document and the notice that announces it: one delivery, one read.
        task = document_task(case.case_id, seq, row.document, row.notice)
        out.append(outbox_entry(seq, DOCUMENTS_QUEUE, task))
    elif row.notice:
        out.append(outbox_entry(seq, NOTICES_QUEUE, notice_task(case.case_id, seq, row.notice)))
    return tuple(out)


def open_case(case: Case, principal: Principal) -> Step:
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
    return Step(
        case=replace(case, version=1, last_hash=event.hash),
        event=event,
        messages=(),
        expected_version=0,
    )
