"""Citations: the policy documents a text cites, by 《title》 and/or 发文字号, as written."""
from __future__ import annotations

import bisect
import re
import unicodedata
from typing import Sequence

from .. import config
from ..model import Citation

TITLE_RE = re.compile(r"《([^《》]{2,120})》")  # a title may be broken across lines
# what may sit between a 《title》 and the (发文字号) that belongs to it
CLOSE_RE = re.compile(r"\s*[）)]")


class Spans:
    """Source spans, answering "is this offset inside one?" by bisection."""

    def __init__(self, spans: Sequence[tuple[int, int]] = ()) -> None:
        merged: list[list[int]] = []
        for a, b in sorted(spans):
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            elif b > a:
                merged.append([a, b])
        self.starts = [a for a, _ in merged]
        self.ends = [b for _, b in merged]

    def add(self, a: int, b: int) -> None:
        """Add a span starting at or after every span already added."""
        self.starts.append(a)
        self.ends.append(b)

    def covers(self, pos: int) -> bool:
        k = bisect.bisect_right(self.starts, pos) - 1
        return k >= 0 and pos < self.ends[k]


def _rules() -> dict:
    data = config.load("citations")
    return {
        "generic": re.compile(data["generic_title"]),
        "not_a_policy": re.compile(data["not_a_policy"]),
        "bridge": re.compile(data["bridge"]),
        "abbrev": data["abbreviation_before"],
        "own_before": re.compile(data["own_issue_before"]),
        "own_after": re.compile(data["own_issue_after"]),
        "doc_number": re.compile(data["doc_number"]),
        "leading": re.compile("|".join(sorted(data["doc_number_leading_words"], key=len, reverse=True))),
    }


def doc_numbers(text: str) -> list[tuple[int, int, str]]:
    """Every 发文字号 in ``text`` as (start, end, number), issuing body trimmed of lead-in words."""
    rules = _rules()
    out = []
    for m in rules["doc_number"].finditer(text):
        a = m.start()
        core = re.search(r"[〔\[［（(【]\d{4}", m.group(0)).start()
        lead = None
        for w in rules["leading"].finditer(m.group(0), 0, core):
            lead = w
        if lead:
            a += lead.end()
        if m.start() + core - a >= 1:
            out.append((a, m.end(), text[a:m.end()]))
    return out


def squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def loose(s: str) -> str:
    """A title compared without spaces, brackets or width (a text's own title written with a
    stray or missing bracket is still its own: 《…计划(2016-2020年》)."""
    return re.sub(r"[\s()（）《》〔〕\[\]【】]", "", unicodedata.normalize("NFKC", s))


BRACKETS = str.maketrans("[]［］()（）【】", "〔〕〔〕〔〕〔〕〔〕")  # the ways a 发文字号's year is bracketed


def same_brackets(number: str) -> str:
    """A 发文字号 with its year in 〔〕, however it was bracketed (冀政[2021]1号 → 冀政〔2021〕1号)."""
    return number.translate(BRACKETS)


def is_own_number(number: str | None, own: str | None) -> bool:
    """Whether 发文字号 ``number`` is the document's ``own``, or ``own`` with words of the text
    before it read as part of its issuing body (若干措施冀政办发〔2017〕5号, a title glued to it)."""
    return bool(number and own) and same_brackets(number).endswith(same_brackets(own))


def find_citations(doc_id: str, text: str, *, own_titles: Sequence[str] = (),
                   own_doc_number: str | None = None,
                   skip: Sequence[tuple[int, int]] = ()) -> tuple[list[Citation], list[Citation]]:
    """Every mention of another policy document, in order of appearance.

    Returns the citations and the back-references that name no particular document
    (《实施方案》, or an abbreviation introduced with 以下简称), which cannot be resolved.
    """
    rules = _rules()
    docno = rules["doc_number"]
    out: list[Citation] = []
    backrefs: list[Citation] = []
    skipped, taken = Spans(skip), Spans()

    for m in TITLE_RE.finditer(text):
        a, b = m.span()
        if skipped.covers(a):
            continue
        inner = m.group(1)
        before, after = text[max(0, a - 12):a], text[b:b + 20]
        if rules["generic"].match(squash(inner)) or before.endswith(rules["abbrev"]):
            backrefs.append(Citation(doc_id, squash(m.group(0)), None, text[a:b], a, b))
            taken.add(a, b)
            continue
        if rules["own_before"].search(before) or rules["own_after"].match(after):
            taken.add(a, b)
            continue
        if any(loose(inner) == loose(own) for own in own_titles if own) or rules["not_a_policy"].search(squash(inner)):
            taken.add(a, b)
            continue
        full = next((c.title for c in out if c.title and len(c.title) > len(m.group(0))
                     and loose(c.title[1:-1]).endswith(loose(inner))), None)
        if full:  # 《跃升计划》 after 《河北省县域科技创新跃升计划》: its short form
            out.append(Citation(doc_id, full, None, text[a:b], a, b))
            taken.add(a, b)
            continue
        number, end = None, b
        bridge = rules["bridge"].match(text, b)
        if bridge:
            n = docno.match(text, bridge.end())
            close = CLOSE_RE.match(text, n.end()) if n else None
            if close:
                number = n.group(0)
                end = close.end()
        if number and is_own_number(number, own_doc_number):
            number = None
        out.append(Citation(doc_id, squash(m.group(0)), number, text[a:end], a, end))
        taken.add(a, end)
    for a, b, number in doc_numbers(text):
        if skipped.covers(a) or taken.covers(a) or is_own_number(number, own_doc_number):
            continue
        out.append(Citation(doc_id, None, number, number, a, b))
    out.sort(key=lambda c: c.start)
    return out, backrefs
