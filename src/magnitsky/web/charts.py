"""Bar charts drawn on the server as inline SVG: the geometry here, the drawing in
``templates/_chart.html``.

No chart library: a bar chart is a handful of rectangles, and drawing them by hand keeps the
page free of scripts and the service free of a plotting dependency. Every chart carries its
numbers as a table too, for screen readers and for anyone who would rather read them. Colours
are presentation attributes (the page's Content-Security-Policy refuses style attributes) and
differ from their neighbours and the background by at least 3:1 (WCAG 2.1, non-text contrast).
"""

from __future__ import annotations

from dataclasses import dataclass, field

WIDTH, HEIGHT = 720, 240
LEFT, RIGHT, TOP, BOTTOM = 48, 8, 8, 40  # room for the value axis and the category labels
PALETTE = ("#0b57d0", "#a4161a", "#1e6b34", "#7a4b00", "#4a5360", "#6d2f9c")


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    fill: str
    title: str  # shown on hover: category, series and value


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    text: str


@dataclass
class Chart:
    """A bar chart (stacked when it has several series) with its data as a table."""

    key: str  # unique on the page: ids of the title and description
    title: str
    description: str  # one sentence saying what the chart shows, for its text alternative
    categories: list[str]
    series: dict[str, list[int]]
    fills: dict[str, str] = field(default_factory=dict)
    bars: list[Bar] = field(default_factory=list)
    category_labels: list[Label] = field(default_factory=list)
    value_labels: list[Label] = field(default_factory=list)
    width: int = WIDTH
    height: int = HEIGHT
    baseline: float = HEIGHT - BOTTOM

    @property
    def total(self) -> int:
        return sum(sum(values) for values in self.series.values())

    @property
    def rows(self) -> list[tuple[str, list[int]]]:
        """The table: each category with its value in every series."""
        return [(c, [values[i] for values in self.series.values()]) for i, c in enumerate(self.categories)]


def bar_chart(
    key: str,
    title: str,
    description: str,
    categories: list[str],
    series: dict[str, list[int]],
    every: int = 1,
    fills: dict[str, str] | None = None,
) -> Chart:
    """Bars for ``categories``, one stacked segment per series; every ``every``-th category labelled."""
    chart = Chart(key, title, description, categories, series)
    chart.fills = fills or {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(series)}
    top = max((sum(values[i] for values in series.values()) for i in range(len(categories))), default=0)
    scale_top = _nice(top)
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_width / max(len(categories), 1)
    for i, category in enumerate(categories):
        stacked = 0
        for name, values in series.items():
            if values[i]:
                height = values[i] / scale_top * plot_height
                y = chart.baseline - (stacked + values[i]) / scale_top * plot_height
                title = f"{category}, {name}: {values[i]}"
                chart.bars.append(Bar(LEFT + i * slot + slot * 0.15, y, slot * 0.7, height, chart.fills[name], title))
                stacked += values[i]
        if i % every == 0:
            chart.category_labels.append(Label(LEFT + (i + 0.5) * slot, HEIGHT - BOTTOM + 16, category))
    for step in range(5):
        value = scale_top * step / 4
        chart.value_labels.append(Label(LEFT - 6, chart.baseline - step / 4 * plot_height, f"{value:g}"))
    return chart


def _nice(top: int) -> int:
    """A round number at or above ``top`` for the value axis (1, 2, 5 times a power of ten), so
    that its quarters are readable numbers."""
    if top <= 4:
        return 4
    power = 1
    while True:
        for step in (1, 2, 5):
            if step * power * 4 >= top:
                return step * power * 4
        power *= 10
