"""The header of an official document: letterhead, 发文字号, issuers, handling mark, title.

The lines before the body (the addressee, an outline heading or prose) are header lines;
each becomes a field or part of the title, or stays in the body. The title is the one the
header states: for a notice issuing another document (关于印发《…》的通知), the notice's,
as 政府信息公开 catalogues list it; the issued document's title is kept apart and marked
where the body repeats it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ...model import Dropped, Line
from ..clean.blocks import outline_level
from .layout import parse_date
from .patterns import is_agency, letterhead_agency, rules, split_issuers


@dataclass(frozen=True)
class Header:
    """The header lines read (see the module docstring)."""

    fields: dict  # doc_number, agency, handling_result as the header states them
    consumed: frozenset[int]  # header lines: they leave the body
    replaced: dict  # line index → the parts of it that stay in the body
    dropped: tuple[Dropped, ...]
    title: str | None  # the title as the header writes it (a notice's, for 印发 notices)
    title_lines: tuple[int, ...]  # indices of the header lines holding it
    title_parts: tuple[Line, ...]  # the pieces of text holding it (a glued title's piece too)


def body_start(lines: list[Line], consumed: frozenset[int], sections: frozenset[int]) -> int:
    """Index of the first line of the body (salutation, outline heading or prose)."""
    r = rules()
    for i, line in enumerate(lines[:r.header_lines]):
        if i in consumed:
            continue
        t = line.text
        if i in sections or t.endswith("：") or outline_level(t):
            return i
        if len(t) > r.body_long_line or r.body_sentence_end.search(t):
            return i
    return min(r.header_lines, len(lines))


def split_glued_title(line: Line) -> tuple[Line, Line] | None:
    """Split ``<title>的通知各市…：`` (a title glued to the addressee)."""
    r = rules()
    if r.title_start not in line.text[:40]:
        return None
    m = r.title_end.search(line.text)
    at = line.text.index(r.title_start)
    if not m or m.end() >= len(line.text) or at > m.start():
        return None
    prefix = line.text[:at]
    number = r.doc_number.match(prefix)
    issuer = prefix[number.end():] if number else prefix
    if issuer and not (is_agency(issuer) or split_issuers(issuer)):
        return None  # 关于 inside a sentence (…印发《关于…的意见》), not a title's
    return line.sub(0, m.end()), line.sub(m.end())


def _take_number(line: Line, a: int, b: int, fields: dict, dropped: list[Dropped]) -> None:
    """``line.text[a:b]``, a 发文字号, is the document's own (unless one was found before)
    and leaves the body for the front matter."""
    fields.setdefault("doc_number", line.text[a:b])
    dropped.append(Dropped(line.src(a), line.src(b - 1) + 1, line.text[a:b], "moved-to-front-matter"))


def _moved(line: Line, source: str) -> Dropped:
    """A header line whose words became a field: it leaves the body, recorded."""
    return Dropped(line.start, line.end, source[line.start:line.end], "moved-to-front-matter")


def _without_number(line: Line, fields: dict, dropped: list[Dropped]) -> Line:
    """A title line without the 发文字号 glued before it (冀政〔2013〕43号河北省人民政府关于…)."""
    m = rules().doc_number.match(line.text)
    if not m or m.end() >= len(line.text):
        return line
    _take_number(line, 0, m.end(), fields, dropped)
    return line.sub(m.end())


def _without_number_after(line: Line, fields: dict, dropped: list[Dropped]) -> Line:
    """A title line without the 发文字号 glued after it (…若干措施冀政办发〔2017〕5号)."""
    m = rules().title_then_number.match(line.text)
    if not m or "doc_number" in fields:
        return line
    _take_number(line, m.start(2), m.end(2), fields, dropped)
    return line.sub(0, m.end(1))


def dateline_date(text: str) -> str | None:
    """The ISO date of a dateline (``dateline`` of data/metadata.yml), None if impossible."""
    m = rules().dateline.match(text)
    if not m:
        return None
    return parse_date(m.group("date") or m.group("date2"))[0]


def _is_issuer(text: str) -> bool:
    return is_agency(text) or split_issuers(text) is not None


def _title_lines(lines: list[Line], candidates: list[int]) -> list[int]:
    """Which header lines hold the title: from a 关于… line (its issuer line before it is
    read apart), else from the first, to the line where the title ends or the one before a
    labelled field line (提案人：…)."""
    r = rules()
    start = next((n for n, i in enumerate(candidates) if lines[i].text.startswith(r.title_start)), None)
    if start is None:
        start = 0
    elif r.field_line.match(lines[candidates[start]].text):
        return []
    for n in range(start, len(candidates)):
        text = lines[candidates[n]].text
        if n > start and (r.field_line.match(text) or _is_issuer(text)):  # 提案人：…, or the issuer, after the title
            return candidates[start:n]
        if r.title_end.search(text):
            return candidates[start:n + 1]
    return candidates[start:]


def read_header(lines: list[Line], source: str, consumed: frozenset[int], sections: frozenset[int]) -> Header:
    """Letterhead, 发文字号, issuers, handling mark and title lines before the body.

    Header lines that are neither a field nor part of the title stay in the body.
    """
    r = rules()
    start = body_start(lines, consumed, sections)
    fields: dict = {}
    replaced: dict[int, list[Line]] = {}
    dropped: list[Dropped] = []
    taken: set[int] = set()
    glued_title = None
    # the first body line may carry a glued 发文字号 and/or title
    if start < len(lines) and start not in sections:
        line = lines[start]
        glued = split_glued_title(line)
        if glued:
            glued_title, line = _without_number(glued[0], fields, dropped), glued[1]
            replaced[start] = [line]  # the title leaves the body, as a title line would
        rest = _without_number(line, fields, dropped)
        if rest is not line:
            replaced[start] = replaced.get(start, [line])[:-1] + [rest]
    candidates: list[int] = []
    agency_line: int | None = None
    for i in range(start):
        if i in consumed:
            continue
        t = lines[i].text
        if r.doc_number.fullmatch(t):
            fields.setdefault("doc_number", t)
        elif letterhead_agency(t):
            fields.setdefault("agency", letterhead_agency(t))
        elif _is_issuer(t) and not candidates:
            fields.setdefault("agency", t)
            agency_line = i
        elif r.handling.match(t):
            fields.setdefault("handling_result", t)
        elif r.dateline.match(t):  # a dateline, a date under the title: the document's date unless it is signed
            fields.setdefault("dateline_date", dateline_date(t))
        else:
            candidates.append(i)
            continue
        taken.add(i)
        dropped.append(_moved(lines[i], source))
    title_lines = _title_lines(lines, candidates)
    taken.update(title_lines)
    after = candidates[candidates.index(title_lines[-1]) + 1:] if title_lines else []
    if after and _is_issuer(lines[after[0]].text):  # the issuer on the line under the title
        fields.setdefault("agency", lines[after[0]].text)
        taken.add(after[0])
        dropped.append(_moved(lines[after[0]], source))
    parts = [_without_number(lines[i], fields, dropped) if n == 0 else lines[i] for n, i in enumerate(title_lines)]
    if parts:
        parts[-1] = _without_number_after(parts[-1], fields, dropped)
    parts += [glued_title] if glued_title else []
    title = "".join(p.text for p in parts) or None
    if title and title.startswith(r.title_start) and agency_line is not None and title_lines \
            and title_lines[0] == agency_line + 1:
        title = lines[agency_line].text + title
    elif title and title.startswith(r.title_start) and title_lines and title_lines[0] - 1 in candidates \
            and _is_issuer(lines[title_lines[0] - 1].text):  # an issuer line among other header lines
        issuer = title_lines[0] - 1
        taken.add(issuer)
        dropped.append(_moved(lines[issuer], source))
        fields.setdefault("agency", lines[issuer].text)
        title = lines[issuer].text + title
    return Header(fields, frozenset(taken), {k: tuple(v) for k, v in replaced.items()}, tuple(dropped), title,
                  tuple(title_lines), tuple(parts))


@dataclass(frozen=True)
class Title:
    """The page's title, and what resolving it changed in the body."""

    title: str | None  # the title the text states (for a 印发 notice, the notice's)
    issued: str | None  # for a 印发 notice, the title of the document it issues
    agency: str | None  # an issuer named before 关于 in the title
    title_spans: tuple[tuple[int, int], ...]  # source spans shown as titles in the body
    splits: frozenset[int]  # source offsets where body lines split around a title
    dropped: tuple[Dropped, ...]


def _key(text: str) -> str:
    """Compare titles ignoring spaces, bracket and dash styles."""
    return re.sub(r"\s+", "", text).translate(str.maketrans("()－—–~～", "（）-----"))


def resolve_title(lines: list[Line], header: Header, consumed: frozenset[int]) -> Title:
    """The title as the header states it; for a notice issuing another document
    (关于印发《…》的通知), also that document's title, marked where the body repeats it.

    The notice's title is the document's official title, as 政府信息公开 catalogues list it.
    """
    r = rules()
    notice = header.title
    if not notice:
        return Title(None, None, None, (), frozenset(), ())
    prefix, sep, _ = notice.partition(r.title_start)
    agency = prefix if sep and prefix and (is_agency(prefix) or split_issuers(prefix)) else None
    dropped = tuple(Dropped(p.start, p.end, p.text, "moved-to-front-matter") for p in header.title_parts)
    m = r.issue_wrapper.search(notice)
    if not m:
        return Title(notice, None, agency, (), frozenset(), dropped)
    inner = m.group(1).strip()
    bare = inner[1:-1] if inner.startswith("《") and inner.endswith("》") else inner
    body = [part for i in range(len(lines)) if i not in consumed for part in header.replaced.get(i, (lines[i],))]
    found = find_in_body(body, bare, [])
    if found is None:
        return Title(notice, bare, agency, (), frozenset(), dropped)
    issued, span = found
    return Title(notice, issued, agency, (span,), frozenset(span), dropped)


def find_in_body(body: list[Line], title: str, spans: list[tuple[int, int]]) -> tuple[str, tuple[int, int]] | None:
    """The issued document's own title line in the body lines, and its source span."""
    r = rules()
    pattern = "".join(
        "[-－—–~～]" if ch in "-－—–~～" else "[（(]" if ch in "（(" else "[）)]" if ch in "）)" else re.escape(ch)
        for ch in _key(title))
    pattern = f"({pattern})" + r.title_period
    text = "".join(line.text for line in body)
    owners: list[tuple[int, int]] = [(n, k) for n, line in enumerate(body) for k in range(len(line.text))]
    for m in re.finditer(pattern, text):
        if any(a <= body[owners[m.start()][0]].start < b for a, b in spans):
            continue  # the notice's own title, not the issued document's
        before = text[max(0, m.start() - 1): m.start()]
        if before and not r.before_issued_title.fullmatch(before):
            continue
        (i0, k0), (i1, k1) = owners[m.start()], owners[m.end() - 1]
        return m.group(1), (body[i0].src(k0), body[i1].src(k1) + 1)
    return None
