"""Intake use cases: fill in an application, upload materials, submit it to the home jurisdiction."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

from chalicelib.domain.case_numbers import format_case_number
from chalicelib.domain.cases import Case, MaterialRef, check_permission, open_case
from chalicelib.domain.errors import (
    BadRequestError,
    ConcurrencyError,
    DomainError,
    ForbiddenActionError,
    InvalidTransitionError,
    ValidationFailedError,
)
from chalicelib.domain.forms import (
    FormDefinition,
    MaterialSlot,
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
from .ports import BlobStore, CaseFile, Counter, IdSource, ScanResults, UploadTicket
from .resupply import not_yet_supplied
from .steps import Shown, StepPorts, commit, take
from .upload_keys import parse_upload_key, safe_filename, upload_key

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


def request_upload(
    ports: IntakePorts,
    principal: Principal,
    case_id: str,
    *,
    slot_id: str,
    filename: str,
    content_type: str,
    size: int,
) -> UploadTicket:
    """A presigned POST for one file of exactly the declared size into one material slot, checked
    against the slot's limits; the key carries a fresh random id and the declared size."""
    case = visible_case(ports.steps.cases, principal, case_id)
    _check_can_attach(case, principal)
    slot = _slot(form_of_case(ports.steps.content, case), slot_id)
    if content_type not in slot.accept:
        raise BadRequestError(f"“{slot.label}”只接受以下格式：{'、'.join(slot.accept)}")
    if isinstance(size, bool) or not isinstance(size, int) or size <= 0:
        raise BadRequestError("文件为空或大小未知")
    if size > slot.max_bytes:
        raise BadRequestError(f"文件过大：上限 {slot.max_bytes // (1024 * 1024)} MB")
    key = upload_key(case.case_id, slot.id, ports.ids.new_id(), size, filename)
    return ports.blobs.presign_upload(key, content_type, size, ports.upload_expiry_seconds)


class MaterialReplacedError(DomainError):
    code = "material_replaced"
    kind = "conflict"


def attach_material(
    ports: IntakePorts,
    principal: Principal,
    case_id: str,
    *,
    key: str,
    shown: Shown | None = None,
    read: CaseFile | None = None,
) -> Case:
    """Bind an uploaded object to its slot once it is really in storage: that object version, its
    declared size and the SHA-256 of its bytes. Attaching again is harmless; a different version of an
    attached key (a second upload to it) is refused, never taken for the file that was checked."""
    case = visible_case(ports.steps.cases, principal, case_id, read)
    _check_can_attach(case, principal)
    parsed = parse_upload_key(key, case.case_id)
    declared = parsed.declared_size
    slot = _slot(form_of_case(ports.steps.content, case), parsed.slot)
    # What is stored and its bytes in one GetObject: the presigned POST pinned the size to one the
    # slot allows, so reading before the checks below reads nothing larger than they would accept.
    fetched = ports.blobs.fetch(key)
    stored = fetched[0] if fetched is not None else None
    attached = next((m for m in case.materials if m.key == key), None)
    if attached is not None:
        if stored is not None and stored.version_id == attached.version_id:
            return case
        raise MaterialReplacedError(REPLACED)
    if stored is None:
        raise BadRequestError("未找到上传的文件，请重新上传")
    if stored.size != declared:
        raise BadRequestError("上传的文件大小与申报的不符，请重新上传")
    if stored.size <= 0 or stored.size > slot.max_bytes:
        raise BadRequestError("文件为空或超过大小上限")
    if stored.content_type not in slot.accept:
        raise BadRequestError(f"“{slot.label}”只接受以下格式：{'、'.join(slot.accept)}")
    if sum(1 for m in case.materials if m.slot == slot.id) >= slot.max_files:
        raise BadRequestError(f"“{slot.label}”最多上传 {slot.max_files} 个文件")
    data = fetched[1] if fetched is not None else b""
    if len(data) != stored.size:
        raise BadRequestError("上传的文件不完整，请重新上传")
    ref = MaterialRef(
        slot=slot.id,
        key=key,
        filename=parsed.filename,
        content_type=stored.content_type,
        size=stored.size,
        uploaded_by=principal.user_id,
        uploaded_at=ports.steps.clock.now().isoformat(timespec="seconds"),
        version_id=stored.version_id,
        sha256=hashlib.sha256(data).hexdigest(),
    )
    return take(
        ports.steps,
        case,
        Action.ATTACH_MATERIAL,
        principal,
        details={
            "slot": slot.id,
            "label": slot.label,
            "filename": ref.filename,
            "size": ref.size,
            "sha256": ref.sha256,  # the audit chain names the bytes that were attached
        },
        changes={"materials": (*case.materials, ref)},
        shown=shown,
    )


REPLACED = "该材料已登记，如需更换请删除后重新上传"


def detach_material(
    ports: IntakePorts,
    principal: Principal,
    case_id: str,
    *,
    key: str,
    shown: Shown | None = None,
    read: CaseFile | None = None,
) -> Case:
    """Take one attached file off the case before submission (or while answering a 补正), so it can be
    replaced. The stored object stays, named with its SHA-256 in the audit trail; a new upload gets a
    new key. Removing a file that is no longer attached changes nothing (a double click, a retry)."""
    case = visible_case(ports.steps.cases, principal, case_id, read)
    _check_may_change_materials(case, principal, Action.DETACH_MATERIAL)
    material = next((m for m in case.materials if m.key == key), None)
    if material is None:
        return case
    slot = next(
        (
            s
            for s in form_of_case(ports.steps.content, case).material_slots
            if s.id == material.slot
        ),
        None,
    )
    return take(
        ports.steps,
        case,
        Action.DETACH_MATERIAL,
        principal,
        details={
            "slot": material.slot,
            "label": slot.label if slot else material.slot,
            "filename": material.filename,
            "size": material.size,
            "sha256": material.sha256,
        },
        changes={"materials": tuple(m for m in case.materials if m.key != key)},
        shown=shown,
    )


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


def _check_can_attach(case: Case, principal: Principal) -> None:
    _check_may_change_materials(case, principal, Action.ATTACH_MATERIAL)


def _check_may_change_materials(case: Case, principal: Principal, action: Action) -> None:
    check_may_act(principal, case, action)
    if next_status(case.status, action) is None:
        doing = "上传" if action is Action.ATTACH_MATERIAL else "删除"
        raise InvalidTransitionError(f"办件当前状态为“{case.status.label_zh}”，不能{doing}材料")
    check_permission(case, principal, action)


def _slot(form: FormDefinition, slot_id: str) -> MaterialSlot:
    for slot in form.material_slots:
        if slot.id == slot_id:
            return slot
    raise BadRequestError(f"申请表没有名为“{slot_id}”的材料项")


def _has(case: Case, slot_id: str, rejected: set[str]) -> bool:
    """A slot counts as filled by a file the scan pipeline has not refused (pending scans count)."""
    return any(
        m.slot == slot_id and scan_id(m.key, m.version_id) not in rejected for m in case.materials
    )
