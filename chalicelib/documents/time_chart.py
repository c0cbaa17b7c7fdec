"""Cases over time as a small SVG column chart: labelled periods, a <title>/<desc> and a text table."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

HEIGHT = 160  # px of the plotting area
COLUMN = 44  # px per period
TOP = 20  # room for the value above the tallest column
AXIS = 28  # room for the period labels under the axis


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def time_chart_svg(
    title: str, periods: Sequence[tuple[str, int]], *, chart_id: str, unit: str = "件"
) -> str:
    """One column per (period label, count), oldest left. The <desc> says the figures in words, so a
    screen reader hears the trend without the table; the table is there for text browsers and copying."""
    top = max((v for _, v in periods), default=0) or 1
    width = COLUMN * max(len(periods), 1)
    total_height = TOP + HEIGHT + AXIS
    said = "，".join(f"{label}：{value}{unit}" for label, value in periods) or "没有数据"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="time-chart" role="img" '
        f'viewBox="0 0 {width} {total_height}" width="100%" '
        f'aria-labelledby="{_e(chart_id)}-title {_e(chart_id)}-desc">',
        f'<title id="{_e(chart_id)}-title">{_e(title)}</title>',
        f'<desc id="{_e(chart_id)}-desc">{_e(said)}</desc>',
        f'<line class="time-chart__axis" x1="0" y1="{TOP + HEIGHT}" x2="{width}" '
        f'y2="{TOP + HEIGHT}"/>',
    ]
    for i, (label, value) in enumerate(periods):
        x = i * COLUMN
        h = round(HEIGHT * max(value, 0) / top)
        y = TOP + HEIGHT - h
        middle = x + COLUMN // 2
        parts.append(
            f'<rect class="time-chart__bar" x="{x + 6}" y="{y}" width="{COLUMN - 12}" height="{h}"/>'
            f'<text class="time-chart__value" x="{middle}" y="{y - 4}" '
            f'text-anchor="middle">{_e(value)}</text>'
            f'<text class="time-chart__label" x="{middle}" y="{TOP + HEIGHT + 18}" '
            f'text-anchor="middle">{_e(label)}</text>'
        )
    parts.append("</svg>")
    rows = "".join(
        f'<tr><th scope="row">{_e(label)}</th><td>{_e(value)}</td></tr>' for label, value in periods
    )
    table = (
        f'<table class="bar-chart__table visually-hidden" id="{_e(chart_id)}-table">'
        f"<caption>{_e(title)}</caption>"
        f'<thead><tr><th scope="col">时间</th><th scope="col">数量</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )
    return (
        f'<figure class="chart" id="{_e(chart_id)}"><figcaption>{_e(title)}</figcaption>'
        f"{''.join(parts)}{table}</figure>"
    )
