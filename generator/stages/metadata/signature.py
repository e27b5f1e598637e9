"""Fields stated in the body: the signature (issuer and date), the proposal a reply
answers and the member who made it."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ...model import Line, Note
from ..clean.blocks import is_date_line
from .layout import parse_date
from .patterns import is_agency, rules


@dataclass(frozen=True)
class Signature:
    date: str | None
    splits: frozenset[int]  # where a signer, date and following text glued on one line split
    notes: tuple[Note, ...]


def signature_date(lines: list[Line], consumed: frozenset[int], replaced: dict) -> Signature:
    """The document's own date: a signature date line, or a date glued to the signer."""
    r = rules()
    for i, line in enumerate(lines):
        if i in consumed:
            continue
        current = replaced.get(i, (line,))[-1]
        t = current.text
        if is_date_line(t):
            return _date(t, current.start)
        dateline = r.dateline.match(t)  # （2024年6月18日 酒泉日报） under a press text
        if dateline:
            return _date(dateline.group("date") or dateline.group("date2"), current.start)
        prev = lines[i - 1].text if i else ""
        m = r.date.match(t)
        if m and m.end() < len(t) and is_agency(prev) and not t[m.end():].startswith(r.not_after_signature_date):
            return _date(t, current.start, frozenset({current.src(m.end())}))
    glued = re.compile(rf"(?:^|(?<=[。　]))({r.agency.pattern})({r.date.pattern})(?!{r.not_after_signature_date})")
    for line in lines:
        for m in glued.finditer(line.text):
            if is_agency(m.group(1)):
                splits = frozenset(line.src(k) for k in (m.start(1), m.end(1), m.end(2)) if k < len(line.text))
                return _date(m.group(2), line.src(m.start(2)), splits)
    # a text that ends with its date, glued to its last sentence (…具体措施。2013年7月25日)
    last = next((replaced.get(i, (line,))[-1] for i, line in reversed(list(enumerate(lines))) if i not in consumed),
                None)
    m = re.search(rf"(?<=[。！？])({r.date.pattern})$", last.text) if last is not None else None
    if m:
        return _date(m.group(1), last.src(m.start(1)), frozenset({last.src(m.start(1))}))
    return Signature(None, frozenset(), ())


def _date(text: str, offset: int, splits: frozenset[int] = frozenset()) -> Signature:
    value, notes = parse_date(text, offset)
    return Signature(value, splits, tuple(notes))


def signature_agency(lines: list[Line]) -> str | None:
    """The signer: an agency line followed by a date line, or glued to its date. Joint
    signers on the agency lines right above it are signers too (each on its line)."""
    r = rules()
    for i, line in enumerate(lines):
        nxt = lines[i + 1].text if i + 1 < len(lines) else ""
        if is_agency(line.text) and (is_date_line(nxt) or r.date.match(nxt)):
            first = i
            while first > 0 and is_agency(lines[first - 1].text):
                first -= 1
            return r.issuer_separator.join(lines[k].text for k in range(first, i + 1))
    glued = re.compile(rf"(?:^|[。　])({r.agency.pattern})({r.date.pattern})")
    for line in lines:
        m = glued.search(line.text)
        if m and is_agency(m.group(1)):
            return m.group(1)
    return None


def proposal_number(lines: list[Line]) -> str | None:
    r = rules()
    for line in lines[:r.proposal_lines]:
        m = r.proposal.search(line.text)
        if m:
            return m.group(0)
    return None


def proposer(lines: list[Line]) -> str | None:
    r = rules()
    for line in lines[:r.salutation_lines]:
        m = r.salutation.match(line.text)
        if m:
            return m.group(1)
    return None
