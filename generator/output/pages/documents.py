"""Document pages: the cleaned text with its metadata table, figures, citations and links."""
from __future__ import annotations

from jinja2 import Environment

from ... import config, parallel
from ...model import METADATA_FIELDS, Corpus, Document, indicator_anchor
from ..markdown import render_blocks
from .common import (TAXONOMIES, anchors, description, doc_path, indicator_names, original_path,
                     page, policy_path, rel, term_path)


def front_matter(doc: Document) -> dict:
    m = doc.meta
    data = {name: getattr(m, name) for name in METADATA_FIELDS}
    return {"id": doc.id, **data, "topics": list(m.topics), "cited_policies": list(m.cited_policies),
            "curated": list(m.curated),
            "source": {"file": doc.source.name, "sha256": doc.source.sha256, "encoding": doc.source.encoding},
            "dropped": [{"rule": d.rule, "text": d.text} for d in doc.dropped],
            "tags": list(m.topics), "description": description(doc), "jsonld": document_jsonld(doc)}


def document_jsonld(doc: Document) -> dict:
    """schema.org description of a document page (its url is added by the theme)."""
    m = doc.meta
    ld = {"@context": "https://schema.org", "@type": "DigitalDocument", "name": doc.display_title,
          "headline": doc.display_title[:110], "inLanguage": "zh-CN", "genre": m.doc_type,
          "isAccessibleForFree": True, "description": description(doc)}
    if m.doc_number:
        ld["identifier"] = m.doc_number
    if m.date:
        ld["dateCreated"] = m.date
    if m.published or m.date:
        ld["datePublished"] = m.published or m.date
    if m.agency:
        ld["author"] = {"@type": "GovernmentOrganization", "name": m.agency}
        ld["publisher"] = {"@type": "GovernmentOrganization", "name": m.agency}
    if m.region:
        ld["spatialCoverage"] = {"@type": "AdministrativeArea", "name": m.region}
    if m.topics:
        ld["keywords"] = list(m.topics)
    if m.cited_policies:
        ld["citation"] = list(m.cited_policies)
    return ld


def render_document(env: Environment, doc: Document, corpus: Corpus) -> str:
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
    return page(
        env, "document.md.j2", front_matter(doc),
        page=here, doc=doc, corpus=corpus, links=corpus.links_of(doc),
        body=body, meta_rows=meta_rows, terms=terms, original=original_path(doc),
        indicators=list(zip(anchors(doc), doc.indicators)), names=indicator_names(),
        debris=doc.debris(),
    )


def _render(context: tuple[Environment, Corpus], doc_id: str) -> str:
    env, corpus = context
    return render_document(env, corpus.get(doc_id), corpus)


def document_pages(env: Environment, corpus: Corpus, progress=None):
    """Every document page in corpus order (on all cores for a large corpus)."""
    return parallel.map_ordered(_render, [d.id for d in corpus], (env, corpus), chunksize=50, progress=progress)
