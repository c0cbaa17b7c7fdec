"""好差评 posts from the case page: rate once (a 差评 opens its 整改), then one 追评."""

from __future__ import annotations

from typing import Any

from chalice.app import Response

from chalicelib import bootstrap
from chalicelib.domain.errors import DomainError, NotFoundError
from chalicelib.services.feedback import ratings

from .pages_my_cases import render_case, signed_in, status_of
from .pages_rating_view import INDICATORS, indicator_field
from .web_pages import base_path
from .web_session import check_csrf, first, form_fields, redirect


def _score(value: str) -> int | None:
    return int(value) if value in {"1", "2", "3", "4", "5"} else None


def _field_for(message: str) -> str:
    """Which field a refusal is about, so the error summary links to it."""
    if "评价内容" in message:
        return "comment"
    if "指标" in message:
        return indicator_field(1) + "-5"
    return "level-5"


def rate(request: Any, case_id: str) -> Response:
    fields = form_fields(request)
    check_csrf(request, fields)
    user = signed_in(request, f"/me/cases/{case_id}")
    if isinstance(user, Response):
        return user
    level = _score(first(fields, "level", 2))
    indicators = {
        name: score
        for i, name in enumerate(INDICATORS, 1)
        if (score := _score(first(fields, indicator_field(i), 2))) is not None
    }
    comment = first(fields, "comment", 2000)
    anonymous = first(fields, "anonymous", 8) == "yes"
    typed = {"level": level, "indicators": indicators, "comment": comment, "anonymous": anonymous}
    if level is None:
        errors = [{"field": "level-5", "message": "请选择满意程度"}]
        return render_case(request, user, case_id, status=400, errors=errors, typed=typed)
    try:
        ratings.rate_case(
            bootstrap.rating_ports(),
            user,
            case_id,
            level=level,
            channel="online",
            indicators=indicators,
            comment=comment,
            anonymous=anonymous,
        )
    except NotFoundError:
        raise
    except DomainError as refused:
        errors = [{"field": _field_for(refused.message), "message": refused.message}]
        return render_case(
            request, user, case_id, status=status_of(refused), errors=errors, typed=typed
        )
    return redirect(f"{base_path()}/me/cases/{case_id}?rated=1#my-rating")


def follow_up(request: Any, case_id: str) -> Response:
    fields = form_fields(request)
    check_csrf(request, fields)
    user = signed_in(request, f"/me/cases/{case_id}")
    if isinstance(user, Response):
        return user
    comment = first(fields, "follow_up", 2000)
    try:
        ratings.follow_up(bootstrap.rating_ports(), user, case_id, comment)
    except NotFoundError:
        raise
    except DomainError as refused:
        errors = [{"field": "follow_up", "message": refused.message}]
        return render_case(
            request,
            user,
            case_id,
            status=status_of(refused),
            errors=errors,
            typed={"follow_up": comment},
        )
    return redirect(f"{base_path()}/me/cases/{case_id}?followed=1#my-rating")
