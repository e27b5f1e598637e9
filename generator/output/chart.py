"""Charts rendered at build time as inline SVG (readable without JavaScript).

One line per region over the years: actual values as solid lines with filled dots,
targets as dashed lines with hollow dots. The table next to the chart is its
accessible fallback.
"""
from __future__ import annotations

from dataclasses import dataclass

from .escaping import svg_text

PALETTE = ["#c92a2a", "#1971c2", "#2b8a3e", "#e67700", "#6741d9", "#0c8599", "#a61e4d", "#5c940d"]
W, H = 640, 320
LEFT, RIGHT, TOP, BOTTOM = 64, 150, 24, 40


@dataclass(frozen=True)
class Point:
    series: str  # region
    year: int
    value: float
    target: bool


def _nice_max(v: float) -> float:
    if v <= 0:
        return 1.0
    import math

    exp = 10 ** math.floor(math.log10(v))
    for m in (1, 2, 2.5, 5, 10):
        if m * exp >= v:
            return m * exp
    return 10 * exp


def _fmt(v: float) -> str:
    return f"{v:,.0f}" if v >= 100 or v == int(v) else f"{v:g}"


def _per_year(points) -> list[Point]:
    """One point per year (the largest value stated for it), in year order."""
    best: dict[int, Point] = {}
    for p in points:
        if p.year not in best or p.value > best[p.year].value:
            best[p.year] = p
    return [best[y] for y in sorted(best)]


def line_chart(points: list[Point], title: str, unit: str, x_unit: str = "年") -> str:
    """An SVG line chart of ``points`` (empty string when there is nothing to draw)."""
    if not points:
        return ""
    years = sorted({p.year for p in points})
    y_min, y_max = min(years), max(years)
    span = max(1, y_max - y_min)
    top_value = _nice_max(max(p.value for p in points))

    def x(year: int) -> float:
        if y_min == y_max:
            return LEFT + (W - LEFT - RIGHT) / 2
        return LEFT + (year - y_min) / span * (W - LEFT - RIGHT)

    def y(value: float) -> float:
        return TOP + (1 - value / top_value) * (H - TOP - BOTTOM)

    esc = svg_text
    out = [f'<svg class="gk-chart" width="{W}" height="{H}" viewBox="0 0 {W} {H}" role="img" aria-labelledby="chart-title chart-desc" '
           f'xmlns="http://www.w3.org/2000/svg">',
           f'<title id="chart-title">{esc(title)}</title>',
           f'<desc id="chart-desc">各地区{esc(title)}（{esc(unit)}）按年份的实际值（实线、实心点）与目标值'
           f'（虚线、空心点）；数值见下表。</desc>']
    for i in range(5):  # horizontal grid and value labels
        v = top_value * i / 4
        out.append(f'<line x1="{LEFT}" x2="{W - RIGHT}" y1="{y(v):.1f}" y2="{y(v):.1f}" class="gk-grid"/>')
        out.append(f'<text x="{LEFT - 6}" y="{y(v) + 4:.1f}" text-anchor="end" class="gk-axis">{_fmt(v)}</text>')
    for year in years:
        out.append(f'<text x="{x(year):.1f}" y="{H - BOTTOM + 18}" text-anchor="middle" class="gk-axis">{year}</text>')
    out.append(f'<text x="{LEFT}" y="{TOP - 8}" class="gk-axis">{esc(unit)}</text>')
    series = sorted({p.series for p in points})
    for n, name in enumerate(series):
        color = PALETTE[n % len(PALETTE)]
        actual = _per_year(p for p in points if p.series == name and not p.target)
        target = _per_year(p for p in points if p.series == name and p.target)
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
        ly = TOP + 8 + n * 20
        out.append(f'<line x1="{W - RIGHT + 12}" x2="{W - RIGHT + 32}" y1="{ly}" y2="{ly}" stroke="{color}" '
                   f'stroke-width="2"/><text x="{W - RIGHT + 38}" y="{ly + 4}" class="gk-legend">{esc(name)}</text>')
    ly = TOP + 8 + len(series) * 20 + 6
    out.append(f'<circle cx="{W - RIGHT + 22}" cy="{ly}" r="4" fill="#555"/>'
               f'<text x="{W - RIGHT + 38}" y="{ly + 4}" class="gk-legend">实际</text>')
    out.append(f'<circle cx="{W - RIGHT + 22}" cy="{ly + 18}" r="4" fill="#fff" stroke="#555" stroke-width="2"/>'
               f'<text x="{W - RIGHT + 38}" y="{ly + 22}" class="gk-legend">目标</text>')
    out.append("</svg>")
    return "".join(out)
