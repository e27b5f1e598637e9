"""The stages between reading and writing: clean → extract → link, as pure functions.

``build.py`` reads the sources, calls :func:`process` and writes what it returns.
"""
from __future__ import annotations

import logging
from dataclasses import replace

from .citations import find_citations
from .clean import (drop_debris, drop_repeated_body, join_broken, mark_signatures, split_at, split_lines,
                    to_blocks)
from .errors import Report
from .extract import extract_indicators
from .link import link
from .metadata import read_metadata
from .model import Corpus, Document, Source

log = logging.getLogger(__name__)


def clean(source: Source) -> Document:
    """Cleaned body blocks, metadata and the list of dropped debris of one source."""
    lines = split_lines(source.text)
    lines, dropped = drop_debris(lines, source.text)
    lines, repeated = drop_repeated_body(lines, source.text)
    meta, header = read_metadata(lines, source.text, source.sidecar)
    body = []
    for i, line in enumerate(lines):
        if i in header.consumed:
            continue
        parts = header.replaced.get(i, [line])
        if i in header.sections:
            parts = [replace(p, md_level=2) for p in parts]
        body.extend(p for p in parts if p.text)
    body = split_at(body, header.splits)
    blocks = mark_signatures(to_blocks(join_broken(body, header.title_spans), header.title_spans))
    all_dropped = sorted(dropped + repeated + header.dropped, key=lambda d: (d.start, d.end))
    return Document(source=source, meta=meta, blocks=blocks, dropped=all_dropped)


def extract(doc: Document) -> Document:
    """Indicators and citations of one cleaned document."""
    skip = [(d.start, d.end) for d in doc.dropped if d.rule not in ("layout-label", "moved-to-front-matter")]
    indicators = extract_indicators(doc.id, doc.source.text, issue_year=doc.meta.issue_year(), skip=skip)
    citations, backrefs = find_citations(doc.id, doc.source.text, own_title=doc.meta.title,
                                         own_doc_number=doc.meta.doc_number, skip=skip)
    cited = []
    for c in citations:
        for value in (c.title, c.doc_number):
            if value and value not in cited:
                cited.append(value)
    meta = doc.meta if "cited_policies" in doc.meta.curated else replace(doc.meta, cited_policies=cited)
    return replace(doc, meta=meta, indicators=indicators, citations=citations, backrefs=backrefs)


def check(corpus: Corpus, report: Report) -> None:
    """Problems that need the whole corpus, and per-document notes."""
    seen: dict[str, str] = {}
    for doc in corpus:
        number = doc.meta.doc_number
        if number:
            key = number.translate(str.maketrans("[]［］()（）【】", "〔〕〔〕〔〕〔〕〔〕"))
            if key in seen:
                report.add("duplicate-doc-number", doc.source.name, doc_number=number, other=seen[key])
            else:
                seen[key] = doc.source.name
        if not doc.meta.title:
            report.add("no-title", doc.source.name, shown=doc.display_title,
                       sidecar=f"{doc.source.name.rsplit('.', 1)[0]}.yml")
        debris = [d for d in doc.dropped if d.rule not in ("layout-label", "moved-to-front-matter")]
        if debris:
            report.add("debris-dropped", doc.source.name, count=len(debris))
        for ind in doc.indicators:
            if ind.year is None:
                report.add("indicator-without-year", doc.source.name, quote=ind.quote,
                           line=doc.source.text.count("\n", 0, ind.start) + 1)


def process(sources: list[Source], report: Report) -> Corpus:
    """Clean, extract and link every source; problems go to ``report``."""
    documents = [extract(clean(s)) for s in sources]
    corpus = link(Corpus(documents), report)
    check(corpus, report)
    report.stats.update(
        documents=len(corpus),
        indicators=sum(len(d.indicators) for d in corpus),
        citations=sum(len(d.citations) for d in corpus),
        dropped=sum(len(d.dropped) for d in corpus),
    )
    return corpus
