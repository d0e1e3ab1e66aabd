"""Bar charts as inline SVG, drawn at build time: no JavaScript, nothing to download.

Each chart has an accessible name (``<title>``) and a description that reads
every value (``<desc>``), and the page shows the same figures in a table
beside it. A suppressed figure is drawn as no bar, and said in words.
"""

from __future__ import annotations

from markupsafe import Markup, escape

WIDTH = 720
ROW = 34
LABEL_WIDTH = 290
BAR_MAX = WIDTH - LABEL_WIDTH - 110


def bar_chart(chart_id: str, title: str, items: list[tuple[str, float | None, str]]) -> Markup:
    """An SVG bar chart of ``(label, value or None if suppressed, value as text)``."""
    shown = [value for _, value, _ in items if value is not None]
    top = max(shown) if shown else 1
    height = ROW * len(items) + 10
    description = "; ".join(f"{label}: {text}" for label, _, text in items)
    parts = [
        f'<svg class="chart" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    for index, (label, value, text) in enumerate(items):
        y = 5 + index * ROW
        parts.append(f'<text x="0" y="{y + 20}" class="chart-label">{escape(label)}</text>')
        if value is not None and top > 0:
            width = max(2, round(BAR_MAX * value / top))
            parts.append(f'<rect x="{LABEL_WIDTH}" y="{y + 5}" width="{width}" height="22" '
                         f'class="chart-bar"/>')
            parts.append(f'<text x="{LABEL_WIDTH + width + 6}" y="{y + 21}" '
                         f'class="chart-value">{escape(text)}</text>')
        else:
            parts.append(f'<text x="{LABEL_WIDTH}" y="{y + 21}" class="chart-value chart-hidden">'
                         f'{escape(text)}</text>')
    parts.append("</svg>")
    return Markup("\n".join(parts))
