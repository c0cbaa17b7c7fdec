"""Personal data in the case view: full only to those whose task needs it, every staff view of it recorded."""

from __future__ import annotations

from typing import Any, Protocol

from chalicelib.domain.cases import Case
from chalicelib.domain.data_views import PersonalDataView
from chalicelib.domain.errors import ForbiddenActionError
from chalicelib.domain.masking import mask_deep, mask_phone, mask_secret, mask_text
from chalicelib.domain.roles import Principal, Role

from .ports import Clock

# The roles whose work on a case needs the applicant's full ID number and phone (受理, 审查, 送达).
WORKING_ROLES = (Role.WINDOW_STAFF, Role.APPROVER, Role.DEPARTMENT_HEAD)
MAX_LISTED = 500


class PersonalDataAccessLog(Protocol):
    """Append-only record of full personal-data views, listed per jurisdiction for its supervisors."""

    def record(self, view: PersonalDataView) -> None:
        """Store the view under every jurisdiction it names."""

    def for_jurisdiction(self, code: str, since: str, limit: int) -> list[PersonalDataView]:
        """Views listed under this jurisdiction at or after `since` (ISO time), newest first."""


def needs_full_view(case: Case, principal: Principal) -> bool:
    """The applicant (their own data) and staff who work the case see it whole; supervisors oversee the
    handling and get it masked. Call only for someone the access policy already lets see the case."""
    if principal.has(Role.SYSTEM):
        return True
    if bool(case.applicant_user_id) and case.applicant_user_id == principal.user_id:
        return True
    return principal.has(*WORKING_ROLES) and principal.jurisdiction in (
        case.home_code,
        case.receiving_code,
    )


def masked_case_view(view: dict[str, Any], case: Case) -> dict[str, Any]:
    """The case view with every ID number, phone and the 查询密码 masked (names stay)."""
    masked = dict(view)
    if "query_code" in masked:
        masked["query_code"] = mask_secret(str(masked["query_code"]))
    if "answers" in masked:
        masked["answers"] = mask_deep(masked["answers"])
    masked["notices"] = [_masked_notice(n, case) for n in masked.get("notices") or []]
    masked["timeline"] = [
        {
            **e,
            "reason": mask_text(str(e.get("reason") or "")),
            "details": mask_deep(e.get("details")),
        }
        for e in masked.get("timeline") or []
    ]
    return masked


def _masked_notice(notice: dict[str, Any], case: Case) -> dict[str, Any]:
    out = dict(notice)
    if "to" in out:
        to = str(out["to"])
        out["to"] = mask_phone(to) if "@" not in to else _mask_email(to)
    if "text" in out:
        text = str(out["text"])
        if case.query_code:
            text = text.replace(case.query_code, mask_secret(case.query_code))
        out["text"] = mask_text(text)
    return out


def _mask_email(address: str) -> str:
    user, _, domain = address.partition("@")
    return (user[:1] + "***@" + domain) if user else address


def purpose_of(case: Case, principal: Principal, actions: list[str]) -> str:
    """Why the view was shown: the role and the steps the viewer could take on the case at that moment."""
    role = principal.primary_role.label_zh
    if actions:
        return f"{role}办理（{'、'.join(actions)}）：{case.status.label_zh}"
    return f"{role}查看办件：{case.status.label_zh}"


def record_full_view(
    log: PersonalDataAccessLog, clock: Clock, case: Case, principal: Principal, purpose: str
) -> PersonalDataView:
    """Record that `principal` was shown the case's full personal data, and why."""
    view = full_view(clock, case, principal, purpose)
    log.record(view)
    return view


def full_view(clock: Clock, case: Case, principal: Principal, purpose: str) -> PersonalDataView:
    """The record of one showing of the case's full personal data to `principal` (not yet stored)."""
    codes = tuple(
        dict.fromkeys(c for c in (case.home_code, case.receiving_code, principal.jurisdiction) if c)
    )
    return PersonalDataView(
        case_id=case.case_id,
        case_number=case.case_number,
        viewer_user_id=principal.user_id,
        viewer_name=principal.name,
        viewer_role=principal.primary_role.value,
        viewer_jurisdiction=principal.jurisdiction,
        purpose=purpose,
        at=clock.now().isoformat(timespec="microseconds"),
        jurisdictions=codes,
    )


def shown_to(
    log: PersonalDataAccessLog,
    clock: Clock,
    principal: Principal,
    case: Case,
    view: dict[str, Any],
    recorded: bool = False,
) -> dict[str, Any]:
    """The case view as `principal` may have it: whole (and recorded, for staff) or masked.

    The applicant's own look at their own data is not recorded: it exposes nobody, and the record is
    there to let a supervisor see which staff looked at whose data. The system's reads are not views.
    `recorded`: the step that produced this view already stored its record in the step's own write."""
    if not needs_full_view(case, principal):
        return masked_case_view(view, case)
    if principal.is_staff and not recorded:
        actions = [
            str(a.get("label", a.get("action", ""))) for a in view.get("available_actions") or []
        ]
        record_full_view(log, clock, case, principal, purpose_of(case, principal, actions))
    return view


def step_view_record(
    clock: Clock, case: Case, principal: Principal, actions: list[str]
) -> PersonalDataView | None:
    """The record a step's answer will need, made before the step is saved so it is saved with it:
    None when the answer is masked or shown to someone whose look is not recorded."""
    if not principal.is_staff or not needs_full_view(case, principal):
        return None
    return full_view(clock, case, principal, purpose_of(case, principal, actions))


def views_for_jurisdiction(
    log: PersonalDataAccessLog, principal: Principal, jurisdiction: str, since: str, limit: int
) -> list[dict[str, Any]]:
    """The supervisor's list: who saw full personal data of their jurisdiction's cases, newest first."""
    if not principal.has(Role.SUPERVISOR):
        raise ForbiddenActionError("只有监督人员可以查看个人信息查阅记录")
    if not principal.jurisdiction or jurisdiction != principal.jurisdiction:
        raise ForbiddenActionError("只能查看本地区的个人信息查阅记录")
    bounded = max(1, min(limit, MAX_LISTED))
    return [v.as_dict() for v in log.for_jurisdiction(jurisdiction, since, bounded)]
