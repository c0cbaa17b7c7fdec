"""The counter's print view: a step's document (受理回执, 材料流转单, 送达回证) shown to print, two copies."""

from __future__ import annotations

import os
import urllib.parse
from functools import cache
from typing import Any

from chalice.app import Response

from chalicelib import bootstrap
from chalicelib.domain.errors import NotFoundError
from chalicelib.services import queries

from .pages_counter import clerk
from .security_headers import content_security_policy
from .web_pages import page

# The documents the counter prints, and the step whose queue message renders each one.
PRINTED = {"receipt": "accept", "transfer_slip": "send_materials", "delivery_receipt": "deliver"}
COPIES = {
    "receipt": (("applicant", "申请人联"), ("archive", "存档联")),
    "delivery_receipt": (("applicant", "申请人联"), ("archive", "存档联")),
    "transfer_slip": (("parcel", "随件联"), ("archive", "存档联")),
}
# While a document is still being rendered the page asks the browser to look again (no script needed).
REFRESH_SECONDS = 3


def print_view(request: Any, case_id: str, kind: str) -> Response:
    user = clerk(request, f"/counter/{case_id}/print/{kind}")
    if isinstance(user, Response):
        return user
    view = queries.get_case(bootstrap.queries(), user, case_id)
    if kind not in PRINTED:
        raise NotFoundError("没有这种可打印的文书")
    issued = [d for d in view.get("documents", []) if d.get("kind") == kind]
    failed = [d for d in view.get("document_failures", []) if d.get("kind") == kind]
    stepped = any(e.get("action") == PRINTED[kind] for e in view.get("timeline", []))
    if not issued and not failed and not stepped:
        raise NotFoundError("该办件还没有这份文书")
    copies = COPIES[kind]
    wanted = request.query_params.get("copy", "") if request.query_params else ""
    copy = next((c for c in copies if c[0] == wanted), copies[0])
    document = issued[-1] if issued else None
    context = {
        "case": view,
        "kind": kind,
        "document": document,
        "failure": failed[-1] if failed and not issued else None,
        "copies": [{"id": c, "label": label, "on": c == copy[0]} for c, label in copies],
        "copy_label": copy[1],
        "refresh": REFRESH_SECONDS if document is None and not failed else 0,
    }
    response = page(request, "counter/print.html.j2", context, user=user, personal=True)
    if context["refresh"]:
        response.headers["Refresh"] = str(REFRESH_SECONDS)
    response.headers["Content-Security-Policy"] = content_security_policy(frame=document_origins())
    return response


def document_origins() -> tuple[str, ...]:
    """The documents bucket's origin, per endpoint (tests and the local runner change it)."""
    return _origins_for(os.environ.get("AWS_ENDPOINT_URL", ""))


@cache
def _origins_for(endpoint: str) -> tuple[str, ...]:
    # Signing is local (no request is made): the URL shows which origin the browser will talk to.
    url = bootstrap.queries().documents.presign_download("documents/csp-probe", 60)
    parts = urllib.parse.urlsplit(url)
    return (f"{parts.scheme}://{parts.netloc}",) if parts.scheme in ("http", "https") else ()
