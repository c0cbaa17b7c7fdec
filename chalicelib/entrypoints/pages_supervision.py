"""监督 pages: a supervisor's read-only view of their jurisdiction — cases, deadlines, 好差评, data views."""

from __future__ import annotations

from datetime import date
from typing import Any

from chalice.app import Response

from chalicelib import bootstrap
from chalicelib.documents.bar_chart import bar_chart_svg
from chalicelib.documents.case_list_csv import case_list_csv
from chalicelib.documents.time_chart import time_chart_svg
from chalicelib.domain.feedback.evaluations import Level
from chalicelib.domain.roles import Principal, Role
from chalicelib.services import operations, personal_data
from chalicelib.services.access_policy import may_replay
from chalicelib.services.feedback.supervision_lists import feedback_lists
from chalicelib.services.feedback.unit_report import rectification_report
from chalicelib.services.handling_times import handling_times
from chalicelib.services.supervision_reads import CASES_READ, case_rows, supervised_cases
from chalicelib.services.supervision_stats import by_month, by_partner, case_stats

from .http import HttpError
from .pages_my_cases import signed_in
from .web_pages import base_path, page
from .web_session import check_csrf, first, form_fields, redirect

VIEWS_LISTED = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def supervisor(request: Any, path: str) -> Principal | Response:
    """The signed-in supervisor; others get the 403 page, the signed-out the sign-in page."""
    user = signed_in(request, path)
    if isinstance(user, Response):
        return user
    if not user.has(Role.SUPERVISOR):
        raise HttpError(403, "forbidden", "只有监督人员可以查看监督页面")
    return user


def _day(params: dict[str, Any], name: str) -> date | None:
    value = str(params.get(name) or "")
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise HttpError(400, "bad_request", "日期应为 YYYY-MM-DD 格式") from None


def _role_label(value: str) -> str:
    try:
        return Role(value).label_zh
    except ValueError:
        return value


def overview(request: Any) -> Response:
    user = supervisor(request, "/supervision")
    if isinstance(user, Response):
        return user
    params = request.query_params or {}
    since, until = _day(params, "since"), _day(params, "until")
    ports = bootstrap.queries()
    cases = supervised_cases(ports, user, CASES_READ)
    rows = case_rows(ports, cases)
    stats = case_stats(rows)
    units = [
        u.as_dict()
        for u in rectification_report(
            bootstrap.report_ports(), user, user.jurisdiction, since, until
        )
    ]
    levels = [
        (lvl.label_zh, sum(u["ratings"][str(lvl.value)]["count"] for u in units)) for lvl in Level
    ]
    views = [
        {**v, "role_label": _role_label(v["viewer"]["role"])}
        for v in personal_data.views_for_jurisdiction(
            bootstrap.personal_data_views(), user, user.jurisdiction, "", VIEWS_LISTED
        )
    ]
    charts = {
        "status": bar_chart_svg(
            "按状态统计办件", [(c.label, c.count) for c in stats.by_status], chart_id="chart-status"
        ),
        "mode": bar_chart_svg(
            "按办理方式统计办件", [(c.label, c.count) for c in stats.by_mode], chart_id="chart-mode"
        ),
        "levels": bar_chart_svg("好差评等级分布", levels, chart_id="chart-levels"),
        "months": time_chart_svg(
            "每月收件数（近 12 个月）", by_month(rows, ports.clock.today()), chart_id="chart-months"
        ),
    }
    context = {
        "queues": operations.dlq_depths(bootstrap.operations_ports(), user),
        "may_replay": may_replay(user),
        "replayed": str(params.get("replayed") or "")[:40],
        "feedback": feedback_lists(bootstrap.report_ports(), user),
        "stats": stats,
        "cases": rows,
        "cases_read": CASES_READ,
        "partners": by_partner(rows, user.jurisdiction),
        "times": handling_times(ports, cases),
        "charts": charts,
        "units": [u for u in units if u["rectifications"] or u["total"]],
        "open_rectifications": sum(u["open"] for u in units),
        "views": views,
        "jurisdiction": user.jurisdiction,
        "since": since.isoformat() if since else "",
        "until": until.isoformat() if until else "",
    }
    return page(request, "supervision/overview.html.j2", context, user=user, personal=True)


def cases_csv(request: Any) -> Response:
    user = supervisor(request, "/supervision/cases.csv")
    if isinstance(user, Response):
        return user
    ports = bootstrap.queries()
    rows = case_rows(ports, supervised_cases(ports, user, CASES_READ))
    name = f"cases-{user.jurisdiction}.csv"
    return Response(
        # A str body: chalice sends it as UTF-8 text (bytes would need text/csv as a binary type).
        body=case_list_csv(rows).decode("utf-8"),
        status_code=200,
        headers={
            "Content-Type": "text/csv; charset=utf-8",
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
        },
    )


def _download(body: bytes, name: str) -> Response:
    return Response(
        body=body,
        status_code=200,
        headers={
            "Content-Type": XLSX,
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
        },
    )


def cases_xlsx(request: Any) -> Response:
    user = supervisor(request, "/supervision/cases.xlsx")
    if isinstance(user, Response):
        return user
    from chalicelib.documents.case_list_xlsx import case_list_xlsx  # openpyxl: on first use only

    ports = bootstrap.queries()
    rows = case_rows(ports, supervised_cases(ports, user, CASES_READ))
    return _download(case_list_xlsx(rows), f"cases-{user.jurisdiction}.xlsx")


def feedback_xlsx(request: Any) -> Response:
    user = supervisor(request, "/supervision/feedback.xlsx")
    if isinstance(user, Response):
        return user
    params = request.query_params or {}
    since, until = _day(params, "since"), _day(params, "until")
    ports = bootstrap.report_ports()
    units = [
        u.as_dict() for u in rectification_report(ports, user, user.jurisdiction, since, until)
    ]
    bad = feedback_lists(ports, user).bad
    from chalicelib.documents.feedback_report_xlsx import feedback_report_xlsx

    return _download(feedback_report_xlsx(units, bad), f"feedback-{user.jurisdiction}.xlsx")


def replay(request: Any) -> Response:
    """运维值守: move a queue's dead letters back (bounded), then show the page again with the count."""
    user = supervisor(request, "/supervision")
    if isinstance(user, Response):
        return user
    fields = form_fields(request)
    check_csrf(request, fields)
    queue = first(fields, "queue", 40)
    moved = operations.replay(bootstrap.operations_ports(), user, queue)
    return redirect(f"{base_path()}/supervision?replayed={queue}:{moved}#operations-heading")
