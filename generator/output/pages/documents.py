"""Document pages: the cleaned text with its metadata table, figures, citations and links."""
from __future__ import annotations

from jinja2 import Environment

from ... import config, parallel
from ...model import METADATA_FIELDS, Corpus, Document, indicator_anchor
from .. import jsonld
from ..markdown import render_blocks
from .common import (TAXONOMIES, anchors, description, doc_path, indicator_names, original_path,
                     page, policy_path, rel, term_path)


def front_matter(doc: Document, corpus: Corpus, site: config.Site | None = None) -> dict:
    m = doc.meta
    data = {name: getattr(m, name) for name in METADATA_FIELDS}
    return {"id": doc.id, **data, "topics": list(m.topics), "cited_policies": list(m.cited_policies),
            "curated": list(m.curated),
            "source": {"file": doc.source.name, "sha256": doc.source.sha256, "encoding": doc.source.encoding},
            "dropped": [{"rule": d.rule, "text": d.text} for d in doc.dropped],
            "tags": list(m.topics), "description": description(doc), "jsonld": jsonld.document(doc, corpus, site or config.Site(), doc_path(doc))}


def render_document(env: Environment, doc: Document, corpus: Corpus, site: config.Site | None = None) -> str:
    here = doc_path(doc)
    quotes = [(i.start, i.end, indicator_anchor(n)) for n, i in enumerate(doc.indicators)]
    first_mentions, seen = [], set()
    for c in doc.citations:
        if c.target_id and c.target_id not in seen:
            seen.add(c.target_id)
            t = corpus.targets[c.target_id]
            target = doc_path(t.document_id) if t.document_id else policy_path(t)
            if t.document_id != doc.id:
                first_mentions.append((c.start, c.end, str(rel(target, here))))
    body = render_blocks(doc.blocks, quotes, first_mentions)
    meta_rows = [(f.name, getattr(doc.meta, f.name), f.name in doc.meta.curated)
                 for f in config.metadata_fields() if f.page and getattr(doc.meta, f.name)]
    terms = {tax.key: [(t, term_path(tax, t)) for t in (tax.terms(doc) or [tax.missing])] for tax in TAXONOMIES}
    links = corpus.links_of(doc)
    citing_pages = [(t.title or t.doc_number, policy_path(t)) for t in corpus.targets.values()
                    if t.document_id == doc.id] if "cited_by" in links.cut else []  # they list every citing document
    return page(
        env, "document.md.j2", front_matter(doc, corpus, site),
        page=here, doc=doc, corpus=corpus, links=links, citing_pages=citing_pages,
        body=body, meta_rows=meta_rows, terms=terms, original=original_path(doc),
        indicators=list(zip(anchors(doc), doc.indicators)), names=indicator_names(),
        debris=doc.debris(),
    )


def _render(context: tuple[Environment, Corpus, config.Site], doc_id: str) -> str:
    env, corpus, site = context
    return render_document(env, corpus.get(doc_id), corpus, site)


def document_pages(env: Environment, corpus: Corpus, site: config.Site, progress=None):
    """Every document page in corpus order (on all cores for a large corpus)."""
    return parallel.map_ordered(_render, [d.id for d in corpus], (env, corpus, site), chunksize=50, progress=progress)
