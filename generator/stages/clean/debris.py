"""Debris: the page furniture of crawled documents, removed and recorded.

Only what ``data/debris.yml`` lists is removed (whole lines, or pieces inside a line),
plus a crawler's second copy of the whole body; every removal is a
:class:`~generator.model.Dropped`, so nothing is lost silently.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ... import config
from ...model import Dropped, Line
from .lines import SPACES


@dataclass(frozen=True)
class DebrisRule:
    name: str
    pattern: re.Pattern
    inline: bool


def debris_rules() -> list[DebrisRule]:
    data = config.load("debris")
    rules = [DebrisRule(r["name"], re.compile(r["pattern"]), False) for r in data.get("lines", [])]
    rules += [DebrisRule(r["name"], re.compile(r["pattern"]), True) for r in data.get("inline", [])]
    return rules


def dropped_of(line: Line, source: str, rule: str) -> Dropped:
    return Dropped(line.start, line.end, source[line.start:line.end], rule)


@functools.cache
def _items() -> re.Pattern:
    """A line made of debris lines one after another (the buttons of a page's toolbar)."""
    lines = "|".join(f"(?:{r.pattern.pattern})" for r in debris_rules() if not r.inline)
    return re.compile(f"(?:{lines})+")


def drop_debris(lines: list[Line], source: str) -> tuple[list[Line], list[Dropped]]:
    """Remove the debris lines and inline debris listed in ``data/debris.yml``."""
    rules = debris_rules()
    kept: list[Line] = []
    dropped: list[Dropped] = []
    for line in lines:
        rule = next((r for r in rules if not r.inline and r.pattern.fullmatch(line.text)), None)
        if rule is None and _items().fullmatch(line.text):  # 【字体：大中小】【打印】【关闭】: several on one line
            rule = next(r for r in rules if not r.inline and r.pattern.match(line.text))
        if rule:
            dropped.append(dropped_of(line, source, rule.name))
            continue
        for r in rules:
            if not r.inline:
                continue
            m = r.pattern.search(line.text)
            while m and m.end() > m.start():
                piece = line.sub(m.start(), m.end())
                dropped.append(dropped_of(piece, source, r.name))
                line = line.sub(0, m.start()).joined([line.sub(m.end())]).strip(SPACES)
                m = r.pattern.search(line.text)
        if line.text:
            kept.append(line)
    return kept, dropped


def find_repeated_body(text: str, min_length: int = 300) -> tuple[int, int] | None:
    """The span of a crawler's second copy of the body, if the text repeats itself.

    Looks for a stretch of at least ``min_length`` characters that occurs again later;
    returns the span of the later copy, extended as far as it keeps matching.
    """
    n = len(text)
    if n < 2 * min_length:
        return None
    probe = text[:min_length] if text[:min_length].strip() else None
    starts = [0] if probe else []
    # also probe from the first non-space character
    first = len(text) - len(text.lstrip())
    if first:
        starts.append(first)
    for s in starts:
        probe = text[s:s + min_length]
        j = text.find(probe, s + min_length)
        if j < 0:
            continue
        k = 0
        while j + k < n and s + k < j and text[s + k] == text[j + k]:
            k += 1
        if k >= min_length:
            return j, j + k
    return None


def drop_repeated_body(lines: list[Line], source: str) -> tuple[list[Line], list[Dropped]]:
    span = find_repeated_body(source)
    if span is None:
        return lines, []
    a, b = span
    kept: list[Line] = []
    pieces: list[Line] = []
    for line in lines:
        if line.end <= a or line.start >= b:
            kept.append(line)
            continue
        # keep the parts of a line outside the repeated span (found from the runs: a
        # character-by-character line.src() is quadratic on a long line)
        inside = [(off + max(src, a) - src, off + min(src + n, b) - src)
                  for off, src, n in line.runs if max(src, a) < min(src + n, b)]
        if not inside:
            kept.append(line)
            continue
        i0, i1 = inside[0][0], inside[-1][1]
        if i0 > 0:
            kept.append(line.sub(0, i0))
        pieces.append(line.sub(i0, i1))
        if i1 < len(line.text):
            kept.append(line.sub(i1))
    dropped = [Dropped(a, b, source[a:b], "duplicate-body")] if pieces else []
    return kept, dropped
