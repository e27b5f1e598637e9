"""Link: relations across the corpus.

* Citations are resolved to targets: the same 发文字号 written with 〔〕, [] or （）,
  a title with or without its 关于印发…的通知 wrapper, and a title written together
  with its number all name one policy. A target that is a document of the corpus links
  to its page.
* Typed links between documents: cites / cited by, cites the same policy, same region
  (the region, its parents and subdivisions), same agency, shared topics, replies to the
  same proposal; and the relations as data (``stages/relations.py``).

Every relation is computed through an index (policy → documents, region → documents…),
so the cost grows with the number of related pairs, not with the square of the corpus.
"""
from __future__ import annotations

import functools
import hashlib
import logging
import re
from collections import defaultdict
from dataclasses import replace

from .. import config
from ..gazetteer import gazetteer
from ..errors import Report
from ..model import CitationTarget, Corpus, Links, Related
from .citations import same_brackets
from .relations import relate

log = logging.getLogger(__name__)



@functools.cache
def _wrapper() -> re.Pattern:
    return re.compile(config.load("citations")["wrapper"])
MAX_RELATED = 10  # per kind on a page, most related first; the term and policy pages list them all


def number_key(number: str | None) -> str | None:
    """A 发文字号 key that ignores bracket style and spaces."""
    if not number:
        return None
    return "no:" + same_brackets(re.sub(r"\s+", "", number)).replace(config.load("citations")["number_filler"], "")


def title_key(title: str | None) -> str | None:
    """A title key without 《》, spaces, bracket style or a 关于印发…的通知 wrapper."""
    if not title:
        return None
    t = re.sub(r"\s+", "", title).strip("《》")
    m = _wrapper().match(t)
    if m:
        t = m.group(1).strip("《》")
    t = t.replace("(", "（").replace(")", "）").replace("－", "-").replace("—", "-")
    return "title:" + t


class _Groups:
    """Union-find over citation keys."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, k: str) -> str:
        self.parent.setdefault(k, k)
        while self.parent[k] != k:
            self.parent[k] = self.parent[self.parent[k]]
            k = self.parent[k]
        return k

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def target_id(keys: list[str]) -> str:
    """Stable id of a policy: from its 发文字号 when known, else from its title."""
    numbers = sorted(k for k in keys if k.startswith("no:"))
    titles = sorted((k for k in keys if k.startswith("title:")), key=lambda k: (len(k), k))
    key = numbers[0] if numbers else titles[0]
    return "p" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]


def resolve(corpus: Corpus) -> Corpus:
    """Give every citation a target id; collect the targets."""
    groups = _Groups()
    for doc in corpus:  # documents of the corpus are policies others may cite
        keys = [k for k in (number_key(doc.meta.doc_number), title_key(doc.meta.title)) if k]
        for k in keys:
            groups.find(k)
        for k in keys[1:]:
            groups.union(keys[0], k)
    for doc in corpus:
        for c in doc.citations:
            keys = [k for k in (title_key(c.title), number_key(c.doc_number)) if k]
            for k in keys:
                groups.find(k)
            for k in keys[1:]:
                groups.union(keys[0], k)
    members: dict[str, list[str]] = defaultdict(list)
    for k in groups.parent:
        members[groups.find(k)].append(k)
    ids = {root: target_id(keys) for root, keys in members.items()}
    owner: dict[str, str] = {}
    for doc in corpus:
        for k in (number_key(doc.meta.doc_number), title_key(doc.meta.title)):
            if k:
                owner.setdefault(groups.find(k), doc.id)
    targets: dict[str, CitationTarget] = {}
    names: dict[str, list[str]] = defaultdict(list)
    documents = []
    for doc in corpus:
        cites = []
        for c in doc.citations:
            root = groups.find(title_key(c.title) or number_key(c.doc_number))
            tid = ids[root]
            for n in (c.title, c.doc_number):
                if n and n not in names[tid]:
                    names[tid].append(n)
            if tid not in targets:
                targets[tid] = CitationTarget(tid, None, None, owner.get(root))
            t = targets[tid]
            if t.title is None and c.title:
                t = replace(t, title=_unwrapped(c.title))
            if t.doc_number is None and c.doc_number:
                t = replace(t, doc_number=c.doc_number)
            targets[tid] = t
            cites.append(replace(c, target_id=tid))
        documents.append(replace(doc, citations=cites))
    targets = {tid: replace(t, names=tuple(names[tid])) for tid, t in sorted(targets.items())}
    return Corpus(documents, targets=targets)


def _unwrapped(title: str) -> str:
    inner = re.sub(r"\s+", "", title).strip("《》")
    m = _wrapper().match(inner)
    return f"《{m.group(1).strip('《》')}》" if m else f"《{inner}》"


# --------------------------------------------------------------------------- regions


def ancestors(label: str) -> list[str]:
    """The regions above a region, nearest first, as pages name them (文水县 → 吕梁市, 山西省);
    none for a name the gazetteer does not know, or knows for several places."""
    g = gazetteer()
    found = g.lookup(label)
    return [g.label(a) for a in g.ancestors(found[0])] if len(found) == 1 else []


# --------------------------------------------------------------------------- typed links


class Index:
    """Documents grouped by a key, with each document's place in its groups.

    ``near`` returns a bounded window of a group around a document, so finding related
    documents costs the same whether a group holds ten documents or ten thousand.
    """

    def __init__(self) -> None:
        self.groups: dict[str, list[str]] = defaultdict(list)
        self.pos: dict[tuple[str, str], int] = {}

    def add(self, key: str, doc_id: str) -> None:
        self.groups[key].append(doc_id)

    def freeze(self) -> "Index":
        for key, ids in self.groups.items():
            ids.sort()
            for i, d in enumerate(ids):
                self.pos[key, d] = i
        return self

    def near(self, key: str, doc_id: str, k: int = 2 * MAX_RELATED) -> list[str]:
        ids = self.groups.get(key, [])
        i = self.pos.get((key, doc_id), 0)
        lo = max(0, min(i - k // 2, len(ids) - k))
        return [d for d in ids[lo:lo + k + 1] if d != doc_id][:k]


def _related(shared: dict[str, list[str]]) -> list[Related]:
    """Related documents, those sharing most first, then by id; the shared things named."""
    ranked = sorted((-len(v), k, v) for k, v in shared.items())
    return [Related(k, "、".join(dict.fromkeys(v))) for _, k, v in ranked[:MAX_RELATED]]


def typed_links(corpus: Corpus) -> dict[str, Links]:
    by_target, exact_region, below_region, by_agency, by_topic = Index(), Index(), Index(), Index(), Index()
    owned: dict[str, list[str]] = defaultdict(list)  # document id → targets that name it
    for tid, t in corpus.targets.items():
        if t.document_id:
            owned[t.document_id].append(tid)
    for doc in corpus:
        for tid in dict.fromkeys(c.target_id for c in doc.citations):
            by_target.add(tid, doc.id)
        if doc.meta.region:
            exact_region.add(doc.meta.region, doc.id)
            for r in ancestors(doc.meta.region):
                below_region.add(r, doc.id)
        if doc.meta.agency:
            by_agency.add(agency_key(doc.meta.agency), doc.id)
        for t in doc.meta.topics:
            by_topic.add(t, doc.id)
    for index in (by_target, exact_region, below_region, by_agency, by_topic):
        index.freeze()

    def label(tid: str) -> str:
        t = corpus.targets[tid]
        return t.title or t.doc_number or tid

    links: dict[str, Links] = {}
    for doc in corpus:
        cites = list(dict.fromkeys(c.target_id for c in doc.citations))
        same_policy: dict[str, list[str]] = defaultdict(list)
        for tid in cites:
            for other in by_target.near(tid, doc.id):
                if other != corpus.targets[tid].document_id:
                    same_policy[other].append(label(tid))
        cited_by: dict[str, list[str]] = defaultdict(list)
        for tid in owned.get(doc.id, []):
            for other in by_target.groups.get(tid, [])[:MAX_RELATED * 5]:
                if other != doc.id:
                    cited_by[other].append(label(tid))
        region: dict[str, list[str]] = {}
        r = doc.meta.region
        if r:
            for other in exact_region.near(r, doc.id):
                region.setdefault(other, [f"同为{r}"])
            for a in ancestors(r):
                for other in exact_region.near(a, doc.id, MAX_RELATED):
                    region.setdefault(other, [f"上级地区{a}"])
            for other in below_region.near(r, doc.id):
                region.setdefault(other, [f"下辖地区{corpus.get(other).meta.region}"])
        agency: dict[str, list[str]] = {}
        if doc.meta.agency:
            agency = {o: [doc.meta.agency] for o in by_agency.near(agency_key(doc.meta.agency), doc.id)}
        topics: dict[str, list[str]] = defaultdict(list)
        for t in doc.meta.topics:
            for other in by_topic.near(t, doc.id):
                topics[other].append(t)
        kinds = {"cited_by": cited_by, "same_policy": same_policy, "same_region": region, "same_agency": agency,
                 "shared_topics": topics}
        links[doc.id] = Links(cites=cites, **{kind: _related(found) for kind, found in kinds.items()},
                              cut=[kind for kind, found in kinds.items() if len(found) > MAX_RELATED])
    return links


def agency_key(name: str) -> str:
    aliases = config.load("agencies").get("aliases") or {}
    return aliases.get(name, name)


def link(corpus: Corpus, report: Report) -> Corpus:
    """Resolve citations and compute typed links; outside-corpus citations are noted."""
    corpus = resolve(corpus)
    corpus.links = typed_links(corpus)
    relate(corpus, MAX_RELATED)
    for doc in corpus:
        for tid in dict.fromkeys(c.target_id for c in doc.citations):
            t = corpus.targets[tid]
            if t.document_id is None:
                report.add("unresolved-citation", doc.source.name, cited=t.title or t.doc_number)
    return corpus
