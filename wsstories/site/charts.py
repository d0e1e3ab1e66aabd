"""Bar charts drawn at build time in HTML, with SVG bars: no JavaScript, nothing to download.

Labels and values are ordinary HTML text, so they keep the page's type size
at every width (an SVG drawing scales its text down with it on a phone): on
a wide screen each label sits beside its bar, on a narrow one above it (see
``.bar-chart`` in the theme's style.css). Only the bars are SVG, each as wide
as its share of the largest value (in percent), with no text in them.

A chart is a list with an accessible name, one item per figure, each reading
"label: value"; the page shows the same figures in a table beside it. A
suppressed figure is drawn as no bar, and said in words.
"""

from __future__ import annotations

from markupsafe import Markup, escape


def bar_chart(chart_id: str, title: str, items: list[tuple[str, float | None, str]]) -> Markup:
    """A bar chart of ``(label, value or None if suppressed, value as text)``."""
    shown = [value for _, value, _ in items if value is not None]
    top = max(shown) if shown else 1
    parts = [f'<div class="bar-chart" id="{chart_id}">',
             f'<p class="bar-chart-title" id="{chart_id}-title">{escape(title)}</p>',
             f'<ul class="bar-list" aria-labelledby="{chart_id}-title">']
    for label, value, text in items:
        if value is not None and top > 0:
            percent = max(0.5, round(100 * value / top, 1))
            bar = (f'<svg class="bar" aria-hidden="true" focusable="false" width="{percent:g}%" '
                   f'height="20"><rect class="chart-bar" x="0" y="0" width="100%" height="20"/></svg>')
            value_html = f'<span class="bar-value">{escape(text)}</span>'
        else:
            bar = ""
            value_html = f'<span class="bar-value chart-hidden">{escape(text)}</span>'
        parts.append(f'<li class="bar-row"><span class="bar-label">{escape(label)}'
                     f'<span class="visually-hidden">: </span></span>'
                     f'<span class="bar-track">{bar}{value_html}</span></li>')
    parts.append("</ul></div>")
    return Markup("\n".join(parts))
