"""Render: the MkDocs pages of the site, as a mapping of path → content.

Nothing here writes files; ``build.py`` does. Pages come from Jinja2 templates in
``generator/templates``; every value a template prints is escaped for Markdown and
HTML unless it is pre-rendered :class:`~markupsafe.Markup`.
"""
from __future__ import annotations

import posixpath
from dataclasses import dataclass
from typing import Callable

import yaml
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from . import vocab
from .ingest import slugify
from .markdown import escape, render_blocks
from .model import Corpus, Document

UNDATED = "未注明日期"


@dataclass(frozen=True)
class Taxonomy:
    """A way of grouping documents: one index page, one page per term."""

    key: str  # folder of its pages
    title: str  # 文种, 发文机关 …
    terms: Callable[[Document], list[str]]
    missing: str  # term for documents without a value
    newest_first: bool = False


def _year(doc: Document) -> list[str]:
    return [doc.meta.date[:4]] if doc.meta.date else []


TAXONOMIES = (
    Taxonomy("genre", "文种", lambda d: [d.meta.doc_type], "其他"),
    Taxonomy("agency", "发文机关", lambda d: [d.meta.agency] if d.meta.agency else [], "未注明发文机关"),
    Taxonomy("region", "地区", lambda d: [d.meta.region] if d.meta.region else [], "未注明地区"),
    Taxonomy("year", "年份", _year, UNDATED, newest_first=True),
    Taxonomy("topic", "主题", lambda d: list(d.meta.topics), "未归入主题"),
)


def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("generator", "templates"),
        undefined=StrictUndefined,
        autoescape=True,  # with finalize: str values are escaped, Markup (macros) is not
        finalize=escape,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md"] = escape
    env.filters["rel"] = rel
    env.globals["field_label"] = lambda name: vocab.load("fields")["documents"][name]["zh"]
    return env


def rel(target: str, page: str) -> Markup:
    """Relative link from page ``page`` to ``target`` (both paths under site_src)."""
    return Markup(posixpath.relpath(target, posixpath.dirname(page) or "."))


def doc_path(doc: Document) -> str:
    return f"documents/{doc.id}.md"


def term_path(tax: Taxonomy, term: str) -> str:
    return f"{tax.key}/{slugify(term) or 'term'}.md"


def original_path(doc: Document) -> str:
    suffix = doc.source.name.rsplit(".", 1)[-1].lower() if "." in doc.source.name else "txt"
    return f"originals/{doc.id}.{suffix}"


def front_matter(doc: Document) -> Markup:
    m = doc.meta
    data = {
        "id": doc.id,
        "title": m.title,
        "doc_number": m.doc_number,
        "agency": m.agency,
        "date": m.date,
        "published": m.published,
        "doc_type": m.doc_type,
        "region": m.region,
        "proposal_number": m.proposal_number,
        "proposer": m.proposer,
        "index_number": m.index_number,
        "handling_result": m.handling_result,
        "topics": list(m.topics),
        "cited_policies": list(m.cited_policies),
        "curated": list(m.curated),
        "source": {"file": doc.source.name, "sha256": doc.source.sha256, "encoding": doc.source.encoding},
        "dropped": [{"rule": d.rule, "text": d.text} for d in doc.dropped],
        "tags": list(m.topics),
        "description": description(doc),
    }
    return Markup(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=4096))


def description(doc: Document) -> str:
    """One line about the document, for listings and link previews."""
    m = doc.meta
    parts = [p for p in (m.agency, m.doc_number, m.date, m.doc_type) if p]
    return "，".join(parts) or doc.display_title


def sort_key(doc: Document) -> tuple:
    return (doc.meta.date or "", doc.id)


def newest_first(docs) -> list[Document]:
    return sorted(docs, key=sort_key, reverse=True)


def group(corpus: Corpus, tax: Taxonomy) -> dict[str, list[Document]]:
    groups: dict[str, list[Document]] = {}
    for doc in corpus:
        for term in tax.terms(doc) or [tax.missing]:
            groups.setdefault(term, []).append(doc)
    missing = groups.pop(tax.missing, None)
    ordered = dict(sorted(groups.items(), reverse=tax.newest_first))
    if missing:
        ordered[tax.missing] = missing
    return {k: newest_first(v) for k, v in ordered.items()}


def render_document(env: Environment, doc: Document, corpus: Corpus) -> str:
    page = doc_path(doc)
    quotes = [(i.start, i.end, anchor(i, n)) for n, i in enumerate(doc.indicators)]
    body = render_blocks(doc.blocks, quotes)
    meta_rows = []
    for name in ("doc_number", "agency", "date", "published", "doc_type", "region", "proposal_number",
                 "proposer", "index_number", "handling_result"):
        value = getattr(doc.meta, name)
        if value:
            meta_rows.append((name, value, name in doc.meta.curated))
    links = {tax.key: [(t, term_path(tax, t)) for t in (tax.terms(doc) or [tax.missing])] for tax in TAXONOMIES}
    return env.get_template("document.md.j2").render(
        page=page, doc=doc, front_matter=front_matter(doc), body=body, meta_rows=meta_rows,
        indicators=[(anchor(i, n), i) for n, i in enumerate(doc.indicators)],
        links=links, original=original_path(doc),
        debris=[d for d in doc.dropped if d.rule not in ("layout-label", "moved-to-front-matter")],
    )


def anchor(indicator, n: int) -> str:
    return f"q{n + 1}"


def render_site(corpus: Corpus) -> dict[str, str | bytes]:
    """Every page of ``site_src`` keyed by its path."""
    env = environment()
    pages: dict[str, str | bytes] = {}
    docs = newest_first(corpus)
    for doc in corpus:
        pages[doc_path(doc)] = render_document(env, doc, corpus)
        pages[original_path(doc)] = doc.source.raw
    listing = env.get_template("listing.md.j2")
    taxonomy_index = env.get_template("taxonomy.md.j2")
    groups = {}
    for tax in TAXONOMIES:
        groups[tax.key] = group(corpus, tax)
        for term, members in groups[tax.key].items():
            path = term_path(tax, term)
            pages[path] = listing.render(page=path, title=f"{tax.title}：{term}", tax=tax, term=term,
                                         docs=members, doc_path=doc_path)
        index = f"{tax.key}/index.md"
        pages[index] = taxonomy_index.render(page=index, tax=tax, groups=groups[tax.key], term_path=term_path)
    pages["documents/index.md"] = listing.render(page="documents/index.md", title="全部文件", tax=None,
                                                 term=None, docs=docs, doc_path=doc_path)
    pages["index.md"] = env.get_template("home.md.j2").render(
        page="index.md", corpus=corpus, latest=docs[:10], groups=groups, taxonomies=TAXONOMIES,
        term_path=term_path, doc_path=doc_path,
    )
    return pages
