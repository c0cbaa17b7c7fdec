"""The web pages' routes (a Chalice blueprint registered by app.py): entrypoints over the same services as the API."""

from __future__ import annotations

from typing import Any

from chalice.app import Blueprint

from . import (
    pages,
    pages_account,
    pages_apply,
    pages_catalog,
    pages_materials,
    pages_my_cases,
    pages_rating,
    static_files,
    views_catalog,
)
from .http import api
from .web_pages import web

pages_bp = Blueprint(__name__)
JSON_BODY = ["application/json"]


# --- web pages ----------------------------------------------------------------------------------
@pages_bp.route("/", methods=["GET"])
@web
def home_page() -> Any:
    return pages_catalog.home(pages_bp.current_request)


@pages_bp.route("/items/{code}", methods=["GET"])
@web
def item_guide_page(code: str) -> Any:
    return pages_catalog.item_guide(pages_bp.current_request, code)


@pages_bp.route("/track", methods=["GET"])
@web
def track_page() -> Any:
    return pages.track(pages_bp.current_request)


@pages_bp.route("/track", methods=["POST"], content_types=["application/x-www-form-urlencoded"])
@web
def track_form() -> Any:
    return pages.track(pages_bp.current_request)


@pages_bp.route("/verify", methods=["GET"])
@web
def verify_form() -> Any:
    return pages.verify(pages_bp.current_request)


# The uploaded PDF arrives as bytes: API Gateway must pass multipart bodies through base64-encoded.


@pages_bp.route("/verify", methods=["POST"], content_types=["multipart/form-data"])
@web
def verify_upload() -> Any:
    return pages.verify_upload(pages_bp.current_request)


@pages_bp.route("/verify/{code}", methods=["GET"])
@web
def verify_page(code: str) -> Any:
    return pages.verify(pages_bp.current_request, code)


@pages_bp.route("/forms/{form_id}", methods=["GET"])
@api
def form_page(form_id: str) -> Any:
    return views_catalog.form_html(views_catalog.form_by_id(pages_bp.current_request, form_id))


FORM_POST = ["application/x-www-form-urlencoded"]


@pages_bp.route("/static/{name}", methods=["GET"])
def static_asset(name: str) -> Any:
    return static_files.static_file(name)


@pages_bp.route("/login", methods=["GET"])
@web
def login_page() -> Any:
    return pages_account.login_form(pages_bp.current_request)


@pages_bp.route("/login", methods=["POST"], content_types=FORM_POST)
@web
def login_submit() -> Any:
    return pages_account.login(pages_bp.current_request)


@pages_bp.route("/logout", methods=["POST"], content_types=FORM_POST)
@web
def logout_submit() -> Any:
    return pages_account.logout(pages_bp.current_request)


@pages_bp.route("/register", methods=["GET"])
@web
def register_page() -> Any:
    return pages_account.register_form(pages_bp.current_request)


@pages_bp.route("/register", methods=["POST"], content_types=FORM_POST)
@web
def register_submit() -> Any:
    return pages_account.register(pages_bp.current_request)


@pages_bp.route("/register/confirm", methods=["GET"])
@web
def confirm_page() -> Any:
    return pages_account.confirm_form(pages_bp.current_request)


@pages_bp.route("/register/confirm", methods=["POST"], content_types=FORM_POST)
@web
def confirm_submit() -> Any:
    return pages_account.confirm(pages_bp.current_request)


# --- 我的办件 (my cases) ---
@pages_bp.route("/me/cases", methods=["GET"])
@web
def my_cases_page() -> Any:
    return pages_my_cases.my_cases(pages_bp.current_request)


@pages_bp.route("/me/cases/{case_id}", methods=["GET"])
@web
def my_case_page(case_id: str) -> Any:
    return pages_my_cases.my_case(pages_bp.current_request, case_id)


@pages_bp.route("/me/cases/{case_id}/resubmit", methods=["POST"], content_types=FORM_POST)
@web
def my_case_resubmit(case_id: str) -> Any:
    return pages_my_cases.resubmit(pages_bp.current_request, case_id)


@pages_bp.route("/me/cases/{case_id}/rating", methods=["POST"], content_types=FORM_POST)
@web
def my_case_rating(case_id: str) -> Any:
    return pages_rating.rate(pages_bp.current_request, case_id)


@pages_bp.route("/me/cases/{case_id}/follow-up", methods=["POST"], content_types=FORM_POST)
@web
def my_case_follow_up(case_id: str) -> Any:
    return pages_rating.follow_up(pages_bp.current_request, case_id)


# --- 在线申请: one page per step, drafts saved at every step ----------------------------------------
# Every /apply/ route names its first segment {code} (API Gateway allows one name per level): an item
# code on the start page, the case id below it.
@pages_bp.route("/apply/{code}", methods=["GET"])
@web
def apply_start_page(code: str) -> Any:
    return pages_apply.start_form(pages_bp.current_request, code)


@pages_bp.route("/apply/{code}", methods=["POST"], content_types=FORM_POST)
@web
def apply_start(code: str) -> Any:
    return pages_apply.start(pages_bp.current_request, code)


@pages_bp.route("/apply/{code}/step/{step_id}", methods=["GET"])
@web
def apply_step_page(code: str, step_id: str) -> Any:
    return pages_apply.step_form(pages_bp.current_request, code, step_id)


@pages_bp.route("/apply/{code}/step/{step_id}", methods=["POST"], content_types=FORM_POST)
@web
def apply_step_save(code: str, step_id: str) -> Any:
    return pages_apply.step_save(pages_bp.current_request, code, step_id)


@pages_bp.route("/apply/{code}/resume", methods=["GET"])
@web
def apply_resume(code: str) -> Any:
    return pages_apply.resume(pages_bp.current_request, code)


@pages_bp.route("/apply/{code}/check", methods=["GET"])
@web
def apply_check_page(code: str) -> Any:
    return pages_apply.check(pages_bp.current_request, code)


@pages_bp.route("/apply/{code}/submit", methods=["POST"], content_types=FORM_POST)
@web
def apply_submit(code: str) -> Any:
    return pages_apply.submit(pages_bp.current_request, code)


@pages_bp.route("/apply/{code}/done", methods=["GET"])
@web
def apply_done_page(code: str) -> Any:
    return pages_apply.done(pages_bp.current_request, code)


# --- materials upload (apply and 补正): the page, and JSON for its script under the page session ---
# `{code}` is the case id here: API Gateway wants one variable name per path level (/apply/{code}).
@pages_bp.route("/apply/{code}/materials", methods=["GET"])
@web
def materials_page(code: str) -> Any:
    return pages_materials.materials_page(pages_bp.current_request, code, pages_materials.APPLY)


@pages_bp.route("/me/cases/{case_id}/supplement", methods=["GET"])
@web
def supplement_page(case_id: str) -> Any:
    return pages_materials.materials_page(
        pages_bp.current_request, case_id, pages_materials.SUPPLEMENT
    )


@pages_bp.route("/me/cases/{case_id}/supplement", methods=["POST"], content_types=FORM_POST)
@web
def supplement_submit(case_id: str) -> Any:
    return pages_materials.resubmit_supplement(pages_bp.current_request, case_id)


@pages_bp.route("/apply/{code}/materials/delete", methods=["POST"], content_types=FORM_POST)
@web
def materials_delete_form(code: str) -> Any:
    return pages_materials.delete_form(pages_bp.current_request, code)


@pages_bp.route("/apply/{code}/materials/ticket", methods=["POST"], content_types=JSON_BODY)
@api
def materials_ticket(code: str) -> dict[str, Any]:
    return pages_materials.ticket(pages_bp.current_request, code)


@pages_bp.route("/apply/{code}/materials/attach", methods=["POST"], content_types=JSON_BODY)
@api
def materials_attach(code: str) -> dict[str, Any]:
    return pages_materials.attach(pages_bp.current_request, code)


@pages_bp.route("/apply/{code}/materials/remove", methods=["POST"], content_types=JSON_BODY)
@api
def materials_remove(code: str) -> dict[str, Any]:
    return pages_materials.remove(pages_bp.current_request, code)


@pages_bp.route("/apply/{code}/materials/state", methods=["GET"])
@api
def materials_state(code: str) -> dict[str, Any]:
    return pages_materials.state(pages_bp.current_request, code)
