"""One document from its source to its indicators: clean → metadata → extract.

:func:`prepare` is what the cache stores per document; :func:`prepare_all` runs it over a
corpus, on all cores when there is enough work, taking what the cache already holds.
"""
from __future__ import annotations

import logging
from dataclasses import replace
from typing import Callable

from .. import parallel
from ..errors import InternalError, Report
from ..model import MOVED, Document, Dropped, Source
from ..store.cache import Cache
from .citations import find_citations
from .extract import DocContext, Mention, explain, extract_indicators
from .clean import blocks as blk
from .clean import debris, lines as ln
from .metadata import read_metadata

log = logging.getLogger(__name__)


def clean(source: Source) -> Document:
    """Cleaned body blocks, metadata and the list of dropped debris of one source."""
    lines = ln.split_lines(source.text)
    lines, dropped = debris.drop_debris(lines, source.text)
    lines, repeated = debris.drop_repeated_body(lines, source.text)
    meta, structure = read_metadata(lines, source.text, source.sidecar)
    body = []
    for i, line in enumerate(lines):
        if i in structure.consumed:
            continue
        parts = structure.replaced.get(i, (line,))
        if i in structure.sections:
            parts = [replace(p, md_level=2) for p in parts]
        body.extend(p for p in parts if p.text)
    body = blk.split_at(body, structure.splits)
    blocks = blk.mark_signatures(blk.to_blocks(blk.join_broken(body, structure.title_spans), structure.title_spans))
    removed = [Dropped(offset, offset, code, "unsafe-character") for offset, code in source.removed]
    all_dropped = sorted(dropped + repeated + list(structure.dropped) + removed, key=lambda d: (d.start, d.end))
    return Document(source=source, meta=meta, blocks=blocks, dropped=all_dropped, notes=list(structure.notes))


def extraction_input(doc: Document) -> tuple[DocContext, list[tuple[int, int]]]:
    """What extraction knows of a cleaned document, and the spans it must not read (debris)."""
    skip = [(d.start, d.end) for d in doc.dropped if d.rule not in MOVED]
    context = DocContext(issue_year=doc.meta.issue_year(), doc_type=doc.meta.doc_type,
                         titles=tuple(t for t in (doc.meta.title, doc.meta.issued_title) if t), region=doc.meta.region)
    return context, skip


def explain_mentions(doc: Document) -> list[Mention]:
    """Every number mention of a cleaned document, classified (``gongkai explain``)."""
    context, skip = extraction_input(doc)
    return explain(doc.id, doc.source.text, context=context, skip=skip)


def extract(doc: Document) -> Document:
    """Indicators and citations of one cleaned document."""
    context, skip = extraction_input(doc)
    indicators = extract_indicators(doc.id, doc.source.text, context=context, skip=skip)
    citations, backrefs = find_citations(doc.id, doc.source.text, own_titles=(doc.meta.title, doc.meta.issued_title),
                                         own_doc_number=doc.meta.doc_number, skip=skip)
    cited = list(dict.fromkeys(v for c in citations for v in (c.title, c.doc_number) if v))
    meta = doc.meta if "cited_policies" in doc.meta.curated else replace(doc.meta, cited_policies=cited)
    return replace(doc, meta=meta, indicators=indicators, citations=citations, backrefs=backrefs)


def prepare(_context, source: Source) -> Document:
    """Clean and extract one source; a failure (a bug) names the file."""
    try:
        return extract(clean(source))
    except Exception as exc:  # the last-resort handler tells the user which file to report
        raise InternalError(source.name, exc) from exc


def prepare_all(sources: list[Source], report: Report, cache: Cache | None = None,
                progress: Callable[[str, int, int], None] | None = None) -> tuple[list[Document], list[Document]]:
    """Prepared documents in source order, from the cache where it holds them.

    Returns the documents and those prepared anew (for the caller to store once the build
    has succeeded).
    """
    cached = [cache.get(s) if cache else None for s in sources]
    for name in cache.ignored if cache else ():
        report.add("cache-entry-ignored", name)
    todo = [s for s, d in zip(sources, cached) if d is None]
    tick = (lambda done: progress("clean+extract", done, len(todo))) if progress else None
    fresh = list(parallel.map_ordered(prepare, todo, progress=tick))
    it = iter(fresh)
    documents = [d if d is not None else next(it) for d in cached]
    report.stats.update(prepared=len(fresh), cached=len(documents) - len(fresh))
    if cache is not None and len(fresh) < len(documents):
        log.info("%d document(s) prepared again, %d taken from the cache", len(fresh), len(documents) - len(fresh))
    return documents, fresh
