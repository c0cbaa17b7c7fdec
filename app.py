"""Tongban API: the routes, queue consumers and schedules, declared here (好差评 routes in chalicelib/entrypoints/feedback_routes.py), delegating to chalicelib."""

from __future__ import annotations

import logging
from typing import Any

from chalice.app import AuthResponse, Chalice, Cron, Rate

from chalicelib import bootstrap
from chalicelib.config import load_settings, log_level, refuse_to_start_without_settings, stage
from chalicelib.entrypoints import (
    queue,
    views,
    views_catalog,
    views_supervision,
)
from chalicelib.entrypoints.auth import (
    AuthError,
    identity_from_claims,
    principal_to_context,
    verify_id_token,
)
from chalicelib.entrypoints.feedback_routes import register_feedback_routes
from chalicelib.entrypoints.http import api, chalice_errors_in_chinese
from chalicelib.entrypoints.json_logs import correlate_http
from chalicelib.entrypoints.json_logs import install as json_logs
from chalicelib.entrypoints.log_privacy import install as mask_personal_data_in_logs
from chalicelib.entrypoints.openapi import openapi_document
from chalicelib.entrypoints.page_routes import pages_bp
from chalicelib.entrypoints.pages_supervision import XLSX
from chalicelib.entrypoints.security_headers import secure_http
from chalicelib.entrypoints.staff_page_routes import staff_pages_bp
from chalicelib.entrypoints.warm_heap import WarmHeap
from chalicelib.resource_spec import (
    DOCUMENTS_QUEUE_KEY,
    NOTICES_QUEUE_KEY,
    SCANS_QUEUE_KEY,
    queue_name,
)

app = Chalice(app_name="tongban")
# Outermost: every line a request logs (including an unhandled error's) carries its correlation id.
app.register_middleware(correlate_http, "http")
# JSON only: text/plain and forms are what a cross-site page may post without a CORS preflight.
# Chalice's own 415 (and 405, 500) are turned into Chinese JSON by the middleware below.
JSON_BODY = ["application/json"]
app.register_middleware(chalice_errors_in_chinese, "http")
app.log.setLevel(log_level())
json_logs(log_level(), app.log)  # JSON lines with correlation ids, root at INFO
# A deployed function with a setting missing fails its cold start, naming the setting.
refuse_to_start_without_settings()
logging.getLogger("botocore").setLevel(logging.WARNING)
mask_personal_data_in_logs()
# Security headers on every response, and no framework 500 (English, maybe a trace) ever reaches anyone.
app.register_middleware(secure_http, "http")
# A warm process's long-lived objects (boto3's models, content) leave the collector's full passes.
app.register_middleware(WarmHeap(), "all")


@app.authorizer(ttl_seconds=300)
def cognito_jwt(auth_request: Any) -> AuthResponse:
    """Verify the OIDC provider's ID token (Cognito by default; discovery + JWKS); invalid, expired or
    foreign tokens are denied. The context carries only who the person is: role and scope are looked
    up in the staff directory per request (entrypoints/http.py principal_of)."""
    settings = load_settings()
    try:
        claims = verify_id_token(
            auth_request.token, bootstrap.jwks(), settings.oidc_issuer, settings.oidc_audience
        )
    except AuthError:
        return AuthResponse(routes=[], principal_id="anonymous")
    identity = identity_from_claims(claims)
    return AuthResponse(
        routes=["*"],
        principal_id=identity.user_id,
        context={"principal": principal_to_context(identity)},
    )


# --- public -------------------------------------------------------------------------------------
@app.route("/api/health", methods=["GET"])
@api
def health() -> dict[str, Any]:
    return {"status": "ok", "service": "tongban", "stage": load_settings().stage}


@app.route("/api/openapi.json", methods=["GET"])
@api
def openapi() -> dict[str, Any]:
    return openapi_document()


@app.route("/api/jurisdictions", methods=["GET"])
@api
def list_jurisdictions() -> dict[str, Any]:
    return views_catalog.jurisdictions()


@app.route("/api/items", methods=["GET"])
@api
def list_items() -> dict[str, Any]:
    return views_catalog.items(app.current_request)


@app.route("/api/items/{code}", methods=["GET"])
@api
def item_guide(code: str) -> dict[str, Any]:
    return views_catalog.item_guide(code)


@app.route("/api/items/{code}/form", methods=["GET"])
@api
def item_form(code: str) -> dict[str, Any]:
    return views_catalog.form_json(views_catalog.form_for(app.current_request, code))


@app.route("/api/forms/{form_id}", methods=["GET"])
@api
def form_definition(form_id: str) -> dict[str, Any]:
    return views_catalog.form_json(views_catalog.form_by_id(app.current_request, form_id))


@app.route("/api/track", methods=["POST"], content_types=JSON_BODY)
@api
def track_case() -> dict[str, Any]:
    return views.track(app.current_request)


@app.route("/api/verify/{code}", methods=["GET"])
@api
def verify_document(code: str) -> dict[str, Any]:
    return views.verify_document(code)


@app.route("/api/auth/login", methods=["POST"], content_types=JSON_BODY)
@api
def login() -> dict[str, Any]:
    return views.login(app.current_request)


@app.route("/api/auth/register", methods=["POST"], content_types=JSON_BODY)
@api
def register() -> dict[str, Any]:
    return views.register(app.current_request)


@app.route("/api/auth/confirm", methods=["POST"], content_types=JSON_BODY)
@api
def confirm() -> dict[str, Any]:
    return views.confirm(app.current_request)


@app.route("/api/auth/logout", methods=["POST"], content_types=JSON_BODY)
@api
def logout() -> dict[str, Any]:
    return views.logout(app.current_request)


# --- signed in ----------------------------------------------------------------------------------
@app.route("/api/me", methods=["GET"], authorizer=cognito_jwt)
@api
def me() -> dict[str, Any]:
    return views.me(app.current_request)


@app.route("/api/cases", methods=["POST"], content_types=JSON_BODY, authorizer=cognito_jwt)
@api
def create_case() -> Any:
    return views.create_case(app.current_request)


@app.route("/api/cases", methods=["GET"], authorizer=cognito_jwt)
@api
def list_cases() -> dict[str, Any]:
    return views.list_cases(app.current_request)


@app.route("/api/cases/{case_id}", methods=["GET"], authorizer=cognito_jwt)
@api
def get_case(case_id: str) -> dict[str, Any]:
    return views.get_case(app.current_request, case_id)


@app.route(
    "/api/cases/{case_id}/uploads",
    methods=["POST"],
    content_types=JSON_BODY,
    authorizer=cognito_jwt,
)
@api
def request_upload(case_id: str) -> dict[str, Any]:
    return views.request_upload(app.current_request, case_id)


@app.route(
    "/api/cases/{case_id}/materials",
    methods=["POST"],
    content_types=JSON_BODY,
    authorizer=cognito_jwt,
)
@api
def attach_material(case_id: str) -> dict[str, Any]:
    return views.attach_material(app.current_request, case_id)


@app.route(
    "/api/cases/{case_id}/materials/remove",
    methods=["POST"],
    content_types=JSON_BODY,
    authorizer=cognito_jwt,
)
@api
def detach_material(case_id: str) -> dict[str, Any]:
    return views.detach_material(app.current_request, case_id)


@app.route(
    "/api/cases/{case_id}/submit", methods=["POST"], content_types=JSON_BODY, authorizer=cognito_jwt
)
@api
def submit_case(case_id: str) -> dict[str, Any]:
    return views.submit_case(app.current_request, case_id)


@app.route(
    "/api/cases/{case_id}/answers", methods=["PUT"], content_types=JSON_BODY, authorizer=cognito_jwt
)
@api
def save_answers(case_id: str) -> dict[str, Any]:
    return views.save_answers(app.current_request, case_id)


@app.route(
    "/api/cases/{case_id}/actions",
    methods=["POST"],
    content_types=JSON_BODY,
    authorizer=cognito_jwt,
)
@api
def perform_action(case_id: str) -> dict[str, Any]:
    return views.perform_action(app.current_request, case_id)


@app.route("/api/cases/{case_id}/audit", methods=["GET"], authorizer=cognito_jwt)
@api
def case_audit(case_id: str) -> dict[str, Any]:
    return views.case_audit(app.current_request, case_id)


@app.route(
    "/api/cases/{case_id}/dossier",
    methods=["POST"],
    content_types=JSON_BODY,
    authorizer=cognito_jwt,
)
@api
def build_dossier(case_id: str) -> dict[str, Any]:
    return views.build_dossier(app.current_request, case_id)


@app.route("/api/inbox", methods=["GET"], authorizer=cognito_jwt)
@api
def inbox() -> dict[str, Any]:
    return views.inbox(app.current_request)


# --- 好差评, 差评整改, 问题处理: chalicelib/entrypoints/feedback_routes.py ---------------------------
register_feedback_routes(app, cognito_jwt)


# --- 监督 ------------------------------------------------------------------------------------------
@app.route("/api/supervision/personal-data-views", methods=["GET"], authorizer=cognito_jwt)
@api
def supervision_personal_data_views() -> dict[str, Any]:
    return views_supervision.personal_data_views(app.current_request)


# The pages (and the page session's own JSON for the upload script) live in one blueprint.
app.register_blueprint(pages_bp)
app.register_blueprint(staff_pages_bp)
# A PDF uploaded to /verify arrives as multipart: keep its bytes intact.
app.api.binary_types.append("multipart/form-data")
# The supervision XLSX exports are bytes (a zip): sent base64-encoded through API Gateway.
app.api.binary_types.append(XLSX)


# --- queues and schedules -----------------------------------------------------------------------
BATCH = queue.BATCH_SIZE


def _register_case_queue(code: str) -> None:
    def handler(event: Any) -> dict[str, Any]:
        return queue.each_record(event, lambda message, id_: queue.route_record(message, code, id_))

    handler.__name__ = f"route_cases_{code}"
    # Lambda runs the handler "app.route_cases_<code>": the module must carry that name.
    globals()[handler.__name__] = app.on_sqs_message(
        queue=queue_name(stage(), code), batch_size=BATCH
    )(handler)


for _code in queue.jurisdiction_codes():
    _register_case_queue(_code)


@app.on_sqs_message(queue=queue_name(stage(), SCANS_QUEUE_KEY), batch_size=BATCH)
def process_scans(event: Any) -> dict[str, Any]:
    """S3 notifies this queue of every upload; the original is normalised into A4 pages and a thumbnail."""
    return queue.each_record(event, lambda message, _: queue.scan_record(message))


@app.on_sqs_message(queue=queue_name(stage(), DOCUMENTS_QUEUE_KEY), batch_size=BATCH)
def issue_documents(event: Any) -> dict[str, Any]:
    return queue.each_record(event, queue.document_record)


@app.on_sqs_message(queue=queue_name(stage(), NOTICES_QUEUE_KEY), batch_size=BATCH)
def send_notices(event: Any) -> dict[str, Any]:
    return queue.each_record(event, queue.notice_record)


@app.schedule(Rate(1, unit=Rate.MINUTES))
def flush_outboxes(event: Any) -> None:
    """Sends queue messages that a crash or an outage left in case outboxes."""
    queue.flush_outboxes()


@app.schedule(Cron("0/30", "0-3", "*", "*", "?", "*"))
def sweep_deadlines(event: Any) -> None:
    """Daily from 08:00 China time: deemed acceptance, 超期预警 to the responsible staff. The later
    half-hourly runs resume a run that ran out of time (checkpoint) and do nothing once it is done."""
    context = getattr(event, "context", None)
    remaining = getattr(context, "get_remaining_time_in_millis", None)
    queue.sweep_deadlines((lambda: remaining() / 1000) if remaining else (lambda: float("inf")))
