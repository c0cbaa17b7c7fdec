"""A small horizontal bar chart as an SVG string, with a title and a text table for screen readers."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

ROW = 28  # px per bar
LABEL_WIDTH = 220
BAR_WIDTH = 300
VALUE_WIDTH = 60


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def bar_chart_svg(title: str, bars: Sequence[tuple[str, int]], *, chart_id: str) -> str:
    """One bar per (label, value); the SVG is decorative for assistive tech apart from its title,
    which points at the table (the table carries the figures for screen readers and text browsers)."""
    top = max((v for _, v in bars), default=0) or 1
    height = ROW * max(len(bars), 1)
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="bar-chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" aria-labelledby="{_e(chart_id)}-title">',
        f'<title id="{_e(chart_id)}-title">{_e(title)}（数据见下表）</title>',
    ]
    for i, (label, value) in enumerate(bars):
        y = i * ROW
        length = round(BAR_WIDTH * max(value, 0) / top)
        parts.append(
            f'<text class="bar-chart__label" x="{LABEL_WIDTH - 8}" y="{y + 19}" '
            f'text-anchor="end">{_e(label)}</text>'
            f'<rect class="bar-chart__bar" x="{LABEL_WIDTH}" y="{y + 5}" '
            f'width="{length}" height="{ROW - 10}"/>'
            f'<text class="bar-chart__value" x="{LABEL_WIDTH + length + 6}" '
            f'y="{y + 19}">{_e(value)}</text>'
        )
    parts.append("</svg>")
    rows = "".join(
        f'<tr><th scope="row">{_e(label)}</th><td>{_e(value)}</td></tr>' for label, value in bars
    )
    table = (
        f'<table class="bar-chart__table visually-hidden" id="{_e(chart_id)}-table">'
        f"<caption>{_e(title)}</caption>"
        f'<thead><tr><th scope="col">项目</th><th scope="col">数量</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )
    return (
        f'<figure class="chart" id="{_e(chart_id)}"><figcaption>{_e(title)}</figcaption>'
        f"{''.join(parts)}{table}</figure>"
    )
