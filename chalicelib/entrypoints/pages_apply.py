"""在线申请 step by step: start a draft, one page per step, check your answers, submit, confirmation."""

from __future__ import annotations

import json
import secrets
import urllib.parse
from typing import Any

from chalice.app import Response

from chalicelib import bootstrap
from chalicelib.domain.errors import DomainError, InvalidTransitionError, ValidationFailedError
from chalicelib.domain.forms import FieldError, FormDefinition
from chalicelib.domain.forms.divisions import DivisionTree
from chalicelib.domain.forms.drafts import as_input, first_incomplete_step, step_of
from chalicelib.domain.forms.validation import visible_fields
from chalicelib.domain.modes import HandlingMode
from chalicelib.domain.roles import Principal
from chalicelib.domain.statuses import CaseStatus
from chalicelib.services import draft_answers, intake

from .apply_fields import StepViews, group_change, html_id, step_answers, tree_json
from .apply_summary import check_context
from .http import HttpError
from .web_pages import base_path, page
from .web_session import check_csrf, first, form_fields, redirect, session_user, user_of_token

# Where the last step leads: the check page, which links to the uploads page and shows the materials.
AFTER_LAST_STEP = "check"


def _login_redirect(path: str) -> Response:
    return redirect(f"{base_path()}/login?next={urllib.parse.quote(path, safe='/')}")


def _tree() -> DivisionTree:
    return DivisionTree.of(bootstrap.content_ports().jurisdictions.all())


# --- start ----------------------------------------------------------------------------------------
def start_form(request: Any, code: str, errors: list[dict[str, str]] | None = None) -> Response:
    user = session_user(request)
    if user is None:
        return _login_redirect(f"/apply/{code}")
    content = bootstrap.content_ports()
    item = content.catalog.get(code)
    homes = draft_answers.online_homes(content, code)
    context = {
        "item": item,
        "homes": [{"code": j.code, "name": j.full_name} for j in homes],
        "nonce": secrets.token_urlsafe(18),
        "errors": errors or [],
    }
    return page(
        request,
        "apply/start.html.j2",
        context,
        status=400 if errors else 200,
        user=user,
        personal=True,
    )


def start(request: Any, code: str) -> Response:
    fields = form_fields(request)
    check_csrf(request, fields)
    user = session_user(request)
    if user is None:
        return _login_redirect(f"/apply/{code}")
    home = first(fields, "home_code", 6)
    if not home:
        return start_form(request, code, [{"field": "home_code-0", "message": "请选择业务属地"}])
    case = intake.create_case(
        bootstrap.intake(),
        user,
        item_code=code,
        mode=HandlingMode.ONLINE.value,
        home_code=home,
        answers={},
        # The start page's nonce: a double click, or the page posted again, opens one draft.
        idempotency_key=first(fields, "nonce", 128),
        draft=True,
    )
    form = draft_answers.open_draft(bootstrap.intake(), user, case.case_id).form
    return redirect(f"{base_path()}/apply/{case.case_id}/step/{form.steps[0].id}")


# --- steps ----------------------------------------------------------------------------------------
def _editable(draft: draft_answers.Draft, case_id: str) -> Response | None:
    """A submitted case is not a draft any more: its pages lead to the confirmation."""
    if draft.case.status is not CaseStatus.DRAFT:
        return redirect(f"{base_path()}/apply/{case_id}/done")
    return None


def _version_notice(draft: draft_answers.Draft) -> str:
    if draft.newest_version > draft.case.form_version:
        v = draft.case.form_version
        return f"本申请按 v{v} 表单填写；新版表单已发布，您的草稿仍按原版本办理"
    return ""


def _steps_nav(form: FormDefinition, case_id: str, current: str) -> list[dict[str, Any]]:
    base = f"{base_path()}/apply/{case_id}"
    nav = [
        {"title": s.title, "href": f"{base}/step/{s.id}", "current": s.id == current}
        for s in form.steps
    ]
    if form.material_slots:
        nav.append({"title": "上传材料", "href": f"{base}/materials", "current": False})
    nav.append({"title": "核对并提交", "href": f"{base}/check", "current": current == "check"})
    return nav


def _render_step(
    request: Any,
    user: Principal,
    draft: draft_answers.Draft,
    step_id: str,
    values: dict[str, Any],
    errors: tuple[FieldError, ...] = (),
    status: int = 200,
) -> Response:
    form, case = draft.form, draft.case
    step = step_of(form, step_id)
    everything = {**as_input(form, case.answers), **values}
    views = StepViews(errors, _tree(), visible_fields(form, everything), case.answers)
    index = next(i for i, s in enumerate(form.steps) if s.id == step_id)
    summary = [
        {"field": html_id(e.path) if e.path != "$" else "main", "message": e.message}
        for e in errors
    ]
    context = {
        "case": case,
        "form": form,
        "step": step,
        "number": index + 1,
        "total": len(form.steps),
        "fields": [
            views.field(f, f.id, everything.get(f.id)) for f in step.fields if f.type != "computed"
        ],
        "errors": summary,
        "steps": _steps_nav(form, case.case_id, step_id),
        "back": (
            f"{base_path()}/apply/{case.case_id}/step/{form.steps[index - 1].id}" if index else ""
        ),
        "notice": _version_notice(draft),
        "divisions": tree_json(_tree()),
        "version": case.version,
    }
    return page(request, "apply/step.html.j2", context, status=status, user=user, personal=True)


def step_form(request: Any, case_id: str, step_id: str) -> Response:
    user = session_user(request)
    if user is None:
        return _login_redirect(f"/apply/{case_id}/step/{step_id}")
    draft = draft_answers.open_draft(bootstrap.intake(), user, case_id)
    _known_step(draft.form, step_id)
    return _editable(draft, case_id) or _render_step(request, user, draft, step_id, {})


def _known_step(form: FormDefinition, step_id: str) -> None:
    if step_id not in {s.id for s in form.steps}:
        raise HttpError(404, "not_found", "页面不存在")


def step_save(request: Any, case_id: str, step_id: str) -> Response:
    fields = form_fields(request)
    check_csrf(request, fields)
    user = session_user(request)
    path = f"/apply/{case_id}/step/{step_id}"
    if user is None:
        return _expired(request, path, fields)
    draft = draft_answers.open_draft(bootstrap.intake(), user, case_id)
    _known_step(draft.form, step_id)
    done = _editable(draft, case_id)
    if done is not None:
        return done
    step = step_of(draft.form, step_id)
    values = step_answers(step, fields)
    if group_change(step, fields, values) or "refresh" in fields:
        # 添加/删除/更新 only redraw the step with what was typed; nothing is checked or saved yet.
        return _render_step(request, user, draft, step_id, values)
    try:
        case = draft_answers.save_answers(
            bootstrap.intake(),
            user,
            case_id,
            values,
            step_id=step_id,
            expected_version=_int(first(fields, "version", 12)),
        )
    except ValidationFailedError as refused:
        errors = tuple(FieldError(**e) for e in refused.details or [])  # type: ignore[attr-defined]
        return _render_step(request, user, draft, step_id, values, errors, status=400)
    if "later" in fields:
        return redirect(f"{base_path()}/me/cases")
    steps = [s.id for s in draft.form.steps]
    index = steps.index(step_id)
    target = f"step/{steps[index + 1]}" if index + 1 < len(steps) else AFTER_LAST_STEP
    return redirect(f"{base_path()}/apply/{case.case_id}/{target}")


def _int(text: str) -> int | None:
    return int(text) if text.isdigit() else None


def _expired(request: Any, path: str, fields: dict[str, list[str]]) -> Response:
    """Signed out mid-form: the sign-in page, carrying what was typed to post again after signing in."""
    kept = [[k, v] for k, vs in fields.items() if k not in ("csrf", "version") for v in vs]
    resume = json.dumps({"to": path, "fields": kept}, ensure_ascii=False)
    context = {"errors": [], "username": "", "next": path, "resume": resume, "notice": ""}
    return page(request, "account/login.html.j2", context, status=401)


def resume_page(
    request: Any, resume: str, id_token: str, set_cookies: list[str]
) -> Response | None:
    """After signing in with typed fields kept: a 继续保存 button posting them to their step again."""
    user = user_of_token(id_token)
    try:
        data = json.loads(resume)
        to = str(data["to"])
        pairs = [(str(k), str(v)) for k, v in data["fields"]][:500]
    except (ValueError, KeyError, TypeError):
        return None
    if not to.startswith("/apply/") or "//" in to or "\\" in to:
        return None
    context = {"action": base_path() + to, "pairs": pairs}
    return page(
        request, "apply/resume.html.j2", context, user=user, set_cookies=set_cookies, personal=True
    )


# --- resume, check, submit, done ------------------------------------------------------------------
def resume(request: Any, case_id: str) -> Response:
    user = session_user(request)
    if user is None:
        return _login_redirect(f"/apply/{case_id}/resume")
    draft = draft_answers.open_draft(bootstrap.intake(), user, case_id)
    done = _editable(draft, case_id)
    if done is not None:
        return done
    step = first_incomplete_step(draft.form, draft.case.answers)
    return redirect(f"{base_path()}/apply/{case_id}/" + (f"step/{step}" if step else "check"))


def check(request: Any, case_id: str, refusal: DomainError | None = None) -> Response:
    user = session_user(request)
    if user is None:
        return _login_redirect(f"/apply/{case_id}/check")
    draft = draft_answers.open_draft(bootstrap.intake(), user, case_id)
    done = _editable(draft, case_id)
    if done is not None:
        return done
    context = check_context(draft, user, _tree(), refusal)
    context["steps"] = _steps_nav(draft.form, case_id, "check")
    context["notice"] = _version_notice(draft)
    return page(
        request,
        "apply/check.html.j2",
        context,
        status=400 if refusal else 200,
        user=user,
        personal=True,
    )


def submit(request: Any, case_id: str) -> Response:
    fields = form_fields(request)
    check_csrf(request, fields)
    user = session_user(request)
    if user is None:
        return _login_redirect(f"/apply/{case_id}/check")
    draft = draft_answers.open_draft(bootstrap.intake(), user, case_id)
    if draft.case.status is CaseStatus.DRAFT:
        try:
            intake.submit_case(
                bootstrap.intake(), user, case_id, _int(first(fields, "version", 12))
            )
        except InvalidTransitionError:
            pass  # a second click after the first went through: the confirmation below
        except DomainError as refused:
            return check(request, case_id, refused)
    return redirect(f"{base_path()}/apply/{case_id}/done")


def done(request: Any, case_id: str) -> Response:
    user = session_user(request)
    if user is None:
        return _login_redirect(f"/apply/{case_id}/done")
    draft = draft_answers.open_draft(bootstrap.intake(), user, case_id)
    if draft.case.status is CaseStatus.DRAFT:
        return redirect(f"{base_path()}/apply/{case_id}/check")
    home = bootstrap.content_ports().jurisdictions.get(draft.case.home_code)
    context = {"case": draft.case, "home": home.full_name}
    return page(request, "apply/done.html.j2", context, user=user, personal=True)
