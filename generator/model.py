"""The data model every stage passes along: sources, documents, indicators, citations.

Stages are functions from these objects to new ones; nothing here does I/O.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator


@dataclass(frozen=True)
class Source:
    """One input file, decoded.

    ``text`` is the decoded text with any BOM removed and line ends normalised to
    ``\\n`` (what Python's text mode gives). Every offset in the project (indicator
    quotes, citations, dropped debris) indexes into this string.
    """

    id: str
    name: str  # file name as found in the seeds folder
    text: str
    sha256: str
    encoding: str
    sidecar: dict = field(default_factory=dict)  # fields an editor set in <id>.yml
    sidecar_name: str | None = None
    raw: bytes = field(default=b"", repr=False, compare=False)  # the file's bytes, for download


@dataclass(frozen=True)
class Dropped:
    """A piece of source text cleaning removed, and the rule that removed it."""

    start: int
    end: int
    text: str
    rule: str  # a rule name from data/debris.yml or a built-in rule


@dataclass(frozen=True)
class Block:
    """A unit of the cleaned body: a heading or a paragraph.

    ``runs`` maps the cleaned text back to the source: each ``(offset, source_start,
    length)`` says that ``text[offset:offset+length]`` stands for
    ``source.text[source_start:source_start+length]``, character for character. The
    characters are the source's, except where cleaning normalised them (full-width
    punctuation for half-width, ASCII digits for full-width ones).
    """

    kind: str  # "heading" or "paragraph"
    level: int  # 2..4 for headings, 0 for paragraphs
    text: str
    runs: tuple[tuple[int, int, int], ...] = ()

    def source_span(self) -> tuple[int, int] | None:
        if not self.runs:
            return None
        first, last = self.runs[0], self.runs[-1]
        return first[1], last[1] + last[2]

    def to_block_offset(self, source_offset: int) -> int | None:
        """The offset in ``text`` of a source offset, or None if it was not kept."""
        for off, src, n in self.runs:
            if src <= source_offset < src + n:
                return off + (source_offset - src)
        return None


@dataclass
class Metadata:
    """Front-matter fields. ``None`` means the text does not state it."""

    title: str | None = None
    doc_number: str | None = None
    agency: str | None = None
    date: str | None = None
    published: str | None = None
    doc_type: str = "其他"
    region: str | None = None
    proposal_number: str | None = None
    proposer: str | None = None
    index_number: str | None = None
    handling_result: str | None = None
    topics: list[str] = field(default_factory=list)
    cited_policies: list[str] = field(default_factory=list)
    curated: list[str] = field(default_factory=list)  # fields set by a sidecar file

    FIELDS = (
        "title", "doc_number", "agency", "date", "published", "doc_type", "region",
        "proposal_number", "proposer", "index_number", "handling_result", "topics",
        "cited_policies",
    )

    def issue_year(self) -> int | None:
        """The year the document was issued, when the text lets one tell it."""
        for value in (self.date, self.published):
            if value:
                return int(value[:4])
        if self.doc_number:
            import re

            m = re.search(r"[〔\[（(【]((?:19|20)\d\d)[〕\]）)】]", self.doc_number)
            if m:
                return int(m.group(1))
        return None


@dataclass(frozen=True)
class Indicator:
    """One quantitative fact, with the exact words it came from."""

    document_id: str
    subject: str
    indicator: str  # vocabulary code, "" when the subject is not in the vocabulary
    value: float | str  # as written; a string for fractions, ratios, Chinese numerals
    unit: str  # as written, multiplier included (万家, 亿元); "" when none
    value_max: float | None
    value_normalized: float | None
    unit_normalized: str
    year: int | None
    kind: str  # "actual" or "target"
    quote: str
    start: int
    end: int
    year_source: str | None = None  # how the year was found: stated, list, heading, period, issue-year

    @property
    def id(self) -> str:
        return f"{self.document_id}-{self.start}-{self.end}-{self.value}"


@dataclass(frozen=True)
class Citation:
    """A policy document cited in the text, by 发文字号 and/or 《title》, as written."""

    document_id: str
    title: str | None  # with its 《》
    doc_number: str | None
    quote: str
    start: int
    end: int
    target_id: str | None = None  # filled by the link stage


@dataclass
class Document:
    source: Source
    meta: Metadata
    blocks: list[Block]
    dropped: list[Dropped]
    indicators: list[Indicator] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    backrefs: list[Citation] = field(default_factory=list)  # 《方案》-style references no one can resolve

    @property
    def id(self) -> str:
        return self.source.id

    @property
    def display_title(self) -> str:
        """The title to show: the stated title, else the 发文字号, else the file name."""
        return self.meta.title or self.meta.doc_number or self.source.name


@dataclass(frozen=True)
class CitationTarget:
    """A cited policy: every citation naming the same document resolves to one target."""

    id: str
    title: str | None  # as first written, with its 《》, wrapper removed when known
    doc_number: str | None
    document_id: str | None  # the corpus document it names, if any
    names: tuple[str, ...] = ()  # every way the citations wrote it


@dataclass(frozen=True)
class Related:
    """A link from one document to another, with why they are related."""

    document_id: str
    reason: str  # what they share: the policy titles, the region relation, the topics …


@dataclass
class Links:
    """Typed links of one document (filled by the link stage)."""

    cites: list[str] = field(default_factory=list)  # target ids
    cited_by: list[Related] = field(default_factory=list)
    same_policy: list[Related] = field(default_factory=list)
    same_region: list[Related] = field(default_factory=list)
    same_agency: list[Related] = field(default_factory=list)
    shared_topics: list[Related] = field(default_factory=list)


@dataclass
class Corpus:
    documents: list[Document]
    targets: dict[str, CitationTarget] = field(default_factory=dict)
    links: dict[str, Links] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._by_id = {d.id: d for d in self.documents}

    def __iter__(self) -> Iterator[Document]:
        return iter(self.documents)

    def __len__(self) -> int:
        return len(self.documents)

    def get(self, doc_id: str) -> Document | None:
        return self._by_id.get(doc_id)

    def citing(self, target_id: str) -> list[tuple[Document, Citation]]:
        """Every (document, citation) that cites a target, in document order."""
        return [(d, c) for d in self.documents for c in d.citations if c.target_id == target_id]

    def links_of(self, doc: Document) -> Links:
        return self.links.get(doc.id) or Links()
