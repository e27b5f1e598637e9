"""The stages between reading and writing: clean → extract → link, as pure functions.

``build.py`` reads the sources, calls :func:`process` and writes what it returns.
"""
from __future__ import annotations

import bisect
import logging
import multiprocessing
import os
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from typing import Callable

from .cache import Cache
from .citations import find_citations
from .clean import (drop_debris, drop_repeated_body, join_broken, mark_signatures, split_at, split_lines,
                    to_blocks)
from .errors import Report
from .link import link
from .metadata import read_metadata
from .model import Corpus, Document, Source
from .stages.extract import DocContext, Mention, explain, extract_indicators

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


def _extraction_input(doc: Document) -> tuple[DocContext, list[tuple[int, int]]]:
    skip = [(d.start, d.end) for d in doc.dropped if d.rule not in ("layout-label", "moved-to-front-matter")]
    context = DocContext(issue_year=doc.meta.issue_year(), doc_type=doc.meta.doc_type,
                         titles=(doc.meta.title,) if doc.meta.title else (), region=doc.meta.region)
    return context, skip


def explain_mentions(doc: Document) -> list[Mention]:
    """Every number mention of a cleaned document, classified (``gongkai explain``)."""
    context, skip = _extraction_input(doc)
    return explain(doc.id, doc.source.text, context=context, skip=skip)


def extract(doc: Document) -> Document:
    """Indicators and citations of one cleaned document."""
    context, skip = _extraction_input(doc)
    indicators = extract_indicators(doc.id, doc.source.text, context=context, skip=skip)
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
        undated = [ind for ind in doc.indicators if ind.year is None]
        if undated:
            breaks = [m.start() for m in re.finditer("\n", doc.source.text)]
            for ind in undated:
                report.add("indicator-without-year", doc.source.name, quote=ind.quote,
                           line=bisect.bisect_left(breaks, ind.start) + 1)


PARALLEL_MIN = 64  # below this, starting worker processes costs more than it saves


def prepare(source: Source) -> Document:
    """Clean and extract one source (what the cache stores)."""
    return extract(clean(source))


def prepare_all(sources: list[Source], cache: Cache | None = None,
                progress: Callable[[str, int, int], None] | None = None) -> tuple[list[Document], list[Document]]:
    """Prepared documents in source order, from the cache where it holds them.

    Returns the documents and those prepared anew (for the caller to store once the build
    has succeeded). The work is spread over the machine's cores when there is enough of it.
    """
    cached = [cache.get(s) if cache else None for s in sources]
    todo = [s for s, d in zip(sources, cached) if d is None]
    fresh: list[Document] = []
    workers = min(os.cpu_count() or 1, 8)
    if len(todo) >= PARALLEL_MIN and workers > 1 and "fork" in multiprocessing.get_all_start_methods():
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            for i, doc in enumerate(pool.map(prepare, todo, chunksize=16), 1):
                fresh.append(doc)
                if progress:
                    progress("clean+extract", i, len(todo))
    else:
        for i, s in enumerate(todo, 1):
            fresh.append(prepare(s))
            if progress:
                progress("clean+extract", i, len(todo))
    it = iter(fresh)
    return [d if d is not None else next(it) for d in cached], fresh


def process(sources: list[Source], report: Report, cache: Cache | None = None,
            progress: Callable[[str, int, int], None] | None = None) -> tuple[Corpus, list[Document]]:
    """Clean, extract and link every source; problems go to ``report``.

    Returns the corpus and the documents prepared anew (not taken from ``cache``).
    """
    documents, fresh = prepare_all(sources, cache, progress)
    report.stats.update(prepared=len(fresh), cached=len(documents) - len(fresh))
    if cache is not None and len(fresh) < len(documents):
        log.info("%d document(s) prepared again, %d taken from the cache", len(fresh), len(documents) - len(fresh))
    corpus = link(Corpus(documents), report)
    check(corpus, report)
    report.stats.update(
        documents=len(corpus),
        indicators=sum(len(d.indicators) for d in corpus),
        citations=sum(len(d.citations) for d in corpus),
        dropped=sum(len(d.dropped) for d in corpus),
    )
    return corpus, fresh
