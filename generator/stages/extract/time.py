"""The year a figure refers to and its kind (actual or target), found by scope.

The year comes from the nearest place that states one, going outwards: the figure's
clause and sentence (``stated``); the sentence before it in its paragraph, or the lead
sentence or list head that governs it (到2027年，A达到…，B突破… — ``list``); the section
heading above it (（三）2024年工作目标 — ``heading``); the plan's period in the document's
title (三年行动计划（2023—2025年）— ``period``); and for 今年 / 年内 / 目前 the year the
document was issued (``issue-year``). The kind goes the same way: a word cue (已, 截至,
力争, 目标 …), the year against the issuing year, the scope's kind, the section heading's,
the plan's period, then the genre's default.
"""
from __future__ import annotations

from dataclasses import dataclass

import cn2an

from .rules import rules
from .view import Sentence, bracket_depth


@dataclass(slots=True)
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
    words: str = ""
    clause: bool = False  # 其中2023年新认定31家: the year dates its own clause only

    @property
    def dated(self) -> bool:
        return self.is_time and (self.decisive or self.year is not None)


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
                            rule.get("baseline", False), m.group(), rule.get("clause", False)))
    for pattern, kind in r.kind_cues:
        cues += [Cue(sent.start + m.end(), None, False, kind, words=m.group())
                 for m in pattern.finditer(sent.text) if not any(a <= m.start() < b for a, b in taken)]
    return sorted(cues, key=lambda c: c.pos)


# --------------------------------------------------------------------------- scopes


@dataclass
class Scope:
    """The time frame a sentence (到2020年，……。 / 目前，……) sets for what follows it."""
    year: int | None
    kind: str | None
    pending: bool = False  # may extend over a list that starts right after it
    level: int | None = None  # level of the list it has been extended over
    source: str = "list"
    run: bool = False  # a goal's period: holds while the sentences after it state figures


def _lead(cues: list[Cue]) -> Scope | None:
    """The scope a sentence without figures sets with its time cues."""
    cues = [c for c in cues if not c.baseline]
    if not any(c.is_time for c in cues):
        return None
    dated = [c for c in cues if c.dated]
    kinds = [c.kind for c in cues if c.kind]
    return Scope(dated[-1].year if dated else None, kinds[-1] if kinds else None,
                 source="issue-year" if dated and dated[-1].source == "issue-year" else "list")


def _goal(cues: list[Cue]) -> Scope | None:
    """The period of the last goal a sentence with figures states (到2025年，……)."""
    goals = [c for c in cues if c.dated and c.kind == "target" and not c.baseline and c.year is not None]
    return Scope(goals[-1].year, "target", run=True) if goals else None


def _opening(s: Sentence) -> Scope | None:
    """The year a sentence with figures opens with (2023年，……), for the sentences after it."""
    m = rules().opening_year_re.match(s.text)
    return Scope(int(m.group(1)), None, source="list", run=True) if m else None


def _carry(scope: Scope, s: Sentence, new_para: bool, has_figure: bool) -> Scope | None:
    """The scope still in force at sentence ``s``, or None."""
    if scope.run and not has_figure:
        return None  # a run of goals ends at the first sentence stating none
    if s.level is not None:  # a heading or list item
        if scope.level is not None and s.level >= scope.level:
            return scope  # the list it was extended over goes on
        if scope.pending and s.first:
            scope.level = s.level  # a list the lead announced
            return scope
        return None
    return None if new_para else scope


def scopes(sentences: list[Sentence], cues: list[list[Cue]], has_figure: list[bool]) -> list[Scope | None]:
    """The scope in force at each sentence, before the sentence's own cues.

    A sentence without figures but with a time cue (到2020年，……。 目前，……) leads the
    rest of its paragraph and, when it ends the paragraph or announces a list (……如下：),
    the list after it. A goal's period (到2023年，培育上市企业8至10家。全省专精特新企业
    达到300家) holds for the sentences right after it as long as they state figures."""
    scope, out = None, []
    for k, s in enumerate(sentences):
        if scope is not None:
            scope = _carry(scope, s, k == 0 or sentences[k - 1].para != s.para, has_figure[k])
        if scope is not None and s.level is None:
            scope.pending = False  # only the sentence right before a list announces it
        out.append(scope)
        lead = None if has_figure[k] else _lead(cues[k])
        goal = (_goal(cues[k]) or _opening(s)) if has_figure[k] else None
        present = [c for c in cues[k] if c.propagates]
        if lead is not None:
            scope = lead
        elif goal is not None:
            scope = goal
        elif present:
            scope = Scope(present[-1].year, "actual", source=present[-1].source)
        last_in_para = k + 1 == len(sentences) or sentences[k + 1].para != s.para
        if scope is not None and (s.intro or scope is lead and last_in_para):
            scope.pending = True
    return out


@dataclass(frozen=True)
class Frame:
    """What a section heading says of the figures under it."""
    year: int | None
    kind: str | None


def heading_frames(sentences: list[Sentence], headings: list[tuple[tuple[int, str], ...]],
                   cues: list[list[Cue]]) -> list[Frame]:
    """The year and kind each sentence's section headings give it (innermost first).

    A heading's year is the one it states, else that of a goal in the sentence right
    under it (（二）主要目标。到2017年，……); its kind comes from its words (目标 → target)."""
    r = rules()
    own: dict[tuple[int, str], int | None] = {}  # heading -> its year
    for k, heads in enumerate(headings):
        for h in heads:
            if h not in own:
                m = r.heading_year_re.search(h[1])
                own[h] = int(m.group(1)) if m else None
        if k and heads and headings[k - 1] == heads and own[heads[-1]] is None \
                and (k < 2 or headings[k - 2] != heads):  # the first sentence under the heading
            goals = [c for c in cues[k] if c.dated and c.kind == "target" and not c.baseline and c.year is not None]
            if goals:
                own[heads[-1]] = goals[0].year
    out = []
    for heads in headings:
        year = next((own[h] for h in reversed(heads) if own[h] is not None), None)
        kind = None
        for _, words in reversed(heads):
            kind = next((k for k, p in r.heading_kinds_ if p.search(words)), None)
            if kind:
                break
        out.append(Frame(year, kind))
    return out


# --------------------------------------------------------------------------- the document


@dataclass(frozen=True)
class DocTime:
    issue: int | None  # the issuing year, given or estimated from the text
    period_end: int | None  # end year of the plan period in the title
    default_kind: str  # actual for reports and replies, else target
    yearly: bool = False  # a plan for one year: all its targets are for that year
    report_year: int | None = None  # the one year a report is about (2023年……统计公报)


def doc_time(t: str, issue: int | None, titles: tuple[str, ...], default_kind: str) -> DocTime:
    """The document's year and plan period: given, or read from its titles and text.

    The period is a range in a title (（2023—2025年）) or the one year of a yearly plan
    (2024年工作要点); titles are the given ones and the title a notice issues (印发《…》).
    (A dateline's date is the document's date, read with its metadata.)"""
    r = rules()
    names = list(titles)
    issued = r.issued_title_re.search(t, 0, 300)
    if issued:
        names.append(issued.group(1))
    ends = [int(m.group(2)) for name in names for m in [r.title_period_re.search(name)] if m]
    yearly = [int(m.group(1)) for name in names for m in [r.title_year_re.search(name)] if m]
    if issue is None:
        head = r.own_number_re.search(t[:r.own_doc_number_within])
        years = [int(m.group(1)) for m in r.issue_year_re.finditer(t)]
        named = [int(m.group(1)) for name in titles if name for m in [r.title_issue_year_re.search(name)] if m]
        issue = int(head.group(1)) if head else max(years) if years else yearly[0] if yearly else \
            named[0] if named else None
    if not ends and not yearly and issue is not None and default_kind == "target" \
            and (len(r.yearly_plan_re.findall(t)) >= r.yearly_plan_min or any(r.yearly_title_re.search(n) for n in names)):
        yearly = [issue]
    end = max(ends) if ends else yearly[0] if yearly else None
    reported = [int(m.group(1)) for name in names for m in [r.report_year_title_re.search(name)] if m]
    return DocTime(issue, end, default_kind, not ends and bool(yearly), reported[0] if reported else None)


# --------------------------------------------------------------------------- one figure


@dataclass
class Timing:
    year: int | None
    year_source: str | None
    kind: str
    cue: str = ""  # what decided the kind


def year_and_kind(start: int, end: int, prev_end: int, cues: list[Cue], scope: Scope | None, frame: Frame,
                  doc: DocTime, clause: str, clause_end: int) -> Timing:
    """The year and kind of the figure at view offsets [start, end) of a sentence.

    ``prev_end`` is the end of the sentence's previous figure (-1 for the first one),
    ``clause`` the words of its clause before it (for the verbs of a plan's targets)."""
    # a baseline cue (由2015年底的) dates only the figure right after it
    # and a year stated for a part (其中2023年新认定31家) only its own clause
    clause_start = start - len(clause)
    before = [c for c in cues if c.pos <= start and (not c.baseline or c.pos > prev_end)
              and (not c.clause or c.pos > clause_start)]
    dated = [c for c in before if c.dated]
    year, source = (dated[-1].year, dated[-1].source) if dated else (None, None)
    if not dated and scope is not None and scope.year is not None:
        year, source = scope.year, scope.source
    if not dated and year is None and frame.year is not None:
        year, source = frame.year, "heading"
    if not dated and year is None:
        year = next((doc.report_year or c.fallback for c in reversed(before) if c.fallback), None)
        source = ("period" if doc.report_year else "issue-year") if year is not None else None
    if year is None and doc.report_year is not None and not any(c.is_time and c.decisive for c in before):
        year, source = doc.report_year, "period"  # a report on one year: that year's figures
    words = [c for c in before if c.kind and not c.is_time]
    after = [c for c in cues if end < c.pos <= clause_end and c.kind and not c.is_time]
    kind, why = (words[-1].kind, f"word «{words[-1].words}»") if words else \
        (after[0].kind, f"word after «{after[0].words}»") if after else (None, "")
    if kind != "actual" and None not in (year, doc.issue) and year != doc.issue:
        if kind is None or year < doc.issue:  # 2023年安排资金 in a 2024 reply: what was done
            kind, why = ("actual" if year < doc.issue else "target"), f"year {year} against issue year {doc.issue}"
    hints = [c for c in before if c.kind]
    if kind is None and hints:
        kind, why = hints[-1].kind, f"time «{hints[-1].words}»"
    if kind is None and scope is not None and scope.kind:
        kind, why = scope.kind, "scope"
    if kind is None and frame.kind:
        kind, why = frame.kind, "heading"
    planned = doc.period_end is not None and (doc.yearly or rules().period_verbs_re.search(clause))
    if year is None and planned and kind in (None, "target") and not any(c.is_time and c.decisive for c in before):
        year, source = doc.period_end, "period"
        kind, why = "target", kind and why or "plan period"
    if kind is None:
        kind, why = doc.default_kind, "genre"
    return Timing(year, source if year is not None else None, kind, why)
