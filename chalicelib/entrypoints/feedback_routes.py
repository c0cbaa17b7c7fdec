"""The 好差评, 差评整改 and 问题处理 API routes, registered on the app with its token authorizer."""

from __future__ import annotations

from typing import Any

from chalice.app import Chalice, ChaliceAuthorizer

from . import views_feedback
from .http import api

JSON_BODY = ["application/json"]


def register_feedback_routes(app: Chalice, cognito_jwt: ChaliceAuthorizer) -> None:
    """Declare the routes on `app` (they go through the one API handler; names are not packaged)."""
    _ratings(app, cognito_jwt)
    _rectifications(app, cognito_jwt)
    _problems(app, cognito_jwt)


def _ratings(app: Chalice, cognito_jwt: ChaliceAuthorizer) -> None:
    """好差评: rate, follow up, a case's evaluations, the report."""

    @app.route(
        "/api/cases/{case_id}/evaluation",
        methods=["POST"],
        content_types=JSON_BODY,
        authorizer=cognito_jwt,
    )
    @api
    def fb_rate(case_id: str) -> dict[str, Any]:
        return views_feedback.rate(app.current_request, case_id)

    @app.route(
        "/api/cases/{case_id}/evaluation/follow-up",
        methods=["POST"],
        content_types=JSON_BODY,
        authorizer=cognito_jwt,
    )
    @api
    def fb_follow_up(case_id: str) -> dict[str, Any]:
        return views_feedback.follow_up(app.current_request, case_id)

    @app.route("/api/cases/{case_id}/feedback", methods=["GET"], authorizer=cognito_jwt)
    @api
    def fb_case_feedback(case_id: str) -> dict[str, Any]:
        return views_feedback.case_feedback(app.current_request, case_id)

    @app.route("/api/feedback/report", methods=["GET"], authorizer=cognito_jwt)
    @api
    def fb_report() -> dict[str, Any]:
        return views_feedback.report(app.current_request)


def _rectifications(app: Chalice, cognito_jwt: ChaliceAuthorizer) -> None:
    """差评整改 and its appeals."""

    @app.route("/api/rectifications", methods=["GET"], authorizer=cognito_jwt)
    @api
    def fb_rectifications() -> dict[str, Any]:
        return views_feedback.rectifications(app.current_request)

    @app.route("/api/rectifications/{rectification_id}", methods=["GET"], authorizer=cognito_jwt)
    @api
    def fb_rectification(rectification_id: str) -> dict[str, Any]:
        return views_feedback.rectification(app.current_request, rectification_id)

    @app.route(
        "/api/rectifications/{rectification_id}/actions",
        methods=["POST"],
        content_types=JSON_BODY,
        authorizer=cognito_jwt,
    )
    @api
    def fb_advance_rectification(rectification_id: str) -> dict[str, Any]:
        return views_feedback.advance_rectification(app.current_request, rectification_id)

    @app.route(
        "/api/rectifications/{rectification_id}/appeal",
        methods=["POST"],
        content_types=JSON_BODY,
        authorizer=cognito_jwt,
    )
    @api
    def fb_appeal(rectification_id: str) -> dict[str, Any]:
        return views_feedback.appeal(app.current_request, rectification_id)

    @app.route(
        "/api/rectifications/{rectification_id}/appeal-decision",
        methods=["POST"],
        content_types=JSON_BODY,
        authorizer=cognito_jwt,
    )
    @api
    def fb_decide_appeal(rectification_id: str) -> dict[str, Any]:
        return views_feedback.decide_appeal(app.current_request, rectification_id)


def _problems(app: Chalice, cognito_jwt: ChaliceAuthorizer) -> None:
    """问题处理: tickets opened on a case and worked through."""

    @app.route(
        "/api/cases/{case_id}/problems",
        methods=["POST"],
        content_types=JSON_BODY,
        authorizer=cognito_jwt,
    )
    @api
    def fb_open_problem(case_id: str) -> dict[str, Any]:
        return views_feedback.open_problem(app.current_request, case_id)

    @app.route("/api/problems", methods=["GET"], authorizer=cognito_jwt)
    @api
    def fb_problems() -> dict[str, Any]:
        return views_feedback.problems(app.current_request)

    @app.route(
        "/api/problems/{ticket_id}/actions",
        methods=["POST"],
        content_types=JSON_BODY,
        authorizer=cognito_jwt,
    )
    @api
    def fb_advance_problem(ticket_id: str) -> dict[str, Any]:
        return views_feedback.advance_problem(app.current_request, ticket_id)
