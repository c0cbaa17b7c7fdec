"""The staff workbenches' page routes (/counter, /approvals, /supervision, and the pages they open for
applicants: the QR rating, video guidance): a blueprint app.py registers beside the portal's."""

from __future__ import annotations

from typing import Any

from chalice.app import Blueprint

from . import (
    pages_approvals,
    pages_approvals_result,
    pages_counter,
    pages_counter_capture,
    pages_counter_print,
    pages_counter_rating,
    pages_guidance,
    pages_supervision,
)
from .page_routes import FORM_POST
from .web_pages import web

staff_pages_bp = Blueprint(__name__)


# --- /approvals ---
@staff_pages_bp.route("/approvals", methods=["GET"])
@web
def approvals_page() -> Any:
    return pages_approvals.queue(staff_pages_bp.current_request)


@staff_pages_bp.route("/approvals/{case_id}", methods=["GET"])
@web
def approvals_case_page(case_id: str) -> Any:
    return pages_approvals.case_page(staff_pages_bp.current_request, case_id)


@staff_pages_bp.route("/approvals/{case_id}/act", methods=["POST"], content_types=FORM_POST)
@web
def approvals_act(case_id: str) -> Any:
    return pages_approvals.act(staff_pages_bp.current_request, case_id)


# The department's signed result PDF: multipart, kept as bytes (app.py's binary_types).
@staff_pages_bp.route(
    "/approvals/{case_id}/result", methods=["POST"], content_types=["multipart/form-data"]
)
@web
def approvals_result_upload(case_id: str) -> Any:
    return pages_approvals_result.upload(staff_pages_bp.current_request, case_id)


@staff_pages_bp.route("/approvals/{case_id}/dossier", methods=["GET"])
@web
def approvals_dossier(case_id: str) -> Any:
    return pages_approvals.dossier(staff_pages_bp.current_request, case_id)


# --- /counter ---
@staff_pages_bp.route("/counter", methods=["GET"])
@web
def counter_home() -> Any:
    return pages_counter.home(staff_pages_bp.current_request)


@staff_pages_bp.route("/counter/new", methods=["POST"], content_types=FORM_POST)
@web
def counter_new() -> Any:
    return pages_counter.new_case(staff_pages_bp.current_request)


@staff_pages_bp.route("/counter/{case_id}", methods=["GET"])
@web
def counter_case(case_id: str) -> Any:
    return pages_counter.case_page(staff_pages_bp.current_request, case_id)


@staff_pages_bp.route("/counter/{case_id}/materials", methods=["GET"])
@web
def counter_materials(case_id: str) -> Any:
    return pages_counter_capture.capture_page(staff_pages_bp.current_request, case_id)


@staff_pages_bp.route(
    "/counter/{case_id}/materials/page", methods=["POST"], content_types=FORM_POST
)
@web
def counter_materials_page(case_id: str) -> Any:
    return pages_counter_capture.arrange(staff_pages_bp.current_request, case_id)


@staff_pages_bp.route("/counter/{case_id}/act", methods=["POST"], content_types=FORM_POST)
@web
def counter_act(case_id: str) -> Any:
    return pages_counter.act(staff_pages_bp.current_request, case_id)


@staff_pages_bp.route("/counter/{case_id}/print/{kind}", methods=["GET"])
@web
def counter_print(case_id: str, kind: str) -> Any:
    return pages_counter_print.print_view(staff_pages_bp.current_request, case_id, kind)


# --- /supervision ---
@staff_pages_bp.route("/supervision", methods=["GET"])
@web
def supervision_page() -> Any:
    return pages_supervision.overview(staff_pages_bp.current_request)


@staff_pages_bp.route("/supervision/cases.csv", methods=["GET"])
@web
def supervision_cases_csv() -> Any:
    return pages_supervision.cases_csv(staff_pages_bp.current_request)


# --- 好差评 at the counter and by QR link; 视频连线指导 records ---
@staff_pages_bp.route("/counter/{case_id}/rating", methods=["GET"])
@web
def counter_rating_screen(case_id: str) -> Any:
    return pages_counter_rating.screen(staff_pages_bp.current_request, case_id)


@staff_pages_bp.route("/counter/{case_id}/rating", methods=["POST"], content_types=FORM_POST)
@web
def counter_rating_post(case_id: str) -> Any:
    return pages_counter_rating.rate_device(staff_pages_bp.current_request, case_id)


@staff_pages_bp.route("/rate/{case_id}/{token}", methods=["GET"])
@web
def rate_by_link_page(case_id: str, token: str) -> Any:
    return pages_counter_rating.public(staff_pages_bp.current_request, case_id, token)


@staff_pages_bp.route("/rate/{case_id}/{token}", methods=["POST"], content_types=FORM_POST)
@web
def rate_by_link_post(case_id: str, token: str) -> Any:
    return pages_counter_rating.rate_public(staff_pages_bp.current_request, case_id, token)


@staff_pages_bp.route("/cases/{case_id}/guidance", methods=["GET"])
@web
def guidance_page(case_id: str) -> Any:
    return pages_guidance.show(staff_pages_bp.current_request, case_id)


@staff_pages_bp.route("/cases/{case_id}/guidance", methods=["POST"], content_types=FORM_POST)
@web
def guidance_post(case_id: str) -> Any:
    return pages_guidance.record(staff_pages_bp.current_request, case_id)


@staff_pages_bp.route("/supervision/cases.xlsx", methods=["GET"])
@web
def supervision_cases_xlsx() -> Any:
    return pages_supervision.cases_xlsx(staff_pages_bp.current_request)


@staff_pages_bp.route("/supervision/feedback.xlsx", methods=["GET"])
@web
def supervision_feedback_xlsx() -> Any:
    return pages_supervision.feedback_xlsx(staff_pages_bp.current_request)


@staff_pages_bp.route("/supervision/replay", methods=["POST"], content_types=FORM_POST)
@web
def supervision_replay() -> Any:
    return pages_supervision.replay(staff_pages_bp.current_request)
