"""Citations: the policy documents a text cites, by 《title》 and/or 发文字号, as written."""
from __future__ import annotations

import re
from typing import Sequence

from . import vocab
from .model import Citation

TITLE_RE = re.compile(r"《([^《》]{2,120})》")  # a title may be broken across lines
# what may sit between a 《title》 and the (发文字号) that belongs to it
BRIDGE_RE = re.compile(r"(?:的(?:通知|意见|决定|批复|函))?\s*[（(]\s*")


def _rules() -> dict:
    data = vocab.load("citations")
    return {
        "generic": re.compile(data["generic_title"]),
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


def same_number(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    table = str.maketrans("[]［］()（）【】", "〔〕〔〕〔〕〔〕〔〕")
    return a.translate(table) == b.translate(table)


def find_citations(doc_id: str, text: str, *, own_title: str | None = None,
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
    taken: list[tuple[int, int]] = []

    def skipped(a: int, b: int) -> bool:
        return any(s <= a < e for s, e in skip)

    for m in TITLE_RE.finditer(text):
        a, b = m.span()
        if skipped(a, b):
            continue
        inner = m.group(1)
        before, after = text[max(0, a - 12):a], text[b:b + 20]
        if rules["generic"].match(squash(inner)) or before.endswith(rules["abbrev"]):
            backrefs.append(Citation(doc_id, squash(m.group(0)), None, text[a:b], a, b))
            taken.append((a, b))
            continue
        if rules["own_before"].search(before) or rules["own_after"].match(after):
            taken.append((a, b))
            continue
        if own_title and squash(inner) == squash(own_title):
            taken.append((a, b))
            continue
        number, end = None, b
        bridge = BRIDGE_RE.match(text, b)
        if bridge:
            n = docno.match(text, bridge.end())
            if n and re.match(r"\s*[）)]", text[n.end():]):
                number = n.group(0)
                end = n.end() + len(re.match(r"\s*[）)]", text[n.end():]).group(0))
        if number and same_number(number, own_doc_number):
            number = None
        out.append(Citation(doc_id, squash(m.group(0)), number, text[a:end], a, end))
        taken.append((a, end))
    for a, b, number in doc_numbers(text):
        if skipped(a, b) or any(s <= a < e for s, e in taken) or same_number(number, own_doc_number):
            continue
        out.append(Citation(doc_id, None, number, number, a, b))
    out.sort(key=lambda c: c.start)
    return out, backrefs
