"""Pages of the cited policies: one per policy, the index of all, the unresolved references."""
from __future__ import annotations

import re
from collections import defaultdict

from jinja2 import Environment

from ...model import Corpus
from .common import paged, page, policy_path


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


def policy_pages(env: Environment, corpus: Corpus) -> dict[str, str]:
    pages = {}
    citing: dict[str, list] = defaultdict(list)
    for doc in corpus:
        for c in doc.citations:
            citing[c.target_id].append((doc, c, citation_context(doc.source.text, c.start, c.end)))
    for tid, t in corpus.targets.items():
        for path, chunk, numbered in paged(policy_path(t), citing[tid]):
            pages[path] = page(env, "policy.md.j2", {"title": t.title or t.doc_number},
                               page=path, target=t, citing=chunk, total=len(citing[tid]), pages=numbered,
                               in_corpus=corpus.get(t.document_id) if t.document_id else None)
    rows = sorted(corpus.targets.values(), key=lambda t: (-len(citing[t.id]), t.title or t.doc_number or ""))
    backrefs = [(doc, c, citation_context(doc.source.text, c.start, c.end)) for doc in corpus for c in doc.backrefs]
    for path, chunk, numbered in paged("policies/index.md", rows):
        pages[path] = page(env, "policies.md.j2", {"title": "引用的政策"},
                           page=path, targets=chunk, citing=citing, backrefs=len(backrefs), pages=numbered)
    outside = [t for t in rows if not t.document_id]
    for path, chunk, numbered in paged("policies/unresolved.md", backrefs):
        pages[path] = page(env, "unresolved.md.j2", {"title": "无法确定所指的引用"},
                           page=path, backrefs=chunk, outside=outside if path == "policies/unresolved.md" else [],
                           outside_total=len(outside), pages=numbered)
    return pages
