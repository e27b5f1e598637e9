"""The year a figure refers to and its kind (actual or target), found by scope.

The year comes from the nearest place that states one, going outwards: the figure's
clause and sentence (``stated``), the lead sentence or list head that governs it
(到2027年，A达到…，B突破… — ``list``), the section heading above it (（三）2024年工作目标 —
``heading``), the plan's period in the document's title (三年行动计划（2023—2025年）—
``period``), and for 今年 / 年内 / 目前 the year the document was issued (``issue-year``).
The kind goes the same way: a word cue (已, 截至, 力争, 目标 …), the year against the
issuing year, the scope's kind, the section heading's, then the genre's default.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import cn2an

from .rules import rules
from .view import Sentence, bracket_depth


@dataclass
class Cue:
    pos: int  # view offset of the cue's end
    year: int | None
    decisive: bool  # the cue settles the year (even as None)
    kind: str | None
    is_time: bool = False
    propagates: bool = False  # 目前: the present state, for the rest of the paragraph
    fallback: int | None = None  # 全年/年底: the year when neither sentence nor scope gives one
    source: str = "stated"  # stated, or issue-year when the year is the issuing year's
    baseline: bool = False  # 由2015年底的: only for the figure right after it
    start: int = 0


def _cue_year(rule: dict, m, issue: int | None) -> tuple[int | None, bool]:
    how = rule.get("year")
    if how in (None, "none", "context"):
        return None, how == "none"
    if how == "group":
        return int(m.group(1)), True
    if how == "plan":  # 十四五 -> 2025
        return 2005 + 5 * cn2an.cn2an(m.group(1), "smart"), True
    if issue is None:
        return None, False
    if how == "future":  # 未来5年 -> issue + 4
        n = m.group(1)
        return issue + (int(n) if n.isdigit() else cn2an.cn2an(n, "smart")) - 1, True
    return issue + {"issue": 0, "issue-1": -1, "issue+1": 1}[how], True


def sentence_cues(sent: Sentence, issue: int | None) -> list[Cue]:
    r, cues, taken = rules(), [], []
    if not r.any_cue.search(sent.text):
        return cues
    for pattern, rule in r.time_cues_:
        for m in pattern.finditer(sent.text):
            if any(a < m.end() and m.start() < b for a, b in taken) or any(bracket_depth(sent.text, m.start())[:2]):
                continue  # overlapping a stronger cue, or inside a title: （2017-2020年）
            taken.append((m.start(), m.end()))
            year, decisive = _cue_year(rule, m, issue)
            how = rule.get("year")
            cues.append(Cue(sent.start + m.end(), year, decisive, rule.get("kind"), True,
                            rule.get("propagates", False), issue if how == "context" else None,
                            "issue-year" if how in ("issue", "issue-1", "issue+1", "future") else "stated",
                            rule.get("baseline", False), sent.start + m.start()))
    for pattern, kind in r.kind_cues:
        cues += [Cue(sent.start + m.end(), None, False, kind, start=sent.start + m.start())
                 for m in pattern.finditer(sent.text) if not any(a <= m.start() < b for a, b in taken)]
    return sorted(cues, key=lambda c: c.pos)


@dataclass
class Scope:
    """The time frame a lead sentence (到2020年，……。 / 目前，……) sets for what follows."""
    year: int | None
    kind: str | None
    pending: bool = False  # may extend over a list that starts right after it
    level: int | None = None  # level of the list it has been extended over
    source: str = "list"


def _lead(cues: list[Cue]) -> Scope | None:
    if not any(c.is_time for c in cues):
        return None
    dated = [c for c in cues if c.is_time and (c.decisive or c.year is not None)]
    kinds = [c.kind for c in cues if c.kind]
    return Scope(dated[-1].year if dated else None, kinds[-1] if kinds else None,
                 source="issue-year" if dated and dated[-1].source == "issue-year" else "list")


def _carry(scope: Scope, s: Sentence, new_para: bool) -> Scope | None:
    """The scope still in force at sentence ``s``, or None."""
    if s.level is not None:  # a heading or list item
        if scope.level is not None and s.level >= scope.level:
            return scope  # the list it was extended over goes on
        if scope.pending and s.first:
            scope.level = s.level  # a list the lead announced
            return scope
        return None
    return None if new_para else scope


def scopes(sentences: list[Sentence], cues: list[list[Cue]], has_figure: list[bool]) -> list[Scope | None]:
    """The scope in force at each sentence, before the sentence's own cues."""
    scope, out = None, []
    for k, s in enumerate(sentences):
        if scope is not None:
            scope = _carry(scope, s, k == 0 or sentences[k - 1].para != s.para)
        if scope is not None and s.level is None:
            scope.pending = False  # only the sentence right before a list announces it
        out.append(scope)
        lead = None if has_figure[k] else _lead(cues[k])
        present = [c for c in cues[k] if c.propagates]
        if lead is not None:
            scope = lead
        elif present:
            scope = Scope(present[-1].year, "actual", source=present[-1].source)
        last_in_para = k + 1 == len(sentences) or sentences[k + 1].para != s.para
        if scope is not None and (s.intro or scope is lead and last_in_para):
            scope.pending = True
    return out


@dataclass
class Timing:
    year: int | None
    year_source: str | None
    kind: str
    cue: str = ""  # what decided the kind
    notes: list = field(default_factory=list)


def year_and_kind(start: int, end: int, cues: list[Cue], scope: Scope | None, issue: int | None,
                  default_kind: str, clause_end: int) -> Timing:
    """The year: the nearest cue before the figure in its sentence, else the scope's.
    The kind: a word cue before (else after, in the clause), the year against the issuing
    year, a time cue's hint, the scope's, the document's default."""
    before = [c for c in cues if c.pos <= start]
    dated = [c for c in before if c.decisive or c.year is not None]
    if dated:
        year, source = dated[-1].year, dated[-1].source
    elif scope is not None and scope.year is not None:
        year, source = scope.year, scope.source
    else:
        year, source = None, None
    if not dated and year is None:
        year = next((c.fallback for c in reversed(before) if c.fallback), None)
        source = "issue-year" if year is not None else None
    words = [c.kind for c in before if c.kind and not c.is_time]
    after = [c.kind for c in cues if end < c.pos <= clause_end and c.kind and not c.is_time]
    kind, why = (words[-1], "word") if words else (after[0], "word after") if after else (None, "")
    if kind is None and None not in (year, issue) and year != issue:
        kind, why = ("actual" if year < issue else "target"), "year against issue year"
    hints = [c.kind for c in before if c.kind]
    if kind is None and hints:
        kind, why = hints[-1], "time cue"
    if kind is None and scope is not None and scope.kind:
        kind, why = scope.kind, "scope"
    if kind is None:
        kind, why = default_kind, "genre"
    return Timing(year, source if year is not None else None, kind, why)
