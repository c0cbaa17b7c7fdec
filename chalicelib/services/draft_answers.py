"""Filling in a draft step by step: save one step's answers (or a few fields), each save a checked step."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from chalicelib.domain.cases import Case
from chalicelib.domain.errors import BadRequestError, ConcurrencyError, ValidationFailedError
from chalicelib.domain.forms import FormDefinition, validate_answers
from chalicelib.domain.forms.drafts import as_input, check_draft, step_of
from chalicelib.domain.jurisdictions import Jurisdiction
from chalicelib.domain.modes import HandlingMode
from chalicelib.domain.roles import Principal
from chalicelib.domain.statuses import Action, CaseStatus

from .access_policy import check_may_act, visible_case
from .forms_lookup import form_of_case
from .intake import IntakePorts
from .ports import Content
from .steps import take

WRONG = "申请表填写有误，请按提示修改"


def save_answers(
    ports: IntakePorts,
    principal: Principal,
    case_id: str,
    answers: Any,
    *,
    step_id: str = "",
    expected_version: int | None = None,
) -> Case:
    """Store answers on a draft: a step's are checked whole (its required fields too), fields sent
    without a step only as given; the rest of the form is checked at submission. Conditions see every
    answer, so a field hidden by a changed answer is dropped. Nothing is stored when a check fails."""
    case = visible_case(ports.steps.cases, principal, case_id)
    check_may_act(principal, case, Action.SAVE_ANSWERS)
    if expected_version is not None and expected_version != case.version:
        raise ConcurrencyError("草稿已在别处更新，请刷新后重试", details={"version": case.version})
    form = form_of_case(ports.steps.content, case)
    if step_id:
        try:
            step_of(form, step_id)
        except KeyError:
            raise BadRequestError(f"申请表没有名为“{step_id[:64]}”的步骤") from None
    check = check_draft(form, case.answers, answers, step_id or None)
    if not check.ok:
        raise ValidationFailedError(WRONG, details=[e.__dict__ for e in check.errors])
    return take(
        ports.steps,
        case,
        Action.SAVE_ANSWERS,
        principal,
        # The audit chain says which step was saved; the answers themselves stay on the case.
        details={"step": step_id or "", "fields": len(answers)},
        changes=applicant_changes(form, check.cleaned),
    )


def applicant_changes(form: FormDefinition, cleaned: dict[str, Any]) -> dict[str, Any]:
    names = form.applicant_fields
    return {
        "answers": cleaned,
        "applicant_name": str(cleaned.get(names.name, "")),
        "applicant_id_number": str(cleaned.get(names.id_number, "")),
        "applicant_phone": str(cleaned.get(names.phone, "")),
    }


def complete_answers(form: FormDefinition, case: Case) -> dict[str, Any]:
    """A draft's answers checked whole before submission: the cleaned set, or the field errors."""
    if case.status is not CaseStatus.DRAFT:
        return {}
    result = validate_answers(form, as_input(form, case.answers))
    if not result.ok:
        raise ValidationFailedError(
            "申请表还有未填写或填写有误的内容，请补充后再提交",
            details=[e.__dict__ for e in result.errors],
        )
    return applicant_changes(form, result.cleaned)


@dataclass(frozen=True)
class Draft:
    """A case being filled in, the exact form version it is filled against, and the newest published."""

    case: Case
    form: FormDefinition
    newest_version: int


def open_draft(ports: IntakePorts, principal: Principal, case_id: str) -> Draft:
    """A case the person may see, with its own form version (never migrated under them)."""
    case = visible_case(ports.steps.cases, principal, case_id)
    content = ports.steps.content
    form = form_of_case(content, case)
    latest = content.forms.for_item(case.item_code)
    newest = latest.version if latest is not None and latest.id == case.form_id else 0
    return Draft(case, form, max(newest, case.form_version))


def online_homes(content: Content, item_code: str) -> tuple[Jurisdiction, ...]:
    """Where one may apply for an item fully online: the home county, and partners whose agreement with
    it covers the item for 全程网办."""
    item = content.catalog.get(item_code)
    if HandlingMode.ONLINE not in item.modes:
        raise BadRequestError(f"“{item.name}”不能全程网办，请到跨省通办窗口办理")
    registry = content.jurisdictions
    home = registry.home_county
    return tuple(
        j
        for j in registry.all()
        if j.code == home.code
        or registry.handles(home.code, j.code, item.code, HandlingMode.ONLINE)
    )
