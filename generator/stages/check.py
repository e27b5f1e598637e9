"""Checks that need the whole corpus, and the problems each document noted, into the report."""
from __future__ import annotations

import bisect
import re

from ..errors import Report
from ..model import Corpus
from .citations import same_brackets


def check(corpus: Corpus, report: Report) -> None:
    """Duplicate 发文字号, missing titles, debris, the documents' own notes, undated figures."""
    seen: dict[str, str] = {}
    for doc in corpus:
        number = doc.meta.doc_number
        if number:
            key = same_brackets(number)
            if key in seen:
                report.add("duplicate-doc-number", doc.source.name, doc_number=number, other=seen[key])
            else:
                seen[key] = doc.source.name
        if not doc.meta.title:
            report.add("no-title", doc.source.name, shown=doc.display_title,
                       sidecar=f"{doc.source.name.rsplit('.', 1)[0]}.yml")
        debris = doc.debris()
        if debris:
            report.add("debris-dropped", doc.source.name, count=len(debris))
        undated = [ind for ind in doc.indicators if ind.year is None]
        if undated or doc.notes:
            breaks = [m.start() for m in re.finditer("\n", doc.source.text)]
            for note in doc.notes:
                line = None if note.offset is None else bisect.bisect_left(breaks, note.offset) + 1
                report.add(note.code, doc.source.name, line=line, **note.params)
            for ind in undated:
                report.add("indicator-without-year", doc.source.name, quote=ind.quote,
                           line=bisect.bisect_left(breaks, ind.start) + 1)
    report.stats.update(
        documents=len(corpus),
        indicators=sum(len(d.indicators) for d in corpus),
        citations=sum(len(d.citations) for d in corpus),
        dropped=sum(len(d.dropped) for d in corpus),
    )
