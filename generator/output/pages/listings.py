"""Listings: a page per taxonomy term (文种, 发文机关, 地区, 年份, 主题), their indexes, all
documents, and the home page — declared by :data:`~.common.TAXONOMIES`, not coded per kind."""
from __future__ import annotations

from jinja2 import Environment

from ... import config
from ...model import Corpus, Document, Indicator
from .common import PAGE_SIZE, TAX, TAXONOMIES, Taxonomy, anchors, newest_first, page, paged, term_path


def group(corpus: Corpus, tax: Taxonomy) -> dict[str, list[Document]]:
    """The documents of each term, terms in order (the missing term last), newest first."""
    groups: dict[str, list[Document]] = {}
    for doc in corpus:
        for term in tax.terms(doc) or [tax.missing]:
            groups.setdefault(term, []).append(doc)
    missing = groups.pop(tax.missing, None)
    ordered = dict(sorted(groups.items(), reverse=tax.newest_first))
    if missing:
        ordered[tax.missing] = missing
    return {k: newest_first(v) for k, v in ordered.items()}


def indicator_rows(docs: list[Document]) -> list[tuple[Document, str | None, Indicator]]:
    return [(d, a, i) for d in docs for a, i in zip(anchors(d), d.indicators)]


def listing_pages(env: Environment, corpus: Corpus) -> tuple[dict[str, str], dict[str, dict]]:
    """Every taxonomy's term pages and index, and the list of all documents; and the groups."""
    pages: dict[str, str] = {}
    groups = {}
    for tax in TAXONOMIES:
        groups[tax.key] = group(corpus, tax)
        for term, members in groups[tax.key].items():
            rows = indicator_rows(members)[:PAGE_SIZE] if tax.show_indicators else []
            title = f"{tax.title}：{term}"
            for path, chunk, numbered in paged(term_path(tax, term), members):
                pages[path] = page(env, "listing.md.j2", {"title": title},
                                   page=path, title=title, tax=tax, term=term, docs=chunk, total=len(members),
                                   pages=numbered, rows=rows if path == term_path(tax, term) else [])
        for path, chunk, numbered in paged(f"{tax.key}/index.md", list(groups[tax.key].items())):
            pages[path] = page(env, "taxonomy.md.j2", {"title": f"按{tax.title}浏览"},
                               page=path, tax=tax, groups=dict(chunk), pages=numbered)
    docs = newest_first(corpus)
    for path, chunk, numbered in paged("documents/index.md", docs):
        pages[path] = page(env, "listing.md.j2", {"title": "全部文件"},
                           page=path, title="全部文件", tax=None, term=None, docs=chunk, total=len(docs),
                           pages=numbered, rows=[])
    return pages, groups


def about_page(env: Environment, corpus: Corpus, groups: dict[str, dict], site: config.Site, license: dict) -> str:
    """The 关于本站 page: who publishes the site, where the texts come from, licence, glossary."""
    tax = TAX["agency"]
    agencies = sorted(((name, len(docs), term_path(tax, name)) for name, docs in groups["agency"].items()
                       if name != tax.missing), key=lambda r: (-r[1], r[0]))
    front = {"title": "关于本站", "description": "谁发布本站，文件从哪里来，许可，如何报告错误，术语说明。"}
    return page(env, "about.md.j2", front, page="about.md", publisher=site.publisher, license=license,
                total=len(corpus), agencies=agencies)


def home_page(env: Environment, corpus: Corpus, groups: dict[str, dict], zip_name: str) -> str:
    front = {"title": "首页", "description": f"公开发布 {len(corpus)} 份政府文件全文及其结构化信息、量化指标、引用政策和开放数据。",
             "hide": ["navigation", "toc"]}
    return page(env, "home.md.j2", front,
                page="index.md", corpus=corpus, latest=newest_first(corpus)[:10], groups=groups, taxonomies=TAXONOMIES,
                indicators=sum(len(d.indicators) for d in corpus), policies=len(corpus.targets),
                regions=len([t for t in groups["region"] if t != TAX["region"].missing]), zip_name=zip_name)
