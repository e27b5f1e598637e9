"""Typed relations as data: what each document cites, who cites it, which proposal it
answers, which other replies answer the same proposal, and who cites the same policies.

Every relation keeps the words it rests on (a quote and its offsets in one document's
source text), so that ``relations.csv`` can be checked against the texts as
``indicators.csv`` and ``citations.csv`` can. Relations come from the resolved citations
and the typed links of :mod:`generator.stages.link`; ``same-policy`` rows are the links
the document pages show (at most :data:`~generator.stages.link.MAX_RELATED` a document,
those sharing most first), the others are complete.
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict

from .. import config
from ..model import Citation, Corpus, Document, Related, Relation

ORDER = {"cites": 0, "cited-by": 1, "replies-to": 2, "same-proposal": 3, "same-policy": 4}
_BRACKETS = str.maketrans({"〔": "(", "〕": ")", "[": "(", "]": ")", "【": "(", "】": ")", "（": "(", "）": ")"})


def reply_types() -> tuple[str, ...]:
    """The genres that answer a proposal or suggestion (``doc_types.yml`` ``replies``)."""
    return tuple(config.load("doc_types").get("replies") or ())


def proposal_key(number: str | None) -> str | None:
    """A proposal number written one way: full-width characters as half-width, no spaces,
    one kind of bracket, no 第 before the number nor leading zeros, no trailing 提案 / 建议
    (市政协五届二次会议 A 类第 051 号提案 → 市政协五届二次会议A类51号)."""
    if not number:
        return None
    s = re.sub(r"\s+", "", unicodedata.normalize("NFKC", number)).translate(_BRACKETS).upper()
    s = re.sub(r"(?:的)?(?:提案|建议|议案)$", "", s)
    s = re.sub(r"第(?=\d)", "", s)
    s = re.sub(r"(?<!\d)0+(?=\d)", "", s)
    return s or None


def _loose(written: str) -> re.Pattern:
    """A pattern of ``written`` that lets spaces stand between its characters and takes
    each character in its full- or half-width form (how a text may write the number)."""
    parts = []
    for ch in re.sub(r"\s+", "", written):
        forms = {ch, unicodedata.normalize("NFKC", ch)}
        if "!" <= ch <= "~":
            forms.add(chr(ord(ch) + 0xFEE0))
        parts.append("[" + "".join(re.escape(f) for f in sorted(forms)) + "]")
    return re.compile(r"\s*".join(parts))


def proposal_evidence(doc: Document) -> tuple[str, int, int] | None:
    """Where the text states the proposal number it answers: (quote, start, end), or None
    (a number set by a sidecar that the text writes otherwise)."""
    number = doc.meta.proposal_number
    if not number:
        return None
    m = _loose(number).search(doc.source.text)
    return (m.group(0), m.start(), m.end()) if m else None


def _first(doc: Document) -> dict[str, Citation]:
    """The first citation of each target in a document."""
    first: dict[str, Citation] = {}
    for c in doc.citations:
        if c.target_id and c.target_id not in first:
            first[c.target_id] = c
    return first


def replies(corpus: Corpus) -> dict[str, list[Document]]:
    """Replies by the proposal they answer (its :func:`proposal_key`), each group by id."""
    genres = reply_types()
    groups: dict[str, list[Document]] = defaultdict(list)
    for doc in corpus:
        key = proposal_key(doc.meta.proposal_number) if doc.meta.doc_type in genres else None
        if key:
            groups[key].append(doc)
    return {k: sorted(v, key=lambda d: d.id) for k, v in sorted(groups.items())}


def same_proposal_links(corpus: Corpus, groups: dict[str, list[Document]], limit: int) -> None:
    """Each reply's other replies to its proposal, into ``corpus.links``."""
    for docs in groups.values():
        for doc in docs:
            others = [Related(o.id, f"答复同一提案：{o.meta.proposal_number}") for o in docs if o.id != doc.id]
            if others:
                corpus.links[doc.id].same_proposal = others[:limit]


def relations(corpus: Corpus, groups: dict[str, list[Document]]) -> list[Relation]:
    """Every relation of the corpus, ordered by source document, kind and target."""
    out: list[Relation] = []
    for doc in corpus:
        for tid, c in _first(doc).items():
            t = corpus.targets[tid]
            if t.document_id == doc.id:  # a document naming itself relates to nothing
                continue
            out.append(Relation(doc.id, "cites", t.document_id, tid, None, doc.id, c.quote, c.start, c.end))
            if t.document_id:
                out.append(Relation(t.document_id, "cited-by", doc.id, tid, None, doc.id, c.quote, c.start, c.end))
    for key, docs in groups.items():
        evidence = {d.id: proposal_evidence(d) or (None, None, None) for d in docs}
        for doc in docs:
            out.append(Relation(doc.id, "replies-to", None, None, key, doc.id, *evidence[doc.id]))
            for other in docs:
                if other.id != doc.id:
                    out.append(Relation(doc.id, "same-proposal", other.id, None, key, doc.id, *evidence[doc.id]))
    for doc in corpus:
        first = _first(doc)
        for r in corpus.links_of(doc).same_policy:
            other = corpus.get(r.document_id)
            theirs = {c.target_id for c in other.citations}
            for tid, c in first.items():
                if tid in theirs and corpus.targets[tid].document_id not in (doc.id, other.id):
                    out.append(Relation(doc.id, "same-policy", other.id, tid, None, doc.id, c.quote, c.start, c.end))
    out.sort(key=lambda r: (r.source, ORDER[r.relation], r.target_document or "", r.target_policy or "",
                            r.proposal or ""))
    return out


def relate(corpus: Corpus, limit: int) -> Corpus:
    """Fill ``corpus.relations`` and the ``same_proposal`` links (the corpus is linked)."""
    groups = replies(corpus)
    same_proposal_links(corpus, groups, limit)
    corpus.relations = relations(corpus, groups)
    return corpus
