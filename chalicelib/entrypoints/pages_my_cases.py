"""我的办件 pages: the applicant's cases as cards, one case in full, and resubmitting after a 补正."""

from __future__ import annotations

import urllib.parse
from typing import Any

from chalice.app import Response

from chalicelib import bootstrap
from chalicelib.domain.errors import DomainError, NotFoundError
from chalicelib.domain.roles import Principal
from chalicelib.services import intake, queries

from .http import STATUS_FOR_KIND, HttpError
from .pages_my_case_context import case_context, next_step
from .web_pages import base_path, page
from .web_session import check_csrf, first, form_fields, redirect, session_user

PAGE_SIZE = 20


def signed_in(request: Any, path: str) -> Principal | Response:
    """The signed-in person, or the redirect to the sign-in page that comes back here."""
    user = session_user(request)
    if user is None:
        return redirect(f"{base_path()}/login?next={urllib.parse.quote(path, safe='/')}")
    return user


def paged(next_cursor: str | None, cursor: object) -> dict[str, object]:
    """The one place list pages link on: 下一页 carries the store's opaque cursor, 第一页 starts over."""
    return {"next": next_cursor, "first": bool(cursor)}


def cursor_of(params: Any) -> str | None:
    return str((params or {}).get("cursor") or "")[:2048] or None


def my_cases(request: Any) -> Response:
    user = signed_in(request, "/me/cases")
    if isinstance(user, Response):
        return user
    cursor = cursor_of(request.query_params)
    shown, next_cursor = queries.my_cases(bootstrap.queries(), user, limit=PAGE_SIZE, cursor=cursor)
    paging = paged(next_cursor, cursor)
    cards = [{**r, "next": next_step(r["status"], r["case_id"])} for r in shown]
    return page(
        request, "me/cases.html.j2", {"cases": cards, "paging": paging}, user=user, personal=True
    )


def my_case(request: Any, case_id: str) -> Response:
    user = signed_in(request, f"/me/cases/{case_id}")
    if isinstance(user, Response):
        return user
    params = request.query_params or {}
    banner = {"resubmitted": "补正材料已重新提交，请等待工作人员审核。", "rated": "感谢您的评价！"}
    notice = next((text for key, text in banner.items() if params.get(key)), "")
    if params.get("followed"):
        notice = "追评已提交。"
    return render_case(request, user, case_id, notice=notice)


def render_case(
    request: Any,
    user: Principal,
    case_id: str,
    *,
    status: int = 200,
    errors: list[dict[str, str]] | None = None,
    typed: dict[str, Any] | None = None,
    notice: str = "",
) -> Response:
    """The case page; a refused post re-renders it with the errors and what was typed."""
    context = case_context(user, case_id)
    context.update({"errors": errors or [], "typed": typed or {}, "notice": notice})
    return page(request, "me/case.html.j2", context, status=status, user=user, personal=True)


def resubmit(request: Any, case_id: str) -> Response:
    """重新提交 after a 补正: the same submit use case as the API; its refusal is shown on the page."""
    fields = form_fields(request)
    check_csrf(request, fields)
    user = signed_in(request, f"/me/cases/{case_id}")
    if isinstance(user, Response):
        return user
    expected = first(fields, "expected_version", 20)
    try:
        intake.submit_case(
            bootstrap.intake(),
            user,
            case_id,
            expected_version=int(expected) if expected.isdigit() else None,
        )
    except NotFoundError:
        raise
    except (DomainError, HttpError) as refused:
        errors = [{"field": "resubmit", "message": refused.message}]
        return render_case(request, user, case_id, status=status_of(refused), errors=errors)
    return redirect(f"{base_path()}/me/cases/{case_id}?resubmitted=1")


def status_of(refused: DomainError | HttpError) -> int:
    if isinstance(refused, HttpError):
        return refused.status
    return STATUS_FOR_KIND.get(refused.kind, 400)
