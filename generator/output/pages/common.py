"""What every page generator shares: the Jinja2 environment, page paths, paging, taxonomies.

Pages are Markdown for MkDocs, made from the templates in ``generator/templates``. Every
value a template prints is escaped for Markdown and HTML (``finalize``) unless it is
pre-rendered :class:`~markupsafe.Markup`; front matter is written by the YAML dumper only
(:func:`page`).
"""
from __future__ import annotations

import hashlib
import posixpath
from dataclasses import dataclass
from typing import Callable

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from ... import config
from ...model import CitationTarget, Document, indicator_anchor
from ...stages.ingest import slugify
from ...stages.link import ancestors
from ..escaping import front_matter as front_matter_block, html_text, url_path
from ..markdown import code, escape, placed_quotes

UNDATED = "未注明日期"
# Names a term's slug may not take: the taxonomy's own listing page (index.md), and what
# MkDocs reads as an index (README.md). Pages of later listing pages end in --N, which no
# slug contains (slugify merges runs of -).
RESERVED_SLUGS = {"index", "readme"}


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
    return [doc.meta.region, *ancestors(doc.meta.region)]


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
    env.filters["html"] = lambda value: Markup(html_text(value))  # a value inside the HTML parts of a page
    env.filters["code"] = code
    env.filters["rel"] = rel
    env.filters["num"] = number
    env.globals.update(
        field_label=lambda name: config.load("fields")["documents"][name]["zh"],
        doc_path=doc_path, term_path=term_path, policy_path=policy_path, indicator_path=indicator_path,
        kind_label=lambda k: "目标" if k == "target" else "实际",
    )
    return env


class Pages(dict):
    """Pages by path. A path given twice is recorded in ``clashes``, never overwritten: two
    outputs meant for one file (a document named like a listing page) fail the build."""

    def __init__(self) -> None:
        super().__init__()
        self.clashes: list[str] = []

    def __setitem__(self, path: str, content) -> None:
        if path in self:
            self.clashes.append(path)
            return
        super().__setitem__(path, content)

    def update(self, other=(), **kwargs) -> None:
        for path, content in dict(other, **kwargs).items():
            self[path] = content


def page(env: Environment, template: str, front: dict, **context) -> str:
    """A page: its front matter written by the YAML dumper, then its template's Markdown."""
    return front_matter_block(front) + env.get_template(template).render(**context)


def rel(target: str, page: str) -> Markup:
    """Relative link from page ``page`` to ``target`` (both paths under site_src), URL-escaped."""
    here = page.rpartition("/")[0]
    there, _, name = target.rpartition("/")
    if here == there:
        link = name
    elif not here:
        link = target
    elif "/" not in here:  # pages sit at most one folder deep
        link = "../" + target
    else:
        link = posixpath.relpath(target, here)
    return Markup(url_path(link))


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
    if slug != term or slug.casefold() in RESERVED_SLUGS:
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


def indicator_names() -> dict[str, str]:
    return {e["code"]: e["name"] for e in config.load("indicators")}


PAGE_SIZE = 100  # rows per listing page: keeps every page light at any corpus size


def page_url(rel_path: str) -> str:
    """The address MkDocs gives a page (``use_directory_urls``), for clash checks."""
    if not rel_path.endswith(".md"):
        return rel_path
    stem = rel_path[:-3]
    head, _, name = stem.rpartition("/")
    if name.casefold() in ("index", "readme"):
        return head + "/"
    return stem + "/"


def paged(path: str, items: list, size: int = PAGE_SIZE) -> list[tuple[str, list, list[tuple[int, str]]]]:
    """Split a listing into pages: (path, items, [(number, path) of every page])."""
    chunks = [items[i:i + size] for i in range(0, len(items), size)] or [[]]
    stem = path[:-3] + "--"  # no page id or slug contains "--"
    paths = [path] + [f"{stem}{n}.md" for n in range(2, len(chunks) + 1)]
    numbered = list(enumerate(paths, 1))
    return [(p, chunk, numbered) for p, chunk in zip(paths, chunks)]


def description(doc: Document) -> str:
    """One line about the document, for listings and link previews."""
    m = doc.meta
    parts = [p for p in (m.agency, m.doc_number, m.date, m.doc_type) if p]
    return "，".join(parts) or doc.display_title


def anchors(doc: Document) -> list[str | None]:
    """The anchor of each indicator's sentence on its document page; None where the quote
    is not in the page's body text (a heading, a dropped line), so no link may point there."""
    placed = placed_quotes(doc.blocks, [(i.start, i.end) for i in doc.indicators])
    return [indicator_anchor(n) if ok else None for n, ok in enumerate(placed)]


def sort_key(doc: Document) -> tuple:
    return (doc.meta.date or "", doc.id)


def newest_first(docs) -> list[Document]:
    return sorted(docs, key=sort_key, reverse=True)
