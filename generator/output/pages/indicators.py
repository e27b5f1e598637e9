"""Pages of the indicators: one per vocabulary code with its chart, the index, the others.

The chart and the first table show observations (one fact per region, year and kind,
``output/observations.py``), conflicts marked; the statements of each document follow.
"""
from __future__ import annotations

from collections import Counter, defaultdict

from jinja2 import Environment
from markupsafe import Markup

from ...model import Corpus, indicator_anchor
from ..chart import Point, line_chart
from ..observations import Observation, by_indicator, observations
from .common import anchors, indicator_names, indicator_path, page, paged


def point(o: Observation) -> Point | None:
    """The chart's point of an observation (None for a value that is not a number)."""
    values = o.values
    if any(v.low is None for v in values):
        return None
    stated = sorted({x for v in values for x in (v.low, v.high)})
    target = o.kind == "target"
    if len(stated) == 1:
        return Point(o.region, o.year, stated[0], target)
    return Point(o.region, o.year, stated[0], target, tuple(stated), conflict=o.status == "conflict")


def chart_unit(obs: list[Observation]) -> str:
    units = Counter(o.unit for o in obs if point(o) is not None)
    return max(units, key=lambda u: (units[u], u)) if units else ""


def indicator_pages(env: Environment, corpus: Corpus) -> dict[str, str]:
    names = indicator_names()
    by_code: dict[str, list] = defaultdict(list)
    for doc in corpus:
        for a, i in zip(anchors(doc), doc.indicators):
            if i.indicator:
                by_code[i.indicator].append((doc, a, i))
    facts = by_indicator(observations(corpus))
    placed = {f"{d.id}-{indicator_anchor(n)}": a for d in corpus for n, a in enumerate(anchors(d))}
    pages = {}
    overview = []
    for code_, rows in sorted(by_code.items()):
        rows.sort(key=lambda r: (r[0].meta.region or "~", r[2].year or 0, r[2].kind, r[0].id, r[2].start))
        obs = facts.get(code_, [])
        unit = chart_unit(obs)
        points = [p for o in obs if o.unit == unit and (p := point(o)) is not None]
        name = names.get(code_, code_)
        regions = sorted({d.meta.region or "未注明地区" for d, _, _ in rows})
        years = sorted({i.year for _, _, i in rows if i.year})
        chart = Markup(line_chart(points, name, unit))
        conflicts = [o for o in obs if o.status == "conflict"]
        for path, chunk, numbered in paged(indicator_path(code_), rows):
            first = path == indicator_path(code_)
            pages[path] = page(env, "indicator.md.j2", {"title": name},
                               page=path, code_=code_, name=name, rows=chunk, total=len(rows), unit=unit,
                               chart=chart if first else "", regions=regions, years=years, pages=numbered,
                               observations=obs if first else [], conflicts=len(conflicts),
                               outside=len(rows) - sum(len(o.sources) for o in obs), plotted=len(points),
                               placed=placed)
        overview.append((code_, name, len(rows), regions, years, len(obs), len(conflicts)))
    unclassified = [(d, a, i) for d in corpus for a, i in zip(anchors(d), d.indicators) if not i.indicator]
    for path, chunk, numbered in paged("indicators/index.md", overview):
        pages[path] = page(env, "indicators.md.j2", {"title": "指标"},
                           page=path, overview=chunk, unclassified=len(unclassified), pages=numbered)
    for path, chunk, numbered in paged("indicators/other.md", unclassified):
        pages[path] = page(env, "indicator_other.md.j2", {"title": "其他指标"}, page=path, rows=chunk, pages=numbered)
    return pages
