"""Render: the MkDocs pages of the site, as a mapping of path → content.

Nothing here writes files; ``build.py`` does. Pages come from Jinja2 templates in
``generator/templates``; every value a template prints is escaped for Markdown and
HTML unless it is pre-rendered :class:`~markupsafe.Markup`.

Listing pages are declared (:data:`TAXONOMIES`), not coded per kind: each taxonomy
gives one index page and one page per term.
"""
from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import posixpath
import re
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Callable

import yaml
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from . import vocab
from .chart import Point, line_chart
from .ingest import slugify
from .link import ancestors, region_tree
from .markdown import code, escape, render_blocks
from .model import CitationTarget, Corpus, Document, Indicator

UNDATED = "未注明日期"
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


@dataclass(frozen=True)
class Taxonomy:
    """A way of grouping documents: one index page, one page per term."""

    key: str  # folder of its pages
    title: str  # 文种, 发文机关 …
    terms: Callable[[Document], list[str]]
    missing: str  # term for documents without a value
    newest_first: bool = False
    show_indicators: bool = False


def _year(doc: Document) -> list[str]:
    return [doc.meta.date[:4]] if doc.meta.date else []


def _regions(doc: Document) -> list[str]:
    """A document's region and every region above it (文水县 → 吕梁市 → 山西省)."""
    if not doc.meta.region:
        return []
    return [doc.meta.region, *ancestors(doc.meta.region, region_tree()[1])]


TAXONOMIES = (
    Taxonomy("genre", "文种", lambda d: [d.meta.doc_type], "其他"),
    Taxonomy("agency", "发文机关", lambda d: [d.meta.agency] if d.meta.agency else [], "未注明发文机关"),
    Taxonomy("region", "地区", _regions, "未注明地区", show_indicators=True),
    Taxonomy("year", "年份", _year, UNDATED, newest_first=True),
    Taxonomy("topic", "主题", lambda d: list(d.meta.topics), "未归入主题"),
)
TAX = {t.key: t for t in TAXONOMIES}


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
    env.filters["code"] = code
    env.filters["rel"] = rel
    env.filters["num"] = number
    env.filters["yamlstr"] = lambda v: Markup(json.dumps(str(v), ensure_ascii=False))  # a YAML scalar
    env.globals.update(
        field_label=lambda name: vocab.load("fields")["documents"][name]["zh"],
        doc_path=doc_path, term_path=term_path, policy_path=policy_path, indicator_path=indicator_path,
        kind_label=lambda k: "目标" if k == "target" else "实际",
    )
    return env


def rel(target: str, page: str) -> Markup:
    """Relative link from page ``page`` to ``target`` (both paths under site_src)."""
    here = page.rpartition("/")[0]
    there, _, name = target.rpartition("/")
    if here == there:
        return Markup(name)
    if not here:
        return Markup(target)
    if "/" not in here:  # pages sit at most one folder deep
        return Markup("../" + target)
    return Markup(posixpath.relpath(target, here))


def number(value) -> str:
    if isinstance(value, float):
        return f"{value:g}" if value != int(value) else str(int(value))
    return "" if value is None else str(value)


def doc_path(doc: Document | str) -> str:
    return f"documents/{doc if isinstance(doc, str) else doc.id}.md"


def term_path(tax: Taxonomy | str, term: str) -> str:
    """Page of a term. A term the slug changes gets a hash, so two terms never share a page."""
    key = tax if isinstance(tax, str) else tax.key
    slug = slugify(term)
    if slug != term:
        slug = f"{slug or 'term'}-{hashlib.sha1(term.encode('utf-8')).hexdigest()[:8]}"
    return f"{key}/{slug}.md"


def policy_path(target: CitationTarget | str) -> str:
    return f"policies/{target if isinstance(target, str) else target.id}.md"


def indicator_path(code: str) -> str:
    return f"indicators/{slugify(code)}.md"


def original_path(doc: Document) -> str:
    suffix = doc.source.name.rsplit(".", 1)[-1].lower() if "." in doc.source.name else "txt"
    if suffix == "md":  # MkDocs would render it as a page, its raw HTML included: publish it as text
        suffix = "md.txt"
    return f"originals/{doc.id}.{suffix}"


def anchor(n: int) -> str:
    """Anchor id of the n-th indicator's sentence on its document page."""
    return f"q{n + 1}"


def indicator_names() -> dict[str, str]:
    return {e["code"]: e["name"] for e in vocab.load("indicators")}


PAGE_SIZE = 100  # rows per listing page: keeps every page light at any corpus size


def paged(path: str, items: list, size: int = PAGE_SIZE) -> list[tuple[str, list, list[tuple[int, str]]]]:
    """Split a listing into pages: (path, items, [(number, path) of every page])."""
    chunks = [items[i:i + size] for i in range(0, len(items), size)] or [[]]
    stem = path[: -len("index.md")] + "page-" if path.endswith("index.md") else path[:-3] + "--"
    paths = [path] + [f"{stem}{n}.md" for n in range(2, len(chunks) + 1)]
    numbered = list(enumerate(paths, 1))
    return [(p, chunk, numbered) for p, chunk in zip(paths, chunks)]


# --------------------------------------------------------------------------- document pages


def description(doc: Document) -> str:
    """One line about the document, for listings and link previews."""
    m = doc.meta
    parts = [p for p in (m.agency, m.doc_number, m.date, m.doc_type) if p]
    return "，".join(parts) or doc.display_title


def front_matter(doc: Document) -> Markup:
    m = doc.meta
    data = {name: getattr(m, name) for name in m.FIELDS}
    data = {"id": doc.id, **data, "topics": list(m.topics), "cited_policies": list(m.cited_policies),
            "curated": list(m.curated),
            "source": {"file": doc.source.name, "sha256": doc.source.sha256, "encoding": doc.source.encoding},
            "dropped": [{"rule": d.rule, "text": d.text} for d in doc.dropped],
            "tags": list(m.topics), "description": description(doc), "jsonld": document_jsonld(doc)}
    return Markup(yaml_dump(data))


def yaml_dump(data: dict) -> str:
    """Front matter text: YAML written by the library (libyaml's emitter when present)."""
    return yaml.dump(data, Dumper=DUMPER, allow_unicode=True, sort_keys=False, width=4096)


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


def citation_context(text: str, start: int, end: int, limit: int = 120) -> str:
    """The sentence around a citation, with line breaks and stray spaces removed."""
    a = max(text.rfind(p, 0, start) for p in "。；！？\n") + 1
    ends = [i for i in (text.find(p, end) for p in "。；！？") if i >= 0]
    b = min(ends) + 1 if ends else len(text)
    sentence = re.sub(r"\s+", "", text[a:b])
    if len(sentence) > limit:
        quote = re.sub(r"\s+", "", text[start:end])
        i = sentence.find(quote)
        lo = max(0, i - (limit - len(quote)) // 2)
        sentence = ("…" if lo else "") + sentence[lo:lo + limit] + "…"
    return sentence


def render_document(env: Environment, doc: Document, corpus: Corpus) -> str:
    page = doc_path(doc)
    quotes = [(i.start, i.end, anchor(n)) for n, i in enumerate(doc.indicators)]
    first_mentions, seen = [], set()
    for c in doc.citations:
        if c.target_id and c.target_id not in seen:
            seen.add(c.target_id)
            t = corpus.targets[c.target_id]
            target = doc_path(t.document_id) if t.document_id else policy_path(t)
            if t.document_id != doc.id:
                first_mentions.append((c.start, c.end, str(rel(target, page))))
    body = render_blocks(doc.blocks, quotes, first_mentions)
    meta_rows = [(name, getattr(doc.meta, name), name in doc.meta.curated)
                 for name in ("doc_number", "agency", "date", "published", "doc_type", "region",
                              "proposal_number", "proposer", "index_number", "handling_result")
                 if getattr(doc.meta, name)]
    terms = {tax.key: [(t, term_path(tax, t)) for t in (tax.terms(doc) or [tax.missing])] for tax in TAXONOMIES}
    return env.get_template("document.md.j2").render(
        page=page, doc=doc, corpus=corpus, links=corpus.links_of(doc), front_matter=front_matter(doc),
        body=body, meta_rows=meta_rows, terms=terms, original=original_path(doc),
        indicators=[(anchor(n), i) for n, i in enumerate(doc.indicators)], names=indicator_names(),
        debris=[d for d in doc.dropped if d.rule not in ("layout-label", "moved-to-front-matter")],
    )


_shared: Corpus | None = None  # the corpus, inherited by forked workers


def _render_ids(ids: list[str]) -> list[str]:
    env = environment()
    return [render_document(env, _shared.get(i), _shared) for i in ids]


def document_pages(corpus: Corpus, parallel_min: int = 64):
    """Every document page in corpus order; rendered on all cores for a large corpus."""
    global _shared
    workers = min(os.cpu_count() or 1, 8)
    if len(corpus) < parallel_min or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        env = environment()
        yield from (render_document(env, doc, corpus) for doc in corpus)
        return
    ids = [d.id for d in corpus]
    chunks = [ids[i:i + 50] for i in range(0, len(ids), 50)]
    _shared = corpus  # forked workers see it without pickling
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            for pages in pool.map(_render_ids, chunks):
                yield from pages
    finally:
        _shared = None


# --------------------------------------------------------------------------- listings


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


def indicator_rows(docs: list[Document]) -> list[tuple[Document, str, Indicator]]:
    return [(d, anchor(n), i) for d in docs for n, i in enumerate(d.indicators)]


# --------------------------------------------------------------------------- policies


def policy_pages(env: Environment, corpus: Corpus) -> dict[str, str]:
    pages = {}
    citing: dict[str, list] = defaultdict(list)
    for doc in corpus:
        for c in doc.citations:
            citing[c.target_id].append((doc, c, citation_context(doc.source.text, c.start, c.end)))
    template = env.get_template("policy.md.j2")
    for tid, t in corpus.targets.items():
        for page, chunk, numbered in paged(policy_path(t), citing[tid]):
            pages[page] = template.render(page=page, target=t, citing=chunk, total=len(citing[tid]), pages=numbered,
                                          in_corpus=corpus.get(t.document_id) if t.document_id else None)
    rows = sorted(corpus.targets.values(), key=lambda t: (-len(citing[t.id]), t.title or t.doc_number or ""))
    backrefs = [(doc, c, citation_context(doc.source.text, c.start, c.end)) for doc in corpus for c in doc.backrefs]
    for page, chunk, numbered in paged("policies/index.md", rows):
        pages[page] = env.get_template("policies.md.j2").render(
            page=page, targets=chunk, citing=citing, backrefs=len(backrefs), pages=numbered)
    outside = [t for t in rows if not t.document_id]
    for page, chunk, numbered in paged("policies/unresolved.md", backrefs):
        pages[page] = env.get_template("unresolved.md.j2").render(
            page=page, backrefs=chunk, outside=outside if page == "policies/unresolved.md" else [],
            outside_total=len(outside), pages=numbered)
    return pages


# --------------------------------------------------------------------------- indicators


def indicator_pages(env: Environment, corpus: Corpus) -> dict[str, str]:
    names = indicator_names()
    by_code: dict[str, list] = defaultdict(list)
    for doc in corpus:
        for n, i in enumerate(doc.indicators):
            if i.indicator:
                by_code[i.indicator].append((doc, anchor(n), i))
    pages = {}
    template = env.get_template("indicator.md.j2")
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
        for page, chunk, numbered in paged(indicator_path(code_), rows):
            pages[page] = template.render(page=page, code_=code_, name=name, rows=chunk, total=len(rows), unit=unit,
                                          chart=chart if page == indicator_path(code_) else "", regions=regions,
                                          years=years, pages=numbered)
        overview.append((code_, name, len(rows), regions, years))
    unclassified = [(d, anchor(n), i) for d in corpus for n, i in enumerate(d.indicators) if not i.indicator]
    for page, chunk, numbered in paged("indicators/index.md", overview):
        pages[page] = env.get_template("indicators.md.j2").render(
            page=page, overview=chunk, unclassified=len(unclassified), pages=numbered)
    for page, chunk, numbered in paged("indicators/other.md", unclassified):
        pages[page] = env.get_template("indicator_other.md.j2").render(page=page, rows=chunk, pages=numbered)
    return pages


# --------------------------------------------------------------------------- the site


def render_data_page(env: Environment, tables: list) -> str:
    import frictionless

    from . import package

    return env.get_template("data.md.j2").render(
        page="data/index.md", tables=tables, zip_name=package.ZIP_NAME, license=package.LICENSE,
        frictionless_version=frictionless.__version__,
        jsonld=Markup(yaml_dump({"jsonld": package.dataset_jsonld(tables)})))


# PROTOTYPE (a11y branch, for the lead to wire properly): the publisher comes from the
# publisher configuration of the open-data issue; until then these mirror mkdocs.yml's
# extra.publisher defaults, which the theme's footer reads.
PUBLISHER = {"name": "gongkai 开源项目", "url": "", "email": "", "report_url": "", "demonstration": True}


def render_about(env: Environment, corpus: Corpus, agencies: dict[str, list[Document]],
                 publisher: dict | None = None) -> str:
    """The 关于本站 page: publisher, provenance, licence, reporting, glossary."""
    from . import package

    tax = TAX["agency"]
    rows = sorted(((name, len(docs), term_path(tax, name)) for name, docs in agencies.items() if name != tax.missing),
                  key=lambda r: (-r[1], r[0]))
    return env.get_template("about.md.j2").render(page="about.md", publisher=publisher or PUBLISHER,
                                                  license=package.LICENSE, total=len(corpus), agencies=rows)


def render_site(corpus: Corpus, tables: list | None = None,
                progress: Callable[[str, int, int], None] | None = None) -> dict[str, str | bytes]:
    """Every page of ``site_src`` keyed by its path; ``tables`` describe the data package."""
    env = environment()
    pages: dict[str, str | bytes] = {}
    docs = newest_first(corpus)
    for n, (doc, page) in enumerate(zip(corpus, document_pages(corpus)), 1):
        pages[doc_path(doc)] = page
        pages[original_path(doc)] = doc.source.raw
        if progress and (n % 50 == 0 or n == len(corpus)):
            progress("pages", n, len(corpus))
    listing = env.get_template("listing.md.j2")
    groups = {}
    for tax in TAXONOMIES:
        groups[tax.key] = group(corpus, tax)
        for term, members in groups[tax.key].items():
            rows = indicator_rows(members)[:PAGE_SIZE] if tax.show_indicators else []
            for path, chunk, numbered in paged(term_path(tax, term), members):
                pages[path] = listing.render(page=path, title=f"{tax.title}：{term}", tax=tax, term=term, docs=chunk,
                                             total=len(members), pages=numbered,
                                             rows=rows if path == term_path(tax, term) else [])
        for path, chunk, numbered in paged(f"{tax.key}/index.md", list(groups[tax.key].items())):
            pages[path] = env.get_template("taxonomy.md.j2").render(page=path, tax=tax, groups=dict(chunk),
                                                                    pages=numbered)
    for path, chunk, numbered in paged("documents/index.md", docs):
        pages[path] = listing.render(page=path, title="全部文件", tax=None, term=None, docs=chunk, total=len(docs),
                                     pages=numbered, rows=[])
    pages.update(policy_pages(env, corpus))
    pages.update(indicator_pages(env, corpus))
    if tables is not None:
        pages["data/index.md"] = render_data_page(env, tables)
    from .package import ZIP_NAME

    pages["about.md"] = render_about(env, corpus, groups["agency"])
    pages["index.md"] = env.get_template("home.md.j2").render(
        page="index.md", corpus=corpus, latest=docs[:10], groups=groups, taxonomies=TAXONOMIES,
        indicators=sum(len(d.indicators) for d in corpus), policies=len(corpus.targets),
        regions=len([t for t in groups["region"] if t != TAX["region"].missing]), zip_name=ZIP_NAME,
    )
    return pages
