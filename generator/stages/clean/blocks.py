"""Blocks: normalised lines joined where the source broke them, then headings and paragraphs.

A line is continued by the next when it does not end a sentence and the next does not
start a heading; outline numbering (``data/outline.yml``) makes headings; signature lines
are marked so the page can align them.
"""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import replace

from ... import config
from ...model import Block, Line
from .lines import SPACES

SENTENCE_END = "。！？；：…!?;:"
CLOSERS = "”’」』）)】〕》"


def split_at(lines: list[Line], offsets: set[int]) -> list[Line]:
    """Split lines wherever a source offset in ``offsets`` falls inside them."""
    if not offsets:
        return lines
    out: list[Line] = []
    points = sorted(offsets)
    for line in lines:
        cuts = []  # from the runs: a character-by-character line.src() is quadratic on a long line
        for off, src, n in line.runs:
            k = bisect.bisect_left(points, src)
            while k < len(points) and points[k] < src + n:
                if off + points[k] - src >= 1:
                    cuts.append(off + points[k] - src)
                k += 1
        cuts.sort()
        pos = 0
        for c in cuts:
            out.append(line.sub(pos, c).strip(SPACES))
            pos = c
        out.append(line.sub(pos).strip(SPACES))
    return [x for x in out if x.text]


@functools.cache
def _date_line() -> re.Pattern:
    return re.compile(config.load("metadata")["date_line"])


@functools.cache
def _outline() -> tuple[tuple[int, re.Pattern], ...]:
    return tuple((e["rank"], re.compile(e["pattern"])) for e in config.load("outline")["levels"] if e["heading"])


def outline_level(text: str) -> int:
    """The rank of the heading an outline number makes a line (1 for the top rank, 0 if it
    makes none); :func:`nest_levels` turns ranks into heading levels."""
    for rank, pattern in _outline():
        if pattern.match(text):
            return rank + 1
    return 0


def ends_sentence(text: str) -> bool:
    t = text.rstrip(CLOSERS)
    if not t:
        return True
    return t[-1] in SENTENCE_END


def is_date_line(text: str) -> bool:
    return bool(_date_line().match(text))


def is_bracketed(text: str) -> bool:
    return len(text) > 2 and text[0] in "（(【〔" and text[-1] in "）)】〕"


def heading_split(text: str, level: int) -> int | None:
    """Where the run-in heading of an outline-numbered line ends.

    Returns ``len(text)`` when the whole line is a heading, the offset just past the
    first sentence when that sentence is a short run-in title, or None for a plain
    numbered paragraph.
    """
    body = text.rstrip("。")
    if len(body) <= 40 and not re.search("[。！？；]", body):
        return len(text)
    m = re.search("[。！？]", text)
    if not m:
        return None
    first = text[:m.start()]
    if len(first) <= 30 and first.count("，") <= 1 and "：" not in first and m.end() < len(text):
        return m.end()
    return None


def join_broken(lines: list[Line], title_spans: list[tuple[int, int]] = ()) -> list[Line]:
    """Join lines broken mid-sentence or mid-word.

    A line is continued by the next when it does not end a sentence, is not a heading,
    a date or a bracketed note, and the next line does not start a heading. Lines of a
    title (``title_spans``, source spans) join only with lines of the same title.
    """
    starts = sorted(title_spans)

    def span_of(line: Line) -> tuple[int, int] | None:
        k = bisect.bisect_right(starts, (line.start, float("inf"))) - 1
        return starts[k] if k >= 0 and starts[k][0] <= line.start < starts[k][1] else None

    groups: list[list[Line]] = []
    spans: list[tuple[int, int] | None] = []
    for line in lines:
        span = span_of(line)
        if groups and spans[-1] == span and (span is not None or _continues(groups[-1], line)):
            groups[-1].append(line)
        else:
            groups.append([line])
            spans.append(span)
    return [concat(g) for g in groups]


def concat(lines: list[Line]) -> Line:
    """One line made of ``lines`` (keeps the first line's heading and bullet marks)."""
    return lines[0] if len(lines) == 1 else lines[0].joined(lines[1:])


def _continues(group: list[Line], line: Line) -> bool:
    """Whether ``line`` continues the paragraph made of the lines in ``group``."""
    first, last = group[0], group[-1]
    if ends_sentence(last.text):
        return False
    if len(group) == 1 and is_date_line(first.text):
        return False
    if first.text[:1] in "（(【〔" and last.text[-1:] in "）)】〕" and (len(group) > 1 or is_bracketed(first.text)):
        return False
    if first.md_level and not outline_level(first.text):
        return False
    lvl = outline_level(first.text)
    if lvl and sum(len(x.text) for x in group) <= 42:
        text = "".join(x.text for x in group)
        if heading_split(text, lvl) == len(text):
            return False  # a heading line ends where its line ends
    if outline_level(line.text) or line.md_level or line.bullet or is_date_line(line.text):
        return False
    return True


def to_blocks(lines: list[Line], title_spans: list[tuple[int, int]] = ()) -> list[Block]:
    """Body blocks: headings from outline numbers and marked titles, paragraphs otherwise."""
    blocks: list[Block] = []
    for line in lines:
        if any(a <= line.start and line.end <= b for a, b in title_spans):
            if blocks and blocks[-1].kind == "title" and blocks[-1].runs and any(
                    a <= blocks[-1].runs[0][1] and line.end <= b for a, b in title_spans):
                prev = blocks.pop()
                merged = prev.joined([line])
                blocks.append(Block(merged.text, merged.runs, kind="title", level=2))
            else:
                blocks.append(Block(line.text, line.runs, kind="title", level=2))
            continue
        level = outline_level(line.text)
        if not level and line.md_level:
            level = 2
        if level:
            cut = heading_split(line.text, level) if outline_level(line.text) else len(line.text)
            if cut is not None:
                head = line.sub(0, cut)
                text = head.text.rstrip("。")
                blocks.append(Block(text, head.sub(0, len(text)).runs, kind="heading", level=level))
                rest = line.sub(cut).strip(SPACES)
                if rest.text:
                    blocks.append(Block(rest.text, rest.runs))
                continue
        kind = "signature" if is_date_line(line.text) else "paragraph"
        blocks.append(Block(line.text, line.runs, kind=kind))
    return nest_levels(blocks)


def nest_levels(blocks: list[Block]) -> list[Block]:
    """Heading levels by the outline the document uses, not by the rank of its numbering.

    A heading's level is 2 plus the number of headings of a higher rank it stands under,
    so that levels never skip: a document numbering 一、 then 1. without （一） gives
    h2 then h3, and one using only 1. gives h2. A title (of the document a notice
    issues) starts the outline afresh.
    """
    out: list[Block] = []
    above: list[int] = []  # ranks of the headings the next one stands under
    for block in blocks:
        if block.kind == "title":
            above = []
        elif block.kind == "heading":
            while above and above[-1] >= block.level:
                above.pop()
            above.append(block.level)
            block = replace(block, level=1 + len(above))
        out.append(block)
    return out


def mark_signatures(blocks: list[Block]) -> list[Block]:
    """A short unpunctuated line just before a signature date is the signer."""
    out = list(blocks)
    for i in range(1, len(out)):
        prev = out[i - 1]
        if out[i].kind == "signature" and prev.kind == "paragraph" and len(prev.text) <= 30 \
                and not re.search("[，。；：！？、]", prev.text):
            out[i - 1] = replace(prev, kind="signature")
    return out
