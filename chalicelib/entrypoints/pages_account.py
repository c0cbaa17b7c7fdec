"""Sign-in pages: log in, register with the SMS code Cognito sends, log out (tokens in HttpOnly cookies)."""

from __future__ import annotations

import contextlib
import re
from typing import Any

from chalice.app import Response

from chalicelib import bootstrap
from chalicelib.domain.errors import DomainError

from .http import HttpError
from .web_pages import base_path, page
from .web_session import (
    REFRESH_COOKIE,
    check_csrf,
    cleared_session,
    cookies,
    first,
    form_fields,
    redirect,
    safe_next,
    session_cookies,
)

_USERNAME = re.compile(r"^[A-Za-z0-9_.-]{4,32}$")
_PHONE = re.compile(r"^1\d{10}$")


def error_page(request: Any, status: int, title: str, message: str) -> Response:
    return page(request, "error.html.j2", {"title": title, "message": message}, status=status)


def login_form(request: Any) -> Response:
    params = request.query_params or {}
    return page(
        request,
        "account/login.html.j2",
        {
            "errors": [],
            "username": "",
            "next": safe_next(str(params.get("next", ""))),
            "resume": "",
            "notice": "账号已激活，请登录" if params.get("activated") else "",
        },
    )


def login(request: Any) -> Response:
    fields = form_fields(request)
    check_csrf(request, fields)
    username, password = first(fields, "username", 128).strip(), first(fields, "password", 256)
    target = safe_next(first(fields, "next", 500))
    errors = []
    if not username:
        errors.append({"field": "username", "message": "请输入用户名"})
    if not password:
        errors.append({"field": "password", "message": "请输入密码"})
    answer: dict[str, Any] = {}
    if not errors:
        try:
            answer = bootstrap.users().login(username, password)
        except (DomainError, HttpError) as refused:
            errors.append({"field": "username", "message": refused.message})
    if errors:
        context = {
            "errors": errors,
            "username": username,
            "next": target,
            "resume": first(fields, "resume", 60000),
            "notice": "",
        }
        return page(request, "account/login.html.j2", context, status=400)
    cookies_out = session_cookies(str(answer["id_token"]), str(answer.get("refresh_token", "")))
    resume = first(fields, "resume", 60000)
    if resume:
        # Signed out mid-form: offer to post what was typed again (pages_apply keeps the form's rules).
        from .pages_apply import resume_page

        again = resume_page(request, resume, str(answer["id_token"]), cookies_out)
        if again is not None:
            return again
    return redirect(base_path() + target, cookies_out)


def logout(request: Any) -> Response:
    fields = form_fields(request)
    check_csrf(request, fields)
    refresh = cookies(request).get(REFRESH_COOKIE, "")
    if refresh:
        # Already revoked or expired: signing out still succeeds.
        with contextlib.suppress(DomainError, HttpError):
            bootstrap.users().logout(refresh)
    return redirect(base_path() + "/", cleared_session())


def register_form(request: Any) -> Response:
    empty = {"name": "", "phone": "", "username": ""}
    return page(request, "account/register.html.j2", {"errors": [], "form": empty})


def register(request: Any) -> Response:
    fields = form_fields(request)
    check_csrf(request, fields)
    form = {k: first(fields, k, 64).strip() for k in ("name", "phone", "username")}
    password = first(fields, "password", 256)
    errors = []
    if not form["name"]:
        errors.append({"field": "name", "message": "请输入姓名"})
    if not _PHONE.match(form["phone"]):
        errors.append({"field": "phone", "message": "请输入11位手机号码"})
    if not _USERNAME.match(form["username"]):
        errors.append(
            {"field": "username", "message": "用户名应为4–32位字母、数字、点、横线或下划线"}
        )
    if len(password) < 8:
        errors.append({"field": "password", "message": "密码至少8位，包含大写字母、小写字母和数字"})
    if not errors:
        try:
            bootstrap.users().register(form["username"], password, form["name"], form["phone"])
        except (DomainError, HttpError) as refused:
            errors.append({"field": "username", "message": refused.message})
    if errors:
        return page(
            request, "account/register.html.j2", {"errors": errors, "form": form}, status=400
        )
    return page(request, "account/confirm.html.j2", {"errors": [], "username": form["username"]})


def confirm_form(request: Any) -> Response:
    username = str((request.query_params or {}).get("username", ""))[:32]
    return page(request, "account/confirm.html.j2", {"errors": [], "username": username})


def confirm(request: Any) -> Response:
    fields = form_fields(request)
    check_csrf(request, fields)
    username, code = first(fields, "username", 32).strip(), first(fields, "code", 16).strip()
    errors = []
    if not code:
        errors.append({"field": "code", "message": "请输入短信中的6位验证码"})
    else:
        try:
            bootstrap.users().confirm(username, code)
        except (DomainError, HttpError) as refused:
            errors.append({"field": "code", "message": refused.message})
    if errors:
        context = {"errors": errors, "username": username}
        return page(request, "account/confirm.html.j2", context, status=400)
    return redirect(base_path() + "/login?activated=1")
