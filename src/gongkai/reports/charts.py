"""Bar charts drawn on the server as inline SVG: no JavaScript, and nothing the CSP has to allow.

Every chart names itself with <title> and <desc> (read out as one image by screen readers), writes its
figures on the bars, and comes with the same figures as a table (`rows`) for the page to print beside
it. Colours are set with SVG presentation attributes (fill="…"), which `style-src 'self'` permits,
and both series keep 4.5:1 against white so they also tell apart on a black-and-white printout.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

THIS_YEAR = "#0b4f9c"  # the site's link blue
LAST_YEAR = "#6b7280"  # grey
INK = "#1a1a1a"
GRID = "#c9ced6"
FONT = "Noto Sans CJK SC, PingFang SC, Microsoft YaHei, sans-serif"
WIDTH = 640


@dataclass
class Series:
    name: str
    values: list  # numbers, or None where there is nothing to show
    colour: str


def plain(value) -> str:
    return "—" if value is None else (str(int(value)) if float(value).is_integer() else f"{value:g}")


@dataclass
class Chart:
    key: str  # unique on the page: the ids of <title> and <desc> hang on it
    title: str
    desc: str
    categories: list[str]
    series: list[Series]
    unit: str = ""
    horizontal: bool = False
    fmt: Callable = plain
    top: float | None = None  # fixed top of the scale (100 for a percentage)

    @property
    def empty(self) -> bool:
        return not self.categories

    @property
    def rows(self) -> list[tuple[str, list[str]]]:
        """The data table: one row per category, one column per series."""
        return [(cat, [self.fmt(s.values[i]) for s in self.series]) for i, cat in enumerate(self.categories)]

    def svg(self) -> SafeString:
        body = _horizontal(self) if self.horizontal else _vertical(self)
        return mark_safe(body)  # noqa: S308 - every text inside went through escape()


def _scale(chart: Chart) -> tuple[float, float]:
    """Top of the scale and the step between its four grid lines; whole steps when the figures are counts."""
    if chart.top is not None:
        return chart.top, chart.top / 4
    values = [v for s in chart.series for v in s.values if v is not None]
    counts = all(float(v).is_integer() for v in values)
    raw = max(values or [0]) / 4
    if raw <= 0:
        return 4, 1
    magnitude = 10 ** math.floor(math.log10(raw))
    steps = (1, 2, 5, 10) if counts else (1, 2, 2.5, 5, 10)
    step = next(m * magnitude for m in steps if raw <= m * magnitude)
    if counts:
        step = max(1, round(step))
    return 4 * step, step


def _text(x, y, text, *, size=12, anchor="start", fill=INK, weight="400") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" fill="{fill}" '
        f'font-weight="{weight}">{escape(text)}</text>'
    )


def _rect(x, y, w, h, fill) -> str:
    return f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(w, 0):.1f}" height="{max(h, 0):.1f}" fill="{fill}"/>'


def _frame(chart: Chart, height: float, inner: list[str]) -> str:
    return "".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" width="{WIDTH}" '
            f'height="{height:.0f}" role="img" aria-labelledby="{chart.key}-title {chart.key}-desc" '
            f'font-family="{FONT}">',
            f'<title id="{chart.key}-title">{escape(chart.title)}</title>',
            f'<desc id="{chart.key}-desc">{escape(chart.desc)}</desc>',
            _rect(0, 0, WIDTH, height, "#ffffff"),
            *_legend(chart),
            *inner,
            "</svg>",
        ]
    )


def _legend(chart: Chart) -> list[str]:
    parts, x = [], 8.0
    for s in chart.series:
        parts += [_rect(x, 8, 14, 14, s.colour), _text(x + 20, 20, s.name)]
        x += 34 + 13 * len(s.name)
    if chart.unit:
        parts.append(_text(WIDTH - 8, 20, f"单位：{chart.unit}", anchor="end", size=11))
    return parts


def _vertical(chart: Chart) -> str:
    """Grouped columns: categories along the bottom (months), one column per series."""
    left, right, top, bottom, height = 44, 8, 40, 30, 300
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    scale, step = _scale(chart)
    parts = []
    for i in range(5):
        value = step * i
        y = top + plot_h - plot_h * i / 4
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{WIDTH - right}" y2="{y:.1f}" stroke="{GRID}"/>')
        parts.append(_text(left - 6, y + 4, chart.fmt(value), size=11, anchor="end"))
    group = plot_w / len(chart.categories)
    bar = group * 0.8 / len(chart.series)
    for i, category in enumerate(chart.categories):
        x0 = left + group * i + group * 0.1
        for j, s in enumerate(chart.series):
            value = s.values[i]
            if value is None:
                continue
            h = plot_h * value / scale
            x = x0 + bar * j
            parts.append(_rect(x, top + plot_h - h, bar - 1, h, s.colour))
            if value:
                parts.append(
                    _text(x + bar / 2, top + plot_h - h - 3, chart.fmt(value), size=10, anchor="middle")
                )
        parts.append(_text(left + group * (i + 0.5), height - 10, category, size=11, anchor="middle"))
    parts.append(
        f'<line x1="{left}" y1="{top + plot_h}" x2="{WIDTH - right}" y2="{top + plot_h}" stroke="{INK}"/>'
    )
    return _frame(chart, height, parts)


def _horizontal(chart: Chart) -> str:
    """Grouped bars: long category names (results, channels) on the left, one bar per series."""
    label_w, right, top, bar_h, gap = 130, 70, 40, 16, 14
    row_h = bar_h * len(chart.series) + gap
    height = top + row_h * len(chart.categories) + 10
    plot_w = WIDTH - label_w - right
    scale, _ = _scale(chart)
    parts = [f'<line x1="{label_w}" y1="{top - 4}" x2="{label_w}" y2="{height - 10}" stroke="{INK}"/>']
    for i, category in enumerate(chart.categories):
        y0 = top + row_h * i
        parts.append(_text(label_w - 8, y0 + row_h / 2, category, anchor="end"))
        for j, s in enumerate(chart.series):
            value = s.values[i]
            y = y0 + bar_h * j
            w = 0 if value is None else plot_w * value / scale
            parts.append(_rect(label_w, y, w, bar_h - 2, s.colour))
            parts.append(_text(label_w + w + 5, y + bar_h - 4, chart.fmt(value), size=11))
    return _frame(chart, height, parts)
