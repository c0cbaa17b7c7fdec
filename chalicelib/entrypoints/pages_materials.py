"""The materials upload page (apply and 补正) and its small JSON endpoints under the page session.

The browser holds a cookie session, not a bearer token, so the page's script posts JSON here (CSRF token
in a header) rather than to the Cognito-authorised API; both are entrypoints over the same use cases.
Files go from the browser straight to storage with the presigned POST; nothing large passes the app."""

from __future__ import annotations

import os
import urllib.parse
from dataclasses import dataclass
from functools import cache
from typing import Any

from chalice.app import Response

from chalicelib import bootstrap
from chalicelib.domain.errors import ValidationFailedError
from chalicelib.domain.roles import Principal, Role
from chalicelib.domain.statuses import CaseStatus
from chalicelib.services import intake, material_intake, material_queries, queries
from chalicelib.services.access_policy import visible_case

from .http import HttpError, int_or_none, json_body, text_field
from .security_headers import content_security_policy
from .web_pages import base_path, page
from .web_session import (
    CSRF_HEADER,
    check_csrf,
    check_csrf_header,
    first,
    form_fields,
    redirect,
    safe_next,
    session_user,
)

EXPIRED = "登录已过期，请重新登录后再上传（已上传的文件不会丢失）"
FORMATS = {"image/jpeg": "JPG", "image/png": "PNG", "image/heic": "HEIC", "application/pdf": "PDF"}
# A file picker may not know a MIME type (HEIC on most desktops): the extensions too.
EXTENSIONS = {
    "image/jpeg": ".jpg,.jpeg",
    "image/png": ".png",
    "image/heic": ".heic",
    "application/pdf": ".pdf",
}
STATE_LABELS = {"pending": "正在检查", "ok": "已通过检查", "rejected": "未通过检查"}
STATE_TAGS = {"pending": "", "ok": "tag--ok", "rejected": "tag--bad"}


@dataclass(frozen=True)
class Flow:
    """Where the page sits: the apply flow or answering a 补正 (the same page, other way in and out)."""

    name: str
    title: str
    path: str  # this page, "{id}" for the case
    back: str  # the step before
    back_label: str
    then: str  # where 继续 goes (apply) or where a resubmitted 补正 lands
    then_label: str


# The apply flow's next step is the apply pages' check-your-answers page.
APPLY = Flow(
    "apply",
    "上传申请材料",
    "/apply/{id}/materials",
    "/me/cases/{id}",
    "返回我的办件",
    "/apply/{id}/check",
    "继续：核对并提交",
)
SUPPLEMENT = Flow(
    "supplement",
    "补正材料",
    "/me/cases/{id}/supplement",
    "/me/cases/{id}",
    "返回办件详情",
    "/me/cases/{id}",
    "提交补正",
)


def _at(template: str, case_id: str) -> str:
    return base_path() + template.replace("{id}", urllib.parse.quote(case_id, safe=""))


def materials_page(request: Any, case_id: str, flow: Flow, errors: Any = ()) -> Response:
    user = session_user(request)
    if user is None:
        return _to_login(flow, case_id)
    if user.has(Role.WINDOW_STAFF) and flow is APPLY:
        # The walk-in flow's step pages end here: the clerk captures on the counter's own page.
        return redirect(_at("/counter/{id}/materials", case_id))
    ports = bootstrap.queries()
    case = visible_case(ports.cases, user, case_id)  # another person's case: the 404 page
    if case.status in (CaseStatus.SUPPLEMENT_REQUESTED, CaseStatus.AWAITING_REVIEW_SUPPLEMENT):
        flow = SUPPLEMENT  # however it was reached (我的办件 links /apply/<case>/materials?back=…)
    back = safe_next(str((request.query_params or {}).get("back", "")), "")
    view = queries.case_view(ports, user, case)
    state = material_queries.materials_of(ports, user, case)
    response = page(
        request,
        "materials/upload.html.j2",
        {
            "flow": flow,
            "case": view,
            "state": state,
            "slots": [_shown(slot) for slot in state["slots"]],
            "state_labels": STATE_LABELS,
            "state_tags": STATE_TAGS,
            "errors": list(errors),
            "asked": view["supplement_requests"][-1] if view["supplement_requests"] else [],
            "page_url": _at(flow.path, case_id),
            "back_url": base_path() + back if back else _at(flow.back, case_id),
            "then_url": _at(flow.then, case_id),
            "endpoints": _at("/apply/{id}/materials", case_id),
            "csrf_header": CSRF_HEADER,
        },
        status=400 if errors else 200,
        user=user,
        personal=True,
    )
    # The script posts files to the storage bucket and shows thumbnails from it: that origin only.
    origins = storage_origins()
    response.headers["Content-Security-Policy"] = content_security_policy(
        connect=origins, img=origins
    )
    return response


def _shown(slot: dict[str, Any]) -> dict[str, Any]:
    """A slot's limits in words for people, and the file picker's accept list."""
    accept = slot["accept"]
    return {
        **slot,
        "formats": "、".join(FORMATS.get(t, t) for t in accept),
        "max_mb": max(1, slot["max_bytes"] // (1024 * 1024)),
        "accept_attr": ",".join([*accept, *(EXTENSIONS[t] for t in accept if t in EXTENSIONS)]),
    }


def delete_form(request: Any, case_id: str) -> Response:
    """删除 without JavaScript: a plain form post, then the same page again."""
    fields = form_fields(request)
    check_csrf(request, fields)
    flow = SUPPLEMENT if first(fields, "flow", 20) == SUPPLEMENT.name else APPLY
    user = session_user(request)
    if user is None:
        return _to_login(flow, case_id)
    material_intake.detach_material(
        bootstrap.intake(), user, case_id, key=first(fields, "key", 512)
    )
    return redirect(_at(flow.path, case_id))


def resubmit_supplement(request: Any, case_id: str) -> Response:
    """The 补正 page's 提交补正 (a plain form: works without JavaScript once the files are attached)."""
    fields = form_fields(request)
    check_csrf(request, fields)
    user = session_user(request)
    if user is None:
        return _to_login(SUPPLEMENT, case_id)
    try:
        intake.submit_case(bootstrap.intake(), user, case_id)
    except ValidationFailedError as missing:
        return materials_page(
            request, case_id, SUPPLEMENT, [{"field": "upload", "message": missing.message}]
        )
    return redirect(_at("/me/cases/{id}", case_id) + "?supplemented=1")


def _to_login(flow: Flow, case_id: str) -> Response:
    here = flow.path.replace("{id}", urllib.parse.quote(case_id, safe=""))
    return redirect(base_path() + "/login?next=" + urllib.parse.quote(here, safe="/"))


# --- JSON for the page's script ------------------------------------------------------------------
def _signed_in(request: Any, *, posting: bool) -> Principal:
    if posting:
        check_csrf_header(request)
    user = session_user(request)
    if user is None:
        raise HttpError(401, "unauthenticated", EXPIRED)
    return user


def ticket(request: Any, case_id: str) -> dict[str, Any]:
    """A presigned POST for one file: exactly its declared size, into one slot, for five minutes."""
    user = _signed_in(request, posting=True)
    body = json_body(request)
    size = int_or_none(body.get("size"), "size")
    made = material_intake.request_upload(
        bootstrap.intake(),
        user,
        case_id,
        slot_id=text_field(body, "slot", max_len=64),
        filename=text_field(body, "filename", max_len=255),
        content_type=text_field(body, "content_type", max_len=100),
        size=size if size is not None else 0,
    )
    return {"url": made.url, "fields": made.fields, "key": made.key, "expires_in": made.expires_in}


def attach(request: Any, case_id: str) -> dict[str, Any]:
    user = _signed_in(request, posting=True)
    key = text_field(json_body(request), "key", max_len=512)
    case = material_intake.attach_material(bootstrap.intake(), user, case_id, key=key)
    return material_queries.materials_of(bootstrap.queries(), user, case)


def remove(request: Any, case_id: str) -> dict[str, Any]:
    user = _signed_in(request, posting=True)
    key = text_field(json_body(request), "key", max_len=512)
    case = material_intake.detach_material(bootstrap.intake(), user, case_id, key=key)
    return material_queries.materials_of(bootstrap.queries(), user, case)


def state(request: Any, case_id: str) -> dict[str, Any]:
    user = _signed_in(request, posting=False)
    return material_queries.material_state(bootstrap.queries(), user, case_id)


@cache
def _origins_for(bucket_key: str) -> tuple[str, ...]:
    blobs = bootstrap.intake().blobs
    # Signing is local (no request is made): the URLs show which origin the browser will talk to.
    urls = (
        blobs.presign_upload("cases/csp-probe", "image/jpeg", 1, 60).url,
        blobs.presign_download("cases/csp-probe", 60),
    )
    found = []
    for url in urls:
        parts = urllib.parse.urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if parts.scheme in ("http", "https") and origin not in found:
            found.append(origin)
    return tuple(found)


def storage_origins() -> tuple[str, ...]:
    """The materials bucket's origins (per endpoint: tests and the local runner change it)."""
    return _origins_for(os.environ.get("AWS_ENDPOINT_URL", ""))
