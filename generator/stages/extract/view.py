"""The normalised view of a text that keeps every character's source offset.

The view drops whitespace and soft line wraps inside sentences (crawled texts break lines
anywhere, 全县高新技术\\n\\n企业达到 15 户), makes full-width digits ASCII and turns
paragraph ends and skipped ranges into "\\n". It is cut into sentences (with their
heading or list-item level) and clauses; every offset maps back to the source.
"""
from __future__ import annotations

import functools
import re
from array import array
from dataclasses import dataclass
from typing import Sequence

from ...model import Text
from .rules import rules

WS = " \t\r\n\u3000\xa0\u2002\u2003\u200b\ufeff"
_TOKEN = re.compile(f"[{WS}]+|[^{WS}]+")
_LINE = re.compile(r"[^\n]+")


@functools.cache
def _chars() -> tuple:
    t = rules().text_
    fullwidth = {c: c - 0xFEE0 for c in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]}
    fullwidth.update({ord(a): ord(b) for a, b in zip(*t.fullwidth)})
    sentence = re.compile(f"[^{t.sentence_end}]+[{t.sentence_end}]*")
    return fullwidth, t.markup, t.bullets, t.final, sentence, t.clause_delims


View = Text  # the view is the project's one text-with-offsets type (generator/model.py)


def heading_level(s: str) -> int | None:
    return next((level for pattern, level in rules().headings if pattern.match(s)), None)


def _is_paragraph_break(run: str, line: dict, following: str) -> bool:
    """Whether a whitespace run ends a paragraph (else it is a soft wrap inside one).

    ``line`` describes the paragraph so far: its first characters, length, last character
    and whether it holds a full stop.
    """
    _, markup, bullets, final, _, _ = _chars()
    if "\u3000\u3000" in run:
        return True
    if line["len"] < 20 or line["last"] in final or not line["period"] and heading_level(line["head"]) is not None:
        return True  # short lines, finished sentences and headings end where they end
    return heading_level(following.lstrip(markup + WS)) is not None or following[:1] in markup + bullets


def build_view(text: str, skip: Sequence[tuple[int, int]] = ()) -> View:
    """The text without spaces or soft wraps; paragraph ends and skipped ranges become "\\n"."""
    fullwidth, markup, _, _, _, _ = _chars()
    stop = rules().text_.sentence_end[0]
    out: list[str] = []  # pieces of the view
    src = array("l")  # source offset of every view character
    line = {"head": "", "len": 0, "last": "", "period": False}  # the paragraph being built

    def add(piece: str, offsets) -> None:
        out.append(piece)
        src.extend(offsets)
        if len(line["head"]) < 40:
            line["head"] += piece[:40]
        line["len"] += len(piece)
        line["last"] = piece[-1]
        line["period"] = line["period"] or stop in piece

    def paragraph_break(at: int) -> None:
        if out and out[-1] != "\n":
            out.append("\n")
            src.append(at)
        line.update(head="", len=0, last="", period=False)

    pos = 0
    for a, b in sorted((a, b) for a, b in skip if b > a) + [(len(text), len(text))]:
        for m in _TOKEN.finditer(text, pos, max(pos, a)):
            run = m.group()
            if run[0] not in WS:
                if not any(ch in markup for ch in run):
                    add(run.translate(fullwidth), range(m.start(), m.end()))
                else:
                    keep = [k for k, ch in enumerate(run) if ch not in markup]
                    if keep:
                        add("".join(run[k] for k in keep).translate(fullwidth), (m.start() + k for k in keep))
            elif ("\n" in run or "\u3000\u3000" in run) and (line["len"] == 0 or _is_paragraph_break(
                    run, line, text[m.end():m.end() + 8])):
                paragraph_break(m.start())
        if a < len(text):
            paragraph_break(a)
        pos = max(pos, b)
    return Text.from_offsets("".join(out), src)


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    para: int
    text: str
    level: int | None  # heading or list-item level
    first: bool  # the first item of a list (一、 （一） 1. 一是)
    intro: bool  # announces what follows (…如下：)
    heading: bool = False  # a short heading (一、发展目标), not a list item with its content


def segment(view: View) -> list[Sentence]:
    r, out = rules(), []
    sentence = _chars()[4]
    for para, m in enumerate(_LINE.finditer(view.text)):
        for s in sentence.finditer(m.group()):
            a, t = m.start() + s.start(), s.group()
            level = heading_level(t)
            short = level is not None and len(t) <= r.heading_max_len + 4
            out.append(Sentence(a, a + len(t), para, t, level, bool(r.first_item_re.match(t)),
                                bool(r.introducer_re.search(t.rstrip("”\""))), short))
    return out


def bracket_depth(s: str, upto: int) -> list[int]:
    """How deep ``s[upto]`` sits in （）, 《》 and “” (also ASCII ")."""
    depths = []
    for opens, closes in rules().text_.brackets:
        d = 0
        for ch in s[:upto]:
            d = d + (ch in opens) - (ch in closes and d > 0)
        depths.append(d)
    depths[2] += s[:upto].count('"') % 2
    return depths


def clause_bounds(text: str, a: int, b: int, lo: int, hi: int) -> tuple[int, int]:
    """The clause (between ，；：。) around ``text[a:b]``, within ``[lo, hi)``."""
    delims = _chars()[5]

    def delim(k: int) -> bool:
        if text[k] in ",:":  # ASCII comma or colon, except inside 1,000 or 1:5.7
            return not (0 < k < len(text) - 1 and text[k - 1].isdigit() and text[k + 1].isdigit())
        return text[k] in delims or text[k] == "\n"
    while a > lo and not delim(a - 1):
        a -= 1
    while b < hi and not delim(b):
        b += 1
    return a, b


def heading_part(s: Sentence) -> str | None:
    """The heading words of a heading or list item (（三）2024年工作目标：… → （三）2024年工作目标),
    or None when the sentence is no heading or its first words are too long for one."""
    if s.level is None:
        return None
    head = re.split(rules().text_.heading_end, s.text, maxsplit=1)[0]
    return head if len(head) <= rules().heading_max_len + 4 else None


def section_headings(sentences: list[Sentence]) -> list[tuple[tuple[float, str], ...]]:
    """The headings in force at each sentence, outermost first, as (level, words).

    A heading holds until a heading or list item of the same or a higher level; a
    heading's own sentence is under it (（三）2024年工作目标：全市…). A sentence announcing
    criteria (……应当符合以下条件：) heads the list items after it.
    """
    criteria = rules().criteria_re
    stack: list[tuple[float, str]] = []
    out, para = [], -1
    for s in sentences:
        if s.level is not None:
            stack = [h for h in stack if h[0] < s.level]
            head = heading_part(s)
            if head is not None:
                stack.append((s.level, head))
        elif s.para != para:  # a paragraph that is no list item ends a list of criteria
            stack = [h for h in stack if h[0] == int(h[0])]
        para = s.para
        out.append(tuple(stack))
        if s.intro and criteria.search(s.text):  # ……应当符合以下条件： heads the list after it
            stack.append(((s.level or 0) + 0.5, s.text))
    return out
