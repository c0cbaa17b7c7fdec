"""Intake use cases: fill in an application and submit it to the home jurisdiction (materials: material_intake)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from chalicelib.domain.case_numbers import format_case_number
from chalicelib.domain.cases import Case, open_case
from chalicelib.domain.errors import (
    BadRequestError,
    ConcurrencyError,
    ForbiddenActionError,
    ValidationFailedError,
)
from chalicelib.domain.forms import (
    ValidationResult,
    material_slots_required,
    validate_answers,
)
from chalicelib.domain.forms.drafts import StepCheck, check_draft
from chalicelib.domain.modes import HandlingMode
from chalicelib.domain.roles import Principal, Role
from chalicelib.domain.statuses import Action, CaseStatus
from chalicelib.domain.transitions import next_status

from .access_policy import check_may_act, visible_case
from .forms_lookup import form_for_item, form_of_case
from .material_scans import scan_id
from .ports import BlobStore, CaseFile, Counter, IdSource, ScanResults
from .resupply import not_yet_supplied
from .steps import Shown, StepPorts, commit, take
from .upload_keys import safe_filename

__all__ = ["safe_filename"]  # re-exported: callers name files through intake

# Submitting again answers what was asked: a 补正 before acceptance, a 补办 during review.
RESUBMITTING = {
    CaseStatus.SUPPLEMENT_REQUESTED: Action.SUPPLEMENT,
    CaseStatus.AWAITING_REVIEW_SUPPLEMENT: Action.SUPPLY_FOR_REVIEW,
}
_IDEMPOTENCY_KEY = re.compile(r"^[\x21-\x7e]{1,128}$")


@dataclass(frozen=True)
class IntakePorts:
    """What filing an application needs beyond committing steps."""

    steps: StepPorts
    counters: Counter
    ids: IdSource
    blobs: BlobStore
    scans: ScanResults
    upload_expiry_seconds: int = 300


def create_case(
    ports: IntakePorts,
    principal: Principal,
    *,
    item_code: str,
    mode: str,
    home_code: str,
    answers: Any,
    idempotency_key: str = "",
    draft: bool = False,
) -> Case:
    """Validate everything first, then store a draft case with its first audit event.

    With `draft`, the answers may be partial (even none): only those given are checked, and the
    whole form is checked at submission. The same `idempotency_key` from the same person returns the
    case the first request made."""
    case, _file = create_case_with_file(
        ports,
        principal,
        item_code=item_code,
        mode=mode,
        home_code=home_code,
        answers=answers,
        idempotency_key=idempotency_key,
        draft=draft,
    )
    return case


def create_case_with_file(
    ports: IntakePorts,
    principal: Principal,
    *,
    item_code: str,
    mode: str,
    home_code: str,
    answers: Any,
    idempotency_key: str = "",
    draft: bool = False,
) -> tuple[Case, CaseFile | None]:
    """create_case, and the new case's file when this request made it (its one event, nothing
    else yet), so the answer needs no read of what was just written; None for an earlier case."""
    if not principal.has(Role.APPLICANT, Role.WINDOW_STAFF):
        raise ForbiddenActionError("只有申请人或窗口工作人员可以填写申请")
    if idempotency_key and not _IDEMPOTENCY_KEY.match(idempotency_key):
        raise BadRequestError("Idempotency-Key 应为1–128个可见ASCII字符")
    scoped_key = f"{principal.user_id}#{idempotency_key}" if idempotency_key else ""
    cases = ports.steps.cases
    # The key is not looked up first: the transaction that stores the case claims it, and only a
    # repeat that loses that claim reads the earlier case. One read fewer on every create; the price is
    # that a repeat draws a case number it does not keep, a gap like the one an abandoned draft leaves.
    content = ports.steps.content
    item = content.catalog.get(item_code)
    try:
        handling = HandlingMode(mode)
    except ValueError:
        raise BadRequestError(f"未知的办理方式：{mode}") from None
    if handling not in item.modes:
        allowed = "、".join(m.label_zh for m in item.modes)
        raise BadRequestError(f"事项“{item.name}”不支持“{handling.label_zh}”，可选：{allowed}")
    home = content.jurisdictions.get(home_code)
    receiving = _receiving_code(principal, handling, home.code)
    if receiving != home.code and not content.jurisdictions.handles(
        receiving, home.code, item.code, handling
    ):
        raise BadRequestError("两地之间没有该事项的跨省通办协作，请咨询窗口")
    form = form_for_item(content, item, home.code)
    result: StepCheck | ValidationResult = (
        check_draft(form, {}, answers if answers is not None else {})
        if draft
        else validate_answers(form, answers)
    )
    if not result.ok:
        raise ValidationFailedError(
            "申请表填写有误，请按提示修改", details=[e.__dict__ for e in result.errors]
        )
    cleaned = result.cleaned
    clock = ports.steps.clock
    now = clock.now()
    serial = ports.counters.next(f"case-number#{receiving}#{clock.today():%Y%m%d}")
    case = Case(
        case_id=ports.ids.new_id(),
        case_number=format_case_number(receiving, clock.today(), serial),
        query_code=ports.ids.query_code(),
        tracking_token=ports.ids.tracking_token(),
        item_code=item.code,
        item_name=item.name,
        form_id=form.id,
        form_version=form.version,
        mode=handling,
        receiving_code=receiving,
        home_code=home.code,
        department=item.department,
        applicant_user_id=principal.user_id if not principal.is_staff else "",
        applicant_name=str(cleaned.get(form.applicant_fields.name, "")),
        applicant_id_number=str(cleaned.get(form.applicant_fields.id_number, "")),
        applicant_phone=str(cleaned.get(form.applicant_fields.phone, "")),
        applicant_email=principal.email if not principal.is_staff else "",
        answers=cleaned,
        status=CaseStatus.DRAFT,
        version=0,
        created_at=now.isoformat(timespec="seconds"),
        updated_at=now.isoformat(timespec="seconds"),
        created_by=principal.user_id,
        receiving_center=principal.center if principal.is_staff else "",
    )
    opened = open_case(case, principal)
    try:
        created = commit(ports.steps, opened, idempotency_key=scoped_key)
    except ConcurrencyError:
        earlier = cases.by_idempotency_key(scoped_key) if scoped_key else None
        if earlier:
            return cases.get(earlier), None
        raise
    return created, CaseFile(
        events=[opened.event], notices=[], documents=[], scans={}, case=created
    )


def _receiving_code(principal: Principal, mode: HandlingMode, home_code: str) -> str:
    if principal.is_staff:
        if not principal.jurisdiction:
            raise ForbiddenActionError("您的账号未设置所属地区，无法代为受理")
        if mode is HandlingMode.ONLINE:
            raise BadRequestError(
                "全程网办由申请人本人在网上提交；窗口代为受理请选择异地代收代办或多地联办"
            )
        return principal.jurisdiction
    if mode is not HandlingMode.ONLINE:
        raise ForbiddenActionError(f"“{mode.label_zh}”须到跨省通办窗口办理，网上只能申请全程网办")
    return home_code


def submit_case(
    ports: IntakePorts,
    principal: Principal,
    case_id: str,
    expected_version: int | None = None,
    shown: Shown | None = None,
    read: CaseFile | None = None,
) -> Case:
    """Submit a draft (or a supplemented case): check materials, store, then route to the home queue."""
    case = visible_case(ports.steps.cases, principal, case_id, read)
    action = RESUBMITTING.get(case.status, Action.SUBMIT)
    check_may_act(principal, case, action)
    if expected_version is not None and expected_version != case.version:
        raise ConcurrencyError("办件已被他人更新，请刷新后重试")
    form = form_of_case(ports.steps.content, case)
    from .draft_answers import (
        complete_answers,  # drafts build on intake; the import cannot be at the top
    )

    answered = complete_answers(form, case)  # a draft is checked whole; {} once submitted
    rejected = {
        k
        for k, r in (read.scans if read is not None else ports.scans.for_case(case_id)).items()
        if r["status"] == "rejected"
    }  # scan ids: the verdict on exactly the version each material is bound to
    missing = [
        s.label
        for s in material_slots_required(form, answered.get("answers", case.answers))
        if not _has(case, s.id, rejected)
    ]
    if action is Action.SUPPLY_FOR_REVIEW:
        # 已受理待补办: what the reviewer asked for, captured after the request (slot ids or material codes).
        events = read.events if read is not None else ports.steps.cases.events(case_id)
        missing += not_yet_supplied(case, events, form, rejected)
    if missing and next_status(case.status, action) is not None:
        raise ValidationFailedError(
            "材料不齐全：" + "、".join(missing), details=[{"path": "materials", "missing": missing}]
        )
    # A 补办 goes to the department already reviewing the case: nothing is routed again.
    routing = {} if action is Action.SUPPLY_FOR_REVIEW else {"routing_state": "pending"}
    return take(ports.steps, case, action, principal, changes={**answered, **routing}, shown=shown)


def _has(case: Case, slot_id: str, rejected: set[str]) -> bool:
    """A slot counts as filled by a file the scan pipeline has not refused (pending scans count)."""
    return any(
        m.slot == slot_id and scan_id(m.key, m.version_id) not in rejected for m in case.materials
    )
