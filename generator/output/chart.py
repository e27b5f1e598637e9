"""Charts rendered at build time as inline SVG (readable without JavaScript).

One line per region over the years, one point per fact (an observation, however many
documents state it): actual values as solid lines with filled dots, targets as dashed
lines with hollow dots. Where the documents give different values for one fact (or a
range), the point is a vertical bar from the lowest to the highest value with a diamond
at each, left out of the line: no line passes through a value nobody stated. Each chart comes in two layouts, the page's
stylesheet showing one: wide, with the legend at the right, and narrow, for phones, with
the legend below and fewer year labels, its text large enough to read at 11 px or more
on a 390 px screen. A caption sums the chart up in words; the table next to the chart
is its accessible fallback.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from .escaping import html_text, svg_text

PALETTE = ["#c92a2a", "#1971c2", "#2b8a3e", "#e67700", "#6741d9", "#0c8599", "#a61e4d", "#5c940d"]


@dataclass(frozen=True)
class Layout:
    name: str
    width: int
    plot_height: int  # height of the plotting area
    right: int  # room at the right of the plot (the legend's, when it is there)
    top: int
    font: int  # size of all text, in the SVG's units
    legend_below: bool


# Shown at most 44 rem (880 px at Material's 20 px root) and at least about 720 px wide:
# 13 units are 13–15 px. The narrow one is about 360 px wide on a 390 px phone.
WIDE = Layout("wide", 640, 256, 150, 28, 13, False)
NARROW = Layout("narrow", 340, 200, 12, 28, 13, True)
LAYOUTS = (WIDE, NARROW)


@dataclass(frozen=True)
class Point:
    series: str  # region
    year: int
    value: float  # the value; for a span, its lowest
    target: bool
    values: tuple[float, ...] = ()  # a span: every value stated (a conflict's, or a range's two ends)
    conflict: bool = False  # the documents differ

    @property
    def span(self) -> bool:
        return len(self.values) > 1

    @property
    def top(self) -> float:
        return max(self.values) if self.values else self.value


def _nice_max(v: float) -> float:
    if v <= 0:
        return 1.0
    exp = 10 ** math.floor(math.log10(v))
    for m in (1, 2, 2.5, 5, 10):
        if m * exp >= v:
            return m * exp
    return 10 * exp


def _fmt(v: float) -> str:
    return f"{v:,.0f}" if v >= 100 or v == int(v) else f"{v:g}"


def _text_width(text: str, font: int) -> float:
    """About how wide ``text`` is set in ``font``: CJK characters a full em, the rest 0.6."""
    return sum(font if ord(ch) > 0x2e7f else 0.6 * font for ch in text)


def _per_year(points) -> list[Point]:
    """One point per year (the largest value stated for it), in year order; the points are
    observations, one a year already, unless two units were merged."""
    best: dict[int, Point] = {}
    for p in points:
        if p.year not in best or p.top > best[p.year].top:
            best[p.year] = p
    return [best[y] for y in sorted(best)]


def _values(p: Point) -> str:
    return "、".join(_fmt(v) for v in p.values)


def summary(points: list[Point], title: str, unit: str, x_unit: str = "年") -> str:
    """The chart in words: per region, how its actual values went and its targets."""
    years = sorted({p.year for p in points})
    span = f"{years[0]}{x_unit}" if len(years) == 1 else f"{years[0]}–{years[-1]}{x_unit}"
    parts = []
    for name in sorted({p.series for p in points}):
        actual = _per_year(p for p in points if p.series == name and not p.target)
        target = _per_year(p for p in points if p.series == name and p.target)
        differ = [p for p in actual + target if p.conflict]
        actual = [p for p in actual if not p.span]
        target = [p for p in target if not p.span]
        said = []
        if len(actual) == 1:
            said.append(f"{actual[0].year}{x_unit}实际{_fmt(actual[0].value)}")
        elif actual:
            a, b = actual[0], actual[-1]
            trend = "增至" if b.value > a.value else "降至" if b.value < a.value else "持平于"
            said.append(f"实际值从{a.year}{x_unit}的{_fmt(a.value)}{trend}{b.year}{x_unit}的{_fmt(b.value)}")
            peak = max(actual, key=lambda p: p.value)
            if peak not in (a, b):
                said[-1] += f"（{peak.year}{x_unit}最高，{_fmt(peak.value)}）"
        if target:
            said.append("目标" + "、".join(f"{p.year}{x_unit}{_fmt(p.value)}" for p in target))
        for p in differ:
            said.append(f"{p.year}{x_unit}{'目标' if p.target else '实际'}值各文件说法不一（{_values(p)}）")
        parts.append(f"{name}：{'，'.join(said)}")
    return f"{title}（{unit}），{span}。" + "；".join(parts) + "。"


def _diamond(cx: float, cy: float, r: float = 5.0) -> str:
    return f"M{cx:.1f} {cy - r:.1f}L{cx + r:.1f} {cy:.1f}L{cx:.1f} {cy + r:.1f}L{cx - r:.1f} {cy:.1f}Z"


def _svg(points: list[Point], title: str, unit: str, x_unit: str, lay: Layout, ident: str,
         described_by: str) -> str:
    esc = svg_text
    f = lay.font
    years = sorted({p.year for p in points})
    y_min, y_max = min(years), max(years)
    span = max(1, y_max - y_min)
    top_value = _nice_max(max(p.top for p in points))
    conflicts = any(p.conflict for p in points)
    ticks = [top_value * i / 4 for i in range(5)]
    left = math.ceil(max(_text_width(_fmt(v), f) for v in ticks)) + 12
    series = sorted({p.series for p in points})
    keys = [*series, "实际", "目标", *(["说法不一"] if conflicts else [])]
    legend_h = 0
    if lay.legend_below:  # one row of the legend per region, then 实际 and 目标 on one row
        legend_h = (len(series) + 1 + conflicts) * (f + 8) + 8
    plot_bottom = lay.top + lay.plot_height
    height = plot_bottom + f + 14 + legend_h
    right = max(lay.right, math.ceil(_text_width("0000", f) / 2) + 4)  # room for the last year's label
    if not lay.legend_below:
        right = max(lay.right, math.ceil(max(_text_width(k, f) for k in keys)) + 48)

    def x(year: int) -> float:
        if y_min == y_max:
            return left + (lay.width - left - right) / 2
        return left + (year - y_min) / span * (lay.width - left - right)

    def y(value: float) -> float:
        return lay.top + (1 - value / top_value) * lay.plot_height

    out = [f'<svg class="gk-chart gk-chart--{lay.name}" width="{lay.width}" height="{height}" '
           f'viewBox="0 0 {lay.width} {height}" role="img" aria-labelledby="{ident}-title" '
           f'aria-describedby="{described_by}" xmlns="http://www.w3.org/2000/svg" font-size="{f}">',
           f'<title id="{ident}-title">{esc(title)}</title>']
    for v in ticks:  # horizontal grid and value labels
        out.append(f'<line x1="{left}" x2="{lay.width - right}" y1="{y(v):.1f}" y2="{y(v):.1f}" class="gk-grid"/>')
        out.append(f'<text x="{left - 6}" y="{y(v) + f * 0.35:.1f}" text-anchor="end" class="gk-axis">{_fmt(v)}</text>')
    shown_x = None  # year labels far enough apart not to run into each other
    gap = _text_width("0000", f) + 8
    for year in years:
        if shown_x is None or x(year) - shown_x >= gap:
            out.append(f'<text x="{x(year):.1f}" y="{plot_bottom + f + 6}" text-anchor="middle" class="gk-axis">'
                       f'{year}</text>')
            shown_x = x(year)
    out.append(f'<text x="{left}" y="{lay.top - 10}" class="gk-axis">{esc(unit)}</text>')
    for n, name in enumerate(series):
        color = PALETTE[n % len(PALETTE)]
        spans = [p for p in points if p.series == name and p.span]
        actual = [p for p in _per_year(p for p in points if p.series == name and not p.target) if not p.span]
        target = [p for p in _per_year(p for p in points if p.series == name and p.target) if not p.span]
        if target and actual and actual[-1].year < target[0].year:
            target_line = [actual[-1], *target]  # a target continues the last actual value
        else:
            target_line = target
        for pts, dash in ((actual, ""), (target_line, ' stroke-dasharray="6 4"')):
            if len(pts) > 1:
                path = " ".join(f"{x(p.year):.1f},{y(p.value):.1f}" for p in pts)
                out.append(f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="2"{dash}/>')
        for pts, is_target in ((actual, False), (target, True)):
            for p in pts:
                fill = "#fff" if is_target else color
                kind = "目标" if is_target else "实际"
                out.append(f'<circle cx="{x(p.year):.1f}" cy="{y(p.value):.1f}" r="4.5" fill="{fill}" '
                           f'stroke="{color}" stroke-width="2"><title>{esc(name)} {p.year}{esc(x_unit)}{kind}：'
                           f'{_fmt(p.value)}{esc(unit)}</title></circle>')
        for p in spans:  # a bar from the lowest to the highest value, a diamond at each
            cx = x(p.year)
            kind = "目标" if p.target else "实际"
            said = "各文件说法不一" if p.conflict else "区间"
            fill = "#fff" if p.target else color
            out.append(f'<g class="gk-span{" gk-conflict" if p.conflict else ""}"><title>{esc(name)} {p.year}'
                       f'{esc(x_unit)}{kind}{said}：{esc(_values(p))}{esc(unit)}</title>'
                       f'<line x1="{cx:.1f}" x2="{cx:.1f}" y1="{y(min(p.values)):.1f}" y2="{y(max(p.values)):.1f}" '
                       f'stroke="{color}" stroke-width="2"/>')
            for v in p.values:
                out.append(f'<path d="{_diamond(cx, y(v))}" fill="{fill}" stroke="{color}" stroke-width="2"/>')
            out.append("</g>")
    row = f + 8
    if lay.legend_below:
        lx, ly0 = left, plot_bottom + f + 14 + 8 + f / 2
    else:
        lx, ly0 = lay.width - right + 12, lay.top + f / 2
    for n, name in enumerate(series):
        ly = ly0 + n * row
        color = PALETTE[n % len(PALETTE)]
        out.append(f'<line x1="{lx}" x2="{lx + 20}" y1="{ly:.1f}" y2="{ly:.1f}" stroke="{color}" stroke-width="2"/>'
                   f'<text x="{lx + 26}" y="{ly + f * 0.35:.1f}" class="gk-legend">{esc(name)}</text>')
    ly = ly0 + len(series) * row
    if lay.legend_below:  # 实际 and 目标 side by side
        second = (lx + 26 + _text_width("实际", f) + 24, ly)
    else:
        second = (lx, ly + row)
    out.append(f'<circle cx="{lx + 10}" cy="{ly:.1f}" r="4" fill="#555"/>'
               f'<text x="{lx + 26}" y="{ly + f * 0.35:.1f}" class="gk-legend">实际</text>')
    sx, sy = second
    out.append(f'<circle cx="{sx + 10}" cy="{sy:.1f}" r="4" fill="#fff" stroke="#555" stroke-width="2"/>'
               f'<text x="{sx + 26}" y="{sy + f * 0.35:.1f}" class="gk-legend">目标</text>')
    if conflicts:
        cy = ly + (row if lay.legend_below else 2 * row)
        out.append(f'<path d="{_diamond(lx + 10, cy)}" fill="#fff" stroke="#555" stroke-width="2"/>'
                   f'<text x="{lx + 26}" y="{cy + f * 0.35:.1f}" class="gk-legend">说法不一</text>')
    out.append("</svg>")
    return "".join(out)


def line_chart(points: list[Point], title: str, unit: str, x_unit: str = "年", ident: str = "chart") -> str:
    """The SVG line chart of ``points`` in both layouts, and its caption in words (empty
    string when there is nothing to draw). ``ident`` starts the ids of the chart's parts."""
    if not points:
        return ""
    svgs = "".join(_svg(points, title, unit, x_unit, lay, f"{ident}-{lay.name}", f"{ident}-summary")
                   for lay in LAYOUTS)
    words = html_text(summary(points, title, unit, x_unit))
    return f'{svgs}<figcaption id="{ident}-summary" class="gk-chart-summary">{words}</figcaption>'
