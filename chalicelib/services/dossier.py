"""The case dossier (卷宗): cover, the application as filled, every issued notice and every normalised material."""

from __future__ import annotations

from typing import Any

from chalicelib.domain.errors import ForbiddenActionError
from chalicelib.domain.forms import Field
from chalicelib.domain.roles import Principal, Role

from .deps import Deps
from .document_context import document_context
from .forms_lookup import form_of_case


def application_rows(deps: Deps, case_id: str) -> list[dict[str, str]]:
    """The answers as label/value rows, in the order of the form; groups flattened with their index."""
    case = deps.cases.get(case_id)
    form = form_of_case(deps.content, case)
    names = {j.code: j.full_name for j in deps.jurisdictions.all()}
    rows: list[dict[str, str]] = []
    for field in form.all_fields():
        value = case.answers.get(field.id)
        if value in (None, "", [], {}):
            continue
        if isinstance(value, list) and value and isinstance(value[0], dict):
            for index, entry in enumerate(value, 1):
                for child in field.fields:
                    if entry.get(child.id) not in (None, ""):
                        label = f"{field.label}{index}·{child.label}"
                        rows.append(
                            {"label": label, "value": _display(child, entry[child.id], names)}
                        )
            continue
        rows.append({"label": field.label, "value": _display(field, value, names)})
    return rows


def _display(field: Field, value: Any, names: dict[str, str]) -> str:
    """Option values read as their Chinese labels; money in fen reads as yuan."""
    labels = {option.value: option.label for option in field.options}
    if labels:
        chosen = value if isinstance(value, list) else [value]
        return "、".join(str(labels.get(v, v)) for v in chosen)
    if field.type == "money" and isinstance(value, int):
        return f"{value / 100:.2f} 元"
    return _text(value, names)


def _text(value: Any, names: dict[str, str]) -> str:
    if isinstance(value, dict) and "code" in value and "province" in value:
        # Division codes of partners read as their names; others keep the code (no national table here).
        return names.get(str(value["code"]), f"行政区划{value['code']}")
    if isinstance(value, dict):
        return " ".join(_text(v, names) for v in value.values() if v)
    if isinstance(value, list):
        return "、".join(_text(v, names) for v in value)
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def build_dossier(deps: Deps, principal: Principal, case_id: str) -> dict[str, Any]:
    """Assemble, store beside the issued documents and return a short-lived download link."""
    case = deps.cases.get(case_id)
    if not (
        principal.has(Role.SUPERVISOR)
        or (principal.is_staff and principal.jurisdiction in (case.home_code, case.receiving_code))
    ):
        raise ForbiddenActionError("只有办件所涉地区的工作人员或监督人员可以调阅卷宗")
    events = deps.cases.events(case_id)
    last = events[-1]
    unit = (
        f"{deps.jurisdictions.get(principal.jurisdiction or case.receiving_code).name}政务服务中心"
    )
    context = document_context(deps, case, last, events, "dossier_cover", unit)
    context.update(
        {
            "status_label": case.status.label_zh,
            "completed_date": str(case.result.get("completed_at", ""))[:10],
            "retention_period": "30年",
            "staff_name": principal.name,
        }
    )
    code = deps.issuer.new_code()
    cover = deps.issuer.render(
        "dossier_cover",
        context,
        seal_name=unit,
        verify_url=f"{deps.public_base_url}/verify/{code}",
        code=code,
    )
    application = deps.issuer.render(
        "application_form",
        {
            **context,
            "answers": application_rows(deps, case_id),
            "form_key": f"{case.form_id}@v{case.form_version}",
        },
        seal_name=unit,
        verify_url=f"{deps.public_base_url}/verify/{code}",
        code=code,
    )
    parts: list[tuple[str, bytes]] = [("申请表", application.pdf)]
    for record in deps.registry.for_case(case_id):
        parts.append((record["title"], deps.documents.get(record["key"])))
    results = deps.scans.for_case(case_id)
    for material in case.materials:
        result = results.get(material.key, {})
        if result.get("status") == "ok":
            parts.append((f"材料：{material.filename}", deps.blobs.get(result["normalised_key"])))
    pdf = deps.scanner.dossier(cover.pdf, parts, title=f"{case.case_number} 卷宗")
    key = f"dossiers/{case.case_id}/v{case.version}-{code}.pdf"
    deps.documents.put(key, pdf, "application/pdf")
    return {
        "case_number": case.case_number,
        "parts": [title for title, _ in parts],
        "bytes": len(pdf),
        "download_url": deps.documents.presign_download(key, deps.download_expiry_seconds),
    }
