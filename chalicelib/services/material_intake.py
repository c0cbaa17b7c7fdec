"""Materials of an application: a presigned upload for one slot, then the stored file bound to the case
(its version, size and SHA-256), or taken off it before submission or while answering a 补正."""

from __future__ import annotations

import hashlib

from chalicelib.domain.cases import Case, MaterialRef, check_permission
from chalicelib.domain.errors import BadRequestError, DomainError, InvalidTransitionError
from chalicelib.domain.forms import FormDefinition, MaterialSlot
from chalicelib.domain.roles import Principal
from chalicelib.domain.statuses import Action
from chalicelib.domain.transitions import next_status

from .access_policy import check_may_act, visible_case
from .forms_lookup import form_of_case
from .intake import IntakePorts
from .material_scans import upload_metadata
from .ports import CaseFile, UploadTicket
from .steps import Shown, take
from .upload_keys import parse_upload_key, upload_key


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
    return ports.blobs.presign_upload(
        key, content_type, size, ports.upload_expiry_seconds, upload_metadata(slot.material)
    )


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
