"""Web pages served beside the API (plain HTML, Chinese)."""

from __future__ import annotations

from typing import Any

from chalice.app import Response

from chalicelib import bootstrap
from chalicelib.domain.errors import ForbiddenActionError, NotFoundError
from chalicelib.services import document_issuing, tracking
from chalicelib.services.rate_limits import RateLimitedError

from . import page_forms
from .http import HttpError, client_ip
from .security_headers import NO_STORE, with_security_headers
from .web_pages import page
from .web_session import check_csrf, first, form_fields


def page_response(html: str, *, cache: str = NO_STORE, status: int = 200) -> Response:
    """An HTML page with the security headers; personal pages (the default) are never stored."""
    return Response(
        body=html,
        status_code=status,
        headers=with_security_headers({"Content-Type": "text/html; charset=utf-8"}, cache=cache),
    )


def verify(request: Any, code: str = "") -> Response:
    """The verify page: the two forms, and the verdict when a code came (GET ?code= or a QR's link).

    A verification code is printed on the paper and in the QR: it is no secret and may sit in a URL."""
    typed = code or str((request.query_params or {}).get("code", ""))
    typed = typed.strip()[:40]
    result = document_issuing.check(bootstrap.documents(), typed) if typed else None
    return _verify_page(request, {"code": typed, "result": result, "by": "code"})


# API Gateway base64-encodes the upload and Lambda takes 6 MB: about 4 MB of file gets through.
MAX_PDF_BYTES = 4 * 1024 * 1024
PDF_TOO_LARGE = "文件超过 4 MB，本系统出具的文书不会这么大；请核对是否选错了文件"


def verify_upload(request: Any) -> Response:
    """POST /verify: the uploaded PDF itself against the registry (hash) and its signature."""
    posted = page_forms.multipart(request, MAX_PDF_BYTES, PDF_TOO_LARGE)
    check_csrf(request, posted.fields)
    pdf = posted.files.get("pdf", b"")
    if not pdf:
        errors = [{"field": "pdf", "message": "请选择要核验的 PDF 文件"}]
        return _verify_page(request, {"code": "", "result": None, "errors": errors}, 400)
    if len(pdf) > MAX_PDF_BYTES:
        errors = [{"field": "pdf", "message": PDF_TOO_LARGE}]
        return _verify_page(request, {"code": "", "result": None, "errors": errors}, 413)
    result = document_issuing.check_file(bootstrap.documents(), pdf)
    return _verify_page(request, {"code": "", "result": result, "by": "file"})


def _verify_page(request: Any, context: dict[str, Any], status: int = 200) -> Response:
    return page(
        request, "verify.html.j2", {"errors": [], "by": "", **context}, status=status, personal=True
    )


TRACK_LIMITS = {
    "number": 40,
    "code": 12,
    "token": 64,
}  # a case number, a 查询密码, a tracking token
WRONG_CODE = (
    "办件编号或查询密码不正确。请核对受理短信或回执；忘记查询密码的，"
    "可打开受理短信中的查询链接，或携带身份证件到窗口查询"
)


def track(request: Any) -> Response:
    """The progress page: GET shows the form; POST (the form, or the SMS link's script) looks up a case.

    The 查询密码 and the link's token travel only in the POST body, never in a URL."""
    values = {"number": "", "code": ""}
    errors: list[dict[str, str]] = []
    result, status = None, 200
    if request.method == "POST":
        fields = form_fields(request)
        try:
            check_csrf(request, fields)
        except HttpError as expired:
            errors, status = [{"field": "number", "message": expired.message}], 403
        else:
            sent = {
                name: first(fields, name, limit).strip() for name, limit in TRACK_LIMITS.items()
            }
            values["number"] = sent["number"]
            errors = [] if sent["token"] else _missing(sent)
            if not errors:
                try:
                    result = _look_up(request, sent)
                except RateLimitedError as locked:
                    errors, status = [{"field": "code", "message": locked.message}], 429
                except (NotFoundError, ForbiddenActionError) as refused:
                    errors = [_refusal(refused.message, bool(sent["token"]))]
    return page(
        request,
        "track.html.j2",
        {"values": values, "errors": errors, "result": result},
        status=status,
        personal=True,
    )


def _missing(sent: dict[str, str]) -> list[dict[str, str]]:
    return [
        {"field": name, "message": message}
        for name, message in (("number", "请填写办件编号"), ("code", "请填写查询密码"))
        if not sent[name]
    ]


def _refusal(message: str, by_link: bool) -> dict[str, str]:
    if by_link:
        return {"field": "number", "message": message}
    return {"field": "code", "message": WRONG_CODE if message == tracking.NOT_FOUND else message}


def _look_up(request: Any, sent: dict[str, str]) -> dict[str, Any]:
    ports = bootstrap.tracking()
    if sent["token"]:
        return tracking.track_by_link(ports, client_ip(request), sent["number"], sent["token"])
    return tracking.track(ports, client_ip(request), sent["number"], sent["code"])
