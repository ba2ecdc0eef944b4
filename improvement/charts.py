"""Server-rendered SVG bar charts: no JavaScript, and always paired with a data table.

Why SVG from the server: the dashboard must work without scripts and stay accessible; the
chart is ``role="img"`` with a title, and the same numbers are in a table beside it, so a
screen reader user loses nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 220
BAR_WIDTH = 300
VALUE_WIDTH = 60


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    display: str = ""


def _short(text: str, limit: int = 34) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bar_chart(
    chart_id: str, title: str, bars: list[Bar], maximum: float | None = None
) -> SafeString:
    """A horizontal bar chart; ``maximum`` fixes the scale (e.g. 100 for percentages)."""
    top = maximum if maximum is not None else max((b.value for b in bars), default=0)
    top = top or 1
    height = max(1, len(bars)) * (BAR_HEIGHT + GAP) + GAP
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    rows = []
    for index, bar in enumerate(bars):
        y = GAP + index * (BAR_HEIGHT + GAP)
        length = round(BAR_WIDTH * max(0.0, min(bar.value, top)) / top)
        rows.append(
            (
                LABEL_WIDTH - 6,
                y + BAR_HEIGHT * 0.7,
                _short(bar.label),
                LABEL_WIDTH,
                y,
                length,
                BAR_HEIGHT,
                LABEL_WIDTH + length + 6,
                y + BAR_HEIGHT * 0.7,
                bar.display or f"{bar.value:g}",
            )
        )
    body = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="end" font-size="13">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="{}" fill="#1a5e9a"></rect>'
        '<text x="{}" y="{}" font-size="13">{}</text>',
        rows,
    )
    return format_html(
        '<svg id="{}" class="owner-chart" role="img" aria-labelledby="{}-title" '
        'viewBox="0 0 {} {}" width="100%" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{}-title">{}</title>{}</svg>',
        chart_id,
        chart_id,
        width,
        height,
        chart_id,
        title,
        body,
    )
