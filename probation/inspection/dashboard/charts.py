"""Line charts drawn on the server as SVG (matplotlib), for pages and PDFs alike.

The page's Content Security Policy allows no inline styles, so the SVG matplotlib writes is rewritten:
its `style="…"` attributes become SVG presentation attributes (`fill="…"`, `stroke="…"`), its <style>
element goes, and it gains a title and `role="img"`. Every chart is shown with its data in a table
beside it: the picture is never the only way to read the figures.
"""

from __future__ import annotations

import io
import re
from datetime import date
from xml.sax.saxutils import escape

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import PercentFormatter  # noqa: E402

# GOV.UK palette colours that stay apart for the common kinds of colour blindness, with a distinct
# line style each so no line is told apart by colour alone.
COLOURS = ["#1d70b8", "#d4351c", "#00703c", "#4c2c92", "#f47738", "#5694ca", "#d53880", "#505a5f"]
STYLES = ["-", "--", ":", "-.", (0, (5, 1)), (0, (1, 1)), (0, (3, 1, 1, 1)), (0, (5, 5))]

# The pages' own typeface, so the chart's text matches the text around it.
FONT_FAMILY = "GDS Transport, arial, sans-serif"
_STYLE_ATTR = re.compile(r'\sstyle="([^"]*)"')
_FONT = re.compile(
    r"^(?:(?P<style>italic|oblique|normal)\s+)?(?:(?P<weight>bold|normal|\d{3})\s+)?"
    r"(?P<size>[\d.]+)px\s+(?P<family>.+)$"
)
PRESENTATION = {
    "fill",
    "fill-opacity",
    "fill-rule",
    "stroke",
    "stroke-width",
    "stroke-linecap",
    "stroke-linejoin",
    "stroke-dasharray",
    "stroke-dashoffset",
    "stroke-opacity",
    "stroke-miterlimit",
    "opacity",
    "font-size",
    "font-family",
    "font-weight",
    "font-style",
    "text-anchor",
    "dominant-baseline",
    "clip-path",
}


def _attributes(style: str) -> str:
    out = []
    for declaration in style.split(";"):
        name, _, value = declaration.partition(":")
        name, value = name.strip(), value.strip()
        if not name:
            continue
        if name == "font":
            match = _FONT.match(value)
            if not match:
                continue
            parts = {"font-size": match["size"] + "px", "font-family": FONT_FAMILY}
            if match["weight"]:
                parts["font-weight"] = match["weight"]
            if match["style"]:
                parts["font-style"] = match["style"]
            out += [f'{k}="{escape(v, {chr(34): "&quot;"})}"' for k, v in parts.items()]
        elif name == "font-family":
            out.append(f'font-family="{FONT_FAMILY}"')
        elif name in PRESENTATION:
            out.append(f'{name}="{escape(value, {chr(34): "&quot;"})}"')
    return (" " + " ".join(out)) if out else ""


def inline_svg(svg: str, title: str, chart_id: str) -> str:
    """matplotlib's SVG made safe to place in a page under a strict CSP, with an accessible name."""
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<style[^>]*>.*?</style>", "", svg, flags=re.S)
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    svg = _STYLE_ATTR.sub(lambda m: _attributes(m.group(1)), svg)
    # Scale to the column it sits in; the viewBox keeps the proportions.
    svg = re.sub(r'(<svg\b[^>]*?)\swidth="[^"]*"\sheight="[^"]*"', r'\1 width="100%"', svg, count=1)
    svg = re.sub(
        r"<svg\b", f'<svg role="img" aria-labelledby="{chart_id}-title" focusable="false"', svg, count=1
    )
    head_end = svg.index(">") + 1
    return svg[:head_end] + f'<title id="{chart_id}-title">{escape(title)}</title>' + svg[head_end:]


def line_chart(series: dict[str, dict[date, float | None]], *, title: str, chart_id: str) -> str:
    """Percentages over time, one line per name. Returns inline SVG."""
    plt.rcParams.update({"svg.fonttype": "none", "font.family": "sans-serif", "font.size": 10})
    fig, ax = plt.subplots(figsize=(7.2, 3.4), dpi=100)
    try:
        for i, (name, points) in enumerate(series.items()):
            days = sorted(d for d, v in points.items() if v is not None)
            ax.plot(
                days,
                [points[d] for d in days],
                label=name,
                color=COLOURS[i % len(COLOURS)],
                linestyle=STYLES[i % len(STYLES)],
                linewidth=2,
                marker="o" if len(days) < 3 else None,
            )
        ax.set_ylim(0, 100)
        ax.yaxis.set_major_formatter(PercentFormatter())
        ax.set_ylabel("Cases meeting it")
        locator = mdates.AutoDateLocator(minticks=3, maxticks=7)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        ax.grid(axis="y", color="#b1b4b6", linewidth=0.5)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        if series:
            ax.legend(
                loc="upper center", bbox_to_anchor=(0.5, -0.15), ncol=min(4, len(series)), frameon=False
            )
        fig.tight_layout()
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg")
    finally:
        plt.close(fig)
    return inline_svg(buffer.getvalue(), title, chart_id)
