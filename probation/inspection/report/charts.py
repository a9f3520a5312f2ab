"""Charts for the report's infographic: SVG drawn on the server with matplotlib (Agg backend), the
same bytes for the same data (fixed hash salt, no dates in the metadata). Each chart is returned
with the rows of the data table shown beside it. The SVG is rewritten as the dashboard's is
(`probation.inspection.dashboard.charts.inline_svg`): no inline styles, which the pages' Content
Security Policy refuses, and an accessible name."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

plt.rcParams["svg.hashsalt"] = "probation-inspection-report"
plt.rcParams["svg.fonttype"] = "none"  # text stays text: readable and searchable
plt.rcParams["font.family"] = "sans-serif"

COLOURS = ("#1d70b8", "#f47738", "#00703c", "#912b88", "#505a5f", "#d4351c")


@dataclass
class Chart:
    slug: str
    title: str
    categories: list[str]
    series: dict[str, list[float | None]]
    unit: str = "%"
    svg: str = field(default="", repr=False)

    @property
    def rows(self) -> list[dict]:
        return [
            {"category": c, "values": [self.series[name][i] for name in self.series]}
            for i, c in enumerate(self.categories)
        ]


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    return f"{value:g}{unit}"


def grouped_bars(chart: Chart) -> Chart:
    """Draw the chart's series as grouped bars, each bar labelled with its value."""
    n = max(len(chart.series), 1)
    width = 0.8 / n
    fig, ax = plt.subplots(figsize=(max(4.0, 0.9 * len(chart.categories) + 2), 3.2))
    for index, (name, values) in enumerate(chart.series.items()):
        xs = [i + (index - (n - 1) / 2) * width for i in range(len(chart.categories))]
        heights = [v or 0 for v in values]
        bars = ax.bar(xs, heights, width, label=name, color=COLOURS[index % len(COLOURS)])
        ax.bar_label(bars, labels=[_fmt(v, chart.unit) for v in values], fontsize=7)
    ax.set_xticks(range(len(chart.categories)), chart.categories, fontsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    if chart.unit == "%":
        ax.set_ylim(0, 110)
    if chart.series:
        ax.legend(fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1, 1))
    fig.tight_layout()
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    plt.close(fig)
    chart.svg = _accessible(buffer.getvalue(), chart)
    return chart


def _accessible(svg: str, chart: Chart) -> str:
    """Inline-ready SVG: no XML prologue, no inline styles, role="img" and a <title> naming it."""
    from probation.inspection.dashboard.charts import inline_svg

    return inline_svg(svg, chart.title, f"chart-{chart.slug}")
