"""The annual report's charts: horizontal bar charts drawn by matplotlib as SVG.

A bar chart beats a table where there are many categories to compare at a glance (coverage by
country or victim group); each chart is embedded with the same numbers as its text alternative, so
nothing is only in the picture. Drawn with the Agg backend (no display) into a private Figure, so
charts can be drawn in the web service's threads without pyplot's global state.
"""

from __future__ import annotations

import base64
import io

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure  # noqa: E402 (the backend is chosen first)

BAR = "#1f4e79"  # the app's dark blue: AA contrast on white for the value labels beside it
MAX_BARS = 15  # more categories than this are summed as "others" so the chart stays readable


def bar_chart_svg(title: str, counts: dict[str, int]) -> str:
    """``counts`` (largest first) as an SVG horizontal bar chart, the value written beside each bar."""
    items = list(counts.items())
    if len(items) > MAX_BARS:
        rest = sum(n for _, n in items[MAX_BARS - 1 :])
        items = [*items[: MAX_BARS - 1], ("others", rest)]
    labels = [label for label, _ in items][::-1]
    values = [value for _, value in items][::-1]
    figure = Figure(figsize=(6.2, 0.45 + 0.32 * max(len(items), 1)), dpi=100)
    axes = figure.add_subplot()
    bars = axes.barh(labels, values, color=BAR, height=0.6)
    axes.bar_label(bars, padding=3, fontsize=9)
    axes.set_title(title, fontsize=11, loc="left")
    axes.tick_params(labelsize=9)
    axes.xaxis.set_visible(False)
    for side in ("top", "right", "bottom"):
        axes.spines[side].set_visible(False)
    axes.set_xlim(0, max(values, default=0) * 1.15 + 1)
    figure.tight_layout()
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})  # no date: the same record draws the same file
    return buffer.getvalue()


def data_uri(svg: str) -> str:
    """The SVG as a data: URI for an <img>: the report is one self-contained file."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
