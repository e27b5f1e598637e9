"""Pages of the indicators: one per vocabulary code with its chart, the index, the others."""
from __future__ import annotations

from collections import defaultdict

from jinja2 import Environment
from markupsafe import Markup

from ...model import Corpus
from ..chart import Point, line_chart
from .common import anchors, indicator_names, indicator_path, page, paged


def indicator_pages(env: Environment, corpus: Corpus) -> dict[str, str]:
    names = indicator_names()
    by_code: dict[str, list] = defaultdict(list)
    for doc in corpus:
        for a, i in zip(anchors(doc), doc.indicators):
            if i.indicator:
                by_code[i.indicator].append((doc, a, i))
    pages = {}
    overview = []
    for code_, rows in sorted(by_code.items()):
        rows.sort(key=lambda r: (r[0].meta.region or "~", r[2].year or 0, r[2].kind, r[0].id, r[2].start))
        units = defaultdict(int)
        for _, _, i in rows:
            if i.value_normalized is not None and i.year:
                units[i.unit_normalized] += 1
        unit = max(units, key=lambda u: (units[u], u)) if units else ""
        points = [Point(d.meta.region or "未注明地区", i.year, i.value_normalized, i.kind == "target")
                  for d, _, i in rows if i.year and i.value_normalized is not None and i.unit_normalized == unit]
        name = names.get(code_, code_)
        regions = sorted({d.meta.region or "未注明地区" for d, _, _ in rows})
        years = sorted({i.year for _, _, i in rows if i.year})
        chart = Markup(line_chart(points, name, unit))
        for path, chunk, numbered in paged(indicator_path(code_), rows):
            pages[path] = page(env, "indicator.md.j2", {"title": name},
                               page=path, code_=code_, name=name, rows=chunk, total=len(rows), unit=unit,
                               chart=chart if path == indicator_path(code_) else "", regions=regions,
                               years=years, pages=numbered)
        overview.append((code_, name, len(rows), regions, years))
    unclassified = [(d, a, i) for d in corpus for a, i in zip(anchors(d), d.indicators) if not i.indicator]
    for path, chunk, numbered in paged("indicators/index.md", overview):
        pages[path] = page(env, "indicators.md.j2", {"title": "指标"},
                           page=path, overview=chunk, unclassified=len(unclassified), pages=numbered)
    for path, chunk, numbered in paged("indicators/other.md", unclassified):
        pages[path] = page(env, "indicator_other.md.j2", {"title": "其他指标"}, page=path, rows=chunk, pages=numbered)
    return pages
