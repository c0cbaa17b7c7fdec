"""审批工作台: the home department uploads its own signed result PDF (a multipart form, no script needed)."""

from __future__ import annotations

from typing import Any

from chalice.app import Response

from chalicelib import bootstrap
from chalicelib.domain.errors import DomainError, NotFoundError
from chalicelib.services import result_upload

from . import page_forms
from .http import HttpError
from .pages_approvals import approver
from .pages_approvals_case import render_case
from .pages_my_cases import status_of
from .web_pages import base_path
from .web_session import check_csrf, redirect

FIELD = "result-file"  # the file input's id: the error summary links to it
NAME = "所选文件"  # the multipart parse keeps no file names; refusals speak of "the chosen file"


def upload(request: Any, case_id: str) -> Response:
    """POST /approvals/{id}/result: checked, stored and registered, or the page again with the reason."""
    user = approver(request, f"/approvals/{case_id}")
    if isinstance(user, Response):
        return user
    try:
        posted = page_forms.multipart(
            request, result_upload.MAX_RESULT_BYTES, result_upload.TOO_LARGE
        )
    except HttpError as refused:  # too large or not a form post: nothing was read, nothing stored
        errors = [{"field": FIELD, "message": refused.message}]
        return render_case(request, user, case_id, status=refused.status, errors=errors)
    check_csrf(request, posted.fields)
    pdf = posted.files.get("result", b"")
    if not pdf:
        errors = [{"field": FIELD, "message": "请选择要上传的签章结果文书（PDF）"}]
        return render_case(request, user, case_id, status=400, errors=errors)
    try:
        result_upload.upload_signed_result(bootstrap.documents(), user, case_id, pdf, NAME)
    except NotFoundError:
        raise
    except DomainError as refused:
        errors = [{"field": FIELD, "message": refused.message}]
        return render_case(request, user, case_id, status=status_of(refused), errors=errors)
    return redirect(f"{base_path()}/approvals/{case_id}?uploaded=1")
