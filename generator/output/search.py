"""The site search's records, made from the model (not from rendered pages).

One record per page a reader may be looking for: each document (its title, metadata and
body text), each cited policy (how documents write it, and the sentences that cite it),
each topic and region, each indicator, the data and about pages. Listings (文种, 发文机关
and 年份 pages, indexes, the home page) are not indexed: they only repeat documents'
titles. ``kind`` tells the browser what a result
is, so that documents can come first; genre, issuer and date come with each document's
result for display.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from ..model import Corpus
from .markdown import BOLD
from .pages.common import TAX, doc_path, indicator_names, indicator_path, page_url, policy_path, term_path
from .pages.policies import citation_context

# Front matter of document pages recorded with the page, in this order, after the title.
HEAD_FIELDS = ("doc_number", "agency", "proposer", "proposal_number", "topics", "region", "doc_type", "date")


@dataclass(frozen=True)
class Record:
    """What the search index holds of one page (``generator/site/search.py`` encodes it)."""

    url: str  # the page's address from the site root, as MkDocs gives it ("/documents/x/")
    title: str
    text: str
    meta: dict  # HEAD_FIELDS that the page has, and its kind

    def to_json(self) -> dict:
        return {"url": self.url, "title": self.title, "text": self.text, "meta": self.meta}


def _url(path: str) -> str:
    return "/" + page_url(path)


def records(corpus: Corpus) -> Iterator[Record]:
    """The records of the site's pages, documents first, in a stable order."""
    for doc in corpus:
        meta = {"kind": "document"}
        for key in HEAD_FIELDS:
            value = getattr(doc.meta, key)
            if isinstance(value, list):
                value = "、".join(v for v in value if v)
            if value:
                meta[key] = value
        text = "\n".join(BOLD.sub(r"\1", block.text) for block in doc.blocks)
        yield Record(_url(doc_path(doc)), doc.display_title, text, meta)
    contexts: dict[str, list[str]] = {}
    for doc in corpus:
        for c in doc.citations:
            contexts.setdefault(c.target_id, []).append(citation_context(doc.source.text, c.start, c.end))
    for tid, target in corpus.targets.items():
        meta = {"kind": "policy"}
        if target.doc_number:
            meta["doc_number"] = target.doc_number
        text = "\n".join(["；".join(target.names), *dict.fromkeys(contexts.get(tid, []))])
        yield Record(_url(policy_path(target)), target.title or target.doc_number or tid, text, meta)
    for key, kind in (("topic", "topic"), ("region", "region")):
        tax = TAX[key]
        for term in sorted({t for d in corpus for t in tax.terms(d)}):
            yield Record(_url(term_path(tax, term)), f"{tax.title}：{term}", term, {"kind": kind})
    names = indicator_names()
    for code in sorted({i.indicator for d in corpus for i in d.indicators if i.indicator}):
        yield Record(_url(indicator_path(code)), names.get(code, code), "", {"kind": "indicator"})
    yield Record(_url("data/index.md"), "开放数据", "文件、指标与引用三张表的 Frictionless 数据包，附数据字典、预览与下载。",
                 {"kind": "data"})
    yield Record(_url("about.md"), "关于本站", "谁发布本站，文件从哪里来，许可，如何报告错误，术语说明。", {"kind": "about"})
