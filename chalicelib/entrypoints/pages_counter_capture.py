"""跨省通办窗口: capturing a walk-in case's materials (camera or scanner files), page by page in order.

Uploads go through the same session JSON endpoints and presigned POSTs as the portal's upload page
(upload.js); this page adds, per page, move up/down, turn left and delete as small forms that work
without JavaScript (capture.js only keeps the camera and the page in place)."""

from __future__ import annotations

import urllib.parse
from typing import Any

from chalice.app import Response

from chalicelib import bootstrap
from chalicelib.domain.roles import Principal, Role
from chalicelib.services import (
    material_arrangement,
    material_intake,
    material_queries,
    queries,
)
from chalicelib.services.access_policy import visible_case

from .http import HttpError
from .pages_materials import STATE_LABELS, STATE_TAGS, _shown, storage_origins
from .security_headers import content_security_policy
from .web_pages import base_path, page
from .web_session import CSRF_HEADER, check_csrf, first, form_fields, redirect, session_user

HOW = ("up", "down", "left", "delete")
DONE = {"up": "已上移", "down": "已下移", "left": "已向左旋转", "delete": "已删除"}


def _path(case_id: str, tail: str = "") -> str:
    return f"{base_path()}/counter/{urllib.parse.quote(case_id, safe='')}{tail}"


def _clerk(request: Any, case_id: str) -> Principal | Response:
    user = session_user(request)
    if user is None:
        here = urllib.parse.quote(f"/counter/{case_id}/materials", safe="/")
        return redirect(f"{base_path()}/login?next={here}")
    if not user.has(Role.WINDOW_STAFF):
        raise HttpError(403, "forbidden", "此页面仅限跨省通办窗口工作人员使用")
    return user


def capture_page(request: Any, case_id: str) -> Response:
    user = _clerk(request, case_id)
    if isinstance(user, Response):
        return user
    ports = bootstrap.queries()
    case = visible_case(ports.cases, user, case_id)  # another centre's case: the 404 page
    state = material_queries.materials_of(ports, user, case)
    done = first({k: [v] for k, v in (request.query_params or {}).items()}, "done", 16)
    response = page(
        request,
        "counter/materials.html.j2",
        {
            "case": queries.case_view(ports, user, case),
            "state": state,
            "slots": [_shown(slot) for slot in state["slots"]],
            "state_labels": STATE_LABELS,
            "state_tags": STATE_TAGS,
            "done": DONE.get(done, ""),
            "endpoints": f"{base_path()}/apply/{urllib.parse.quote(case_id, safe='')}/materials",
            "arrange_url": _path(case_id, "/materials/page"),
            "case_url": _path(case_id),
            "check_url": f"{base_path()}/apply/{urllib.parse.quote(case_id, safe='')}/check",
            "csrf_header": CSRF_HEADER,
        },
        user=user,
        personal=True,
    )
    # The camera needs no origin of its own; files go to and thumbnails come from the bucket.
    origins = storage_origins()
    response.headers["Content-Security-Policy"] = content_security_policy(
        connect=origins, img=origins
    )
    response.headers["Permissions-Policy"] = "camera=(self)"
    return response


def arrange(request: Any, case_id: str) -> Response:
    """One page's button: 上移 / 下移 / 向左旋转 / 删除, then the capture page again at that material."""
    fields = form_fields(request)
    check_csrf(request, fields)
    user = _clerk(request, case_id)
    if isinstance(user, Response):
        return user
    how = first(fields, "how", 16)
    key = first(fields, "key", 512)
    if how not in HOW:
        raise HttpError(400, "bad_request", "请选择上移、下移、旋转或删除")
    if how == "delete":
        case = material_intake.detach_material(bootstrap.intake(), user, case_id, key=key)
    else:
        case = material_arrangement.arrange_page(
            bootstrap.intake(), user, case_id, key=key, how=how
        )
    slot = next((m.slot for m in case.materials if m.key == key), first(fields, "slot", 64))
    anchor = f"#slot-{urllib.parse.quote(slot, safe='')}" if slot else ""
    return redirect(_path(case_id, f"/materials?done={how}{anchor}"))
