"""监督 pages: a supervisor's read-only view of their jurisdiction — cases, deadlines, 好差评, data views."""

from __future__ import annotations

from datetime import date
from typing import Any

from chalice.app import Response

from chalicelib import bootstrap
from chalicelib.documents.bar_chart import bar_chart_svg
from chalicelib.documents.case_list_csv import case_list_csv
from chalicelib.domain.feedback.evaluations import Level
from chalicelib.domain.paging import MAX_PAGE
from chalicelib.domain.roles import Principal, Role
from chalicelib.services import personal_data, queries
from chalicelib.services.feedback.unit_report import rectification_report
from chalicelib.services.supervision_stats import case_stats

from .http import HttpError
from .pages_my_cases import signed_in
from .web_pages import page

VIEWS_LISTED = 50


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


def overview(request: Any) -> Response:
    user = supervisor(request, "/supervision")
    if isinstance(user, Response):
        return user
    params = request.query_params or {}
    since, until = _day(params, "since"), _day(params, "until")
    # The latest page of the jurisdiction's cases (keyed, bounded); the statistics are of that page.
    rows, _ = queries.supervision_cases(bootstrap.queries(), user, limit=MAX_PAGE)
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
    views = personal_data.views_for_jurisdiction(
        bootstrap.personal_data_views(), user, user.jurisdiction, "", VIEWS_LISTED
    )
    charts = {
        "status": bar_chart_svg(
            "按状态统计办件", [(c.label, c.count) for c in stats.by_status], chart_id="chart-status"
        ),
        "mode": bar_chart_svg(
            "按办理方式统计办件", [(c.label, c.count) for c in stats.by_mode], chart_id="chart-mode"
        ),
        "levels": bar_chart_svg("好差评等级分布", levels, chart_id="chart-levels"),
    }
    context = {
        "stats": stats,
        "cases": rows,
        "charts": charts,
        "units": [u for u in units if u["rectifications"] or u["total"]],
        "open_rectifications": sum(u["open"] for u in units),
        "views": views,
        "jurisdiction": user.jurisdiction,
        "since": since.isoformat() if since else "",
        "until": until.isoformat() if until else "",
    }
    return page(request, "supervision/overview.html.j2", context, user=user, personal=True)


def csv_rows(user: Any) -> list[dict[str, Any]]:
    """The export walks every page of the keyed list (each read bounded by its page)."""
    ports, rows, cursor = bootstrap.queries(), [], None
    while True:
        page_rows, cursor = queries.supervision_cases(ports, user, limit=MAX_PAGE, cursor=cursor)
        rows.extend(page_rows)
        if cursor is None:
            return rows


def cases_csv(request: Any) -> Response:
    user = supervisor(request, "/supervision/cases.csv")
    if isinstance(user, Response):
        return user
    rows = csv_rows(user)
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
