"""The data model every stage passes along: sources, documents, indicators, citations.

Stages are functions from these objects to new ones; nothing here does I/O. Text that
keeps its way back to the source (a cleaned line, a body block) is a :class:`Text`.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, fields, replace
from typing import Iterator

Run = tuple[int, int, int]  # (offset in the text, offset in the source, length)


@dataclass(frozen=True, slots=True)
class Source:
    """One input file, decoded.

    ``text`` is the decoded text with any BOM removed, line ends normalised to ``\\n``
    and the characters no output can carry removed (``removed`` says where, as offsets
    into ``text``). It is what the site publishes as the document's original
    (``originals/<id>.txt``, UTF-8), and every offset in the project (indicator quotes,
    citations, dropped debris) indexes into it.
    """

    id: str
    name: str  # file name as found in the seeds folder (unprintable characters escaped)
    text: str
    sha256: str  # of the file's bytes
    encoding: str
    sidecar: dict = field(default_factory=dict)  # fields an editor set in <id>.yml
    sidecar_name: str | None = None
    removed: tuple[tuple[int, str], ...] = ()  # (offset in text, "U+XXXX") of each character removed


@dataclass(frozen=True, slots=True)
class Text:
    """A string with the way back to the source it was made from.

    ``runs`` map the string to the source: each ``(offset, source_start, length)`` says
    that ``text[offset:offset+length]`` stands for ``source[source_start:source_start+length]``
    character for character (the characters are the source's, except where cleaning
    normalised them: full-width punctuation for half-width, ASCII digits for full-width).
    Characters outside every run were added by cleaning.
    """

    text: str
    runs: tuple[Run, ...] = ()

    @property
    def start(self) -> int:
        """Source offset of the first kept character (-1 if none)."""
        return self.runs[0][1] if self.runs else -1

    @property
    def end(self) -> int:
        """Source offset just past the last kept character (-1 if none)."""
        return self.runs[-1][1] + self.runs[-1][2] if self.runs else -1

    def src(self, i: int) -> int:
        """Source offset of character ``i``."""
        k = bisect.bisect_right(self.runs, (i, float("inf"), 0)) - 1
        if k >= 0:
            off, src, n = self.runs[k]
            if off <= i < off + n:
                return src + i - off
        raise IndexError(i)

    def source_span(self, a: int, b: int) -> tuple[int, int]:
        """The source span that ``text[a:b]`` stands for (from its first to its last character)."""
        return self.src(a), self.src(b - 1) + 1

    @classmethod
    def from_offsets(cls, text: str, offsets) -> "Text":
        """A text whose i-th character stands for source character ``offsets[i]``."""
        runs: list[tuple[int, int, int]] = []
        first, shift, i = 0, None, -1  # a run: characters first… whose source offset is their index + shift
        for i, src in enumerate(offsets):
            if src - i != shift:
                if shift is not None:
                    runs.append((first, first + shift, i - first))
                first, shift = i, src - i
        if shift is not None:
            runs.append((first, first + shift, i + 1 - first))
        return cls(text, tuple(runs))

    def sub(self, i: int, j: int | None = None) -> "Text":
        """``text[i:j]`` with its runs (same type and flags as ``self``)."""
        j = len(self.text) if j is None else j
        runs = []
        for off, src, n in self.runs:
            a, b = max(off, i), min(off + n, j)
            if a < b:
                runs.append((a - i, src + a - off, b - a))
        return replace(self, text=self.text[i:j], runs=tuple(runs))

    def strip(self, chars: str) -> "Text":
        a = len(self.text) - len(self.text.lstrip(chars))
        b = len(self.text.rstrip(chars))
        return self.sub(a, max(a, b))

    def locate(self, start: int, end: int) -> tuple[int, int] | None:
        """Offsets in ``text`` covering the part of source span ``[start, end)`` kept here."""
        a = b = None
        for off, src, n in self.runs:
            lo, hi = max(src, start), min(src + n, end)
            if lo < hi:
                if a is None:
                    a = off + lo - src
                b = off + hi - src
        return (a, b) if a is not None else None

    def joined(self, others: list["Text"]) -> "Text":
        """``self`` followed by ``others``, as one (keeps ``self``'s type and flags)."""
        runs: list[Run] = []
        k = 0
        for part in [self, *others]:
            for off, src, n in part.runs:
                if runs and runs[-1][0] + runs[-1][2] == off + k and runs[-1][1] + runs[-1][2] == src:
                    o, s, m = runs.pop()
                    runs.append((o, s, m + n))
                else:
                    runs.append((off + k, src, n))
            k += len(part.text)
        return replace(self, text="".join(p.text for p in (self, *others)), runs=tuple(runs))


@dataclass(frozen=True, slots=True)
class Line(Text):
    """A normalised line of the source (cleaning's unit)."""

    md_level: int = 0  # leading '#' count in the source
    bullet: bool = False


@dataclass(frozen=True, slots=True)
class Block(Text):
    """A unit of the cleaned body.

    ``kind`` is ``heading`` (outline-numbered, ``level`` 2..4), ``title`` (the title of a
    document another one issues, shown as a heading), ``paragraph`` or ``signature`` (the
    signer and date lines, right-aligned).
    """

    kind: str = "paragraph"
    level: int = 0


@dataclass(frozen=True, slots=True)
class Dropped:
    """A piece of source text cleaning removed, and the rule that removed it.

    Rule ``unsafe-character`` is a character removed at ingest (a control character …):
    ``start == end`` is where it was in the text and ``text`` names it (``U+0007``).
    """

    start: int
    end: int
    text: str
    rule: str  # a rule name from data/debris.yml or a built-in rule


@dataclass(slots=True)
class Metadata:
    """Front-matter fields (declared in data/fields.yml). ``None``: the text does not state it."""

    title: str | None = None
    issued_title: str | None = None  # for a notice issuing another document, that document's title
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

    def issue_year(self) -> int | None:
        """The year the document was issued, when the text lets one tell it."""
        for value in (self.date, self.published):
            if value:
                return int(value[:4])
        if self.doc_number:
            m = re.search(r"[〔\[（(【]((?:19|20)\d\d)[〕\]）)】]", self.doc_number)
            if m:
                return int(m.group(1))
        return None


METADATA_FIELDS = tuple(f.name for f in fields(Metadata) if f.name != "curated")


@dataclass(frozen=True, slots=True)
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


def indicator_anchor(n: int) -> str:
    """The anchor of a document's n-th indicator on its page (its id is ``<document id>-<anchor>``)."""
    return f"q{n + 1}"


@dataclass(frozen=True, slots=True)
class Citation:
    """A policy document cited in the text, by 发文字号 and/or 《title》, as written."""

    document_id: str
    title: str | None  # with its 《》
    doc_number: str | None
    quote: str
    start: int
    end: int
    target_id: str | None = None  # filled by the link stage


@dataclass(frozen=True, slots=True)
class Note:
    """A problem found in one document while processing it: a code of the error catalogue,
    the source offset it concerns (None: the whole document) and the message's parameters."""

    code: str
    offset: int | None
    params: dict = field(default_factory=dict)


@dataclass(slots=True)
class Document:
    source: Source
    meta: Metadata
    blocks: list[Block]
    dropped: list[Dropped]
    indicators: list[Indicator] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    backrefs: list[Citation] = field(default_factory=list)  # 《方案》-style references no one can resolve
    notes: list[Note] = field(default_factory=list)  # problems found while cleaning and extracting

    @property
    def id(self) -> str:
        return self.source.id

    @property
    def display_title(self) -> str:
        """The title to show: the stated title, else the 发文字号, else the file name."""
        for value in (self.meta.title, self.meta.doc_number):
            if value and value.strip():
                return value
        return self.source.name

    def debris(self) -> list[Dropped]:
        """What cleaning removed as page debris (not the lines moved into fields)."""
        return [d for d in self.dropped if d.rule not in MOVED]


MOVED = ("layout-label", "moved-to-front-matter")  # rules of lines that became fields


@dataclass(frozen=True, slots=True)
class CitationTarget:
    """A cited policy: every citation naming the same document resolves to one target."""

    id: str
    title: str | None  # as first written, with its 《》, wrapper removed when known
    doc_number: str | None
    document_id: str | None  # the corpus document it names, if any
    names: tuple[str, ...] = ()  # every way the citations wrote it


@dataclass(frozen=True, slots=True)
class Related:
    """A link from one document to another, with why they are related."""

    document_id: str
    reason: str  # what they share: the policy titles, the region relation, the topics …


@dataclass(slots=True)
class Links:
    """Typed links of one document (filled by the link stage)."""

    cites: list[str] = field(default_factory=list)  # target ids
    cited_by: list[Related] = field(default_factory=list)
    same_policy: list[Related] = field(default_factory=list)
    same_region: list[Related] = field(default_factory=list)
    same_agency: list[Related] = field(default_factory=list)
    shared_topics: list[Related] = field(default_factory=list)
    same_proposal: list[Related] = field(default_factory=list)  # other replies to the proposal this one answers
    cut: list[str] = field(default_factory=list)  # the kinds (field names) with more related documents than shown


RELATIONS = ("cites", "cited-by", "replies-to", "same-proposal", "same-policy")


@dataclass(frozen=True, slots=True)
class Relation:
    """A typed relation of one document, with the words it rests on.

    ``relation`` is one of :data:`RELATIONS`. The target is a corpus document
    (``target_document``), a cited policy (``target_policy``, a :class:`CitationTarget` id)
    or, for ``replies-to``, the proposal (``proposal``: its number, written one way, see
    ``stages/relations.proposal_key``); ``cites`` of a policy the corpus holds has both.
    The evidence is ``quote == source.text[start:end]`` of the document ``evidence_in``
    (the citing document for ``cited-by``, the source document otherwise); ``None`` when
    the words are not in the text (a field set by a sidecar).
    """

    source: str
    relation: str
    target_document: str | None = None
    target_policy: str | None = None
    proposal: str | None = None
    evidence_in: str | None = None
    quote: str | None = None
    start: int | None = None
    end: int | None = None


@dataclass(slots=True)
class Corpus:
    documents: list[Document]
    targets: dict[str, CitationTarget] = field(default_factory=dict)
    links: dict[str, Links] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)  # filled by the link stage
    _by_id: dict[str, Document] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._by_id = {d.id: d for d in self.documents}

    def __iter__(self) -> Iterator[Document]:
        return iter(self.documents)

    def __len__(self) -> int:
        return len(self.documents)

    def get(self, doc_id: str) -> Document | None:
        return self._by_id.get(doc_id)

    def links_of(self, doc: Document) -> Links:
        return self.links.get(doc.id) or Links()
