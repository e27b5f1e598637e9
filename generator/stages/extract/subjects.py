"""What a figure counts, in the text's words, and its code in ``indicators.yml``."""
from __future__ import annotations

import functools
import re
from types import SimpleNamespace

from .classes import value_lists
from .mentions import Found
from .rules import rules
from .view import clause_bounds


@functools.cache
def _compiled() -> SimpleNamespace:
    s = rules().subject_
    return SimpleNamespace(
        date=re.compile(s.date), growth=s.growth, growth_end=re.compile(s.growth + "$"),
        growth_re=re.compile(s.growth), verb_end=re.compile(s.verb_end), goal_split=re.compile(s.goal_split),
        base_year=re.compile(s.base_year), level_verbs=re.compile(s.level_verbs), share_of=re.compile(s.share_of),
        after_head=re.compile(s.after_head), after_stop=re.compile(s.after_stop),
        qualifiers_tail=re.compile(s.qualifiers_tail), list_split=re.compile(s.list_split), unnamed=s.unnamed,
        heading_splits=tuple(re.compile(p.pattern.lstrip("^")) for p, _ in rules().headings),
    )


def balanced(s: str) -> str:
    """Trim punctuation and unpaired brackets or quotes from both ends."""
    text = rules().text_
    s = s.strip(text.trim)
    for o, c in text.pairs:
        if s.startswith(c) or s.startswith(o) and c not in s:
            s = s[1:]
        if s.endswith(o) or s.endswith(c) and o not in s:
            s = s[:-1]
    return s.strip(text.trim)


def _subject_before(text: str) -> str:
    """The words before a figure, without time cues, headings, verbs and qualifiers."""
    r, c = rules(), _compiled()
    for pattern, _ in r.time_cues_:
        text = pattern.sub("", text)
    text = c.date.sub("", text)
    for pattern in c.heading_splits:  # keep what follows the last heading marker
        text = pattern.split(text)[-1]
    text = c.goal_split.split(text)[-1]
    text = c.base_year.sub("", text)
    text = c.level_verbs.split(text)[0] or text
    return balanced(r.strip_tail.sub("", r.strip_head.sub("", balanced(text))))


def _subject(t: str, f: Found, cs: int, ce: int, prev_end: int, sent_start: int) -> str:
    """The words before a figure, else those after it."""
    c = _compiled()
    raw = c.share_of.sub("", t[max(cs, prev_end):f.start])  # 90%的甲、80%的乙
    before = _subject_before(raw)
    after = c.after_head.sub("", t[f.end:ce])
    after = balanced(c.after_stop.split(after)[0])
    bare = c.qualifiers_tail.sub("", raw.rstrip(rules().text_.item_end))
    verb = c.verb_end.search(before) or c.verb_end.search(bare)  # 拥有|推荐… + what
    if (len(before) < 2 or verb) and len(after) >= 2:
        return after
    if not before and prev_end <= cs and cs > sent_start and not re.search(r"\d", t[sent_start:cs]):
        # 实现甲和乙倍增，分别达到32户、10户: the previous clause names them
        before = _subject_before(t[clause_bounds(t, cs - 1, cs - 1, sent_start, cs)[0]:cs - 1])
    return before


def _respectively(subjects: list[str], figs: list[Found], t: str) -> list[str]:
    """Pair 甲、乙、丙分别达到1、2、3; list items that name nothing take the first one's subject."""
    c, out = _compiled(), list(subjects)
    for run in value_lists(t, figs):
        run = run[:1] + [i for i in run[1:] if not subjects[i]]
        parts = [p for p in out[run[0]].split(rules().text_.list_sep) if p]
        if len(parts) != len(run):
            parts = [p for p in c.list_split.split(out[run[0]]) if p]
        for i, part in zip(run, parts if len(run) > 1 and len(parts) == len(run) else []):
            out[i] = part
        for i in run[1:]:
            out[i] = out[i] or out[run[0]]
    for i in range(1, len(out)):  # 总额为396亿元，同比增长62%
        growth = c.growth_end.search(t[figs[i - 1].end:figs[i].start])
        if growth and len(c.growth_re.sub("", out[i])) < 2:
            out[i] = out[i - 1] + growth.group(1)
    return [x[-rules().subject_max_len:] for x in out]


def subjects_of(t: str, figs: list[Found], clauses: list[tuple[int, int]], sent_start: int) -> list[str]:
    """The subject of each figure of a sentence; never empty (the sentence's previous one,
    else the clause's words)."""
    out = _respectively([_subject(t, f, cs, ce, figs[i - 1].end if i else cs, sent_start)
                         for i, (f, (cs, ce)) in enumerate(zip(figs, clauses))], figs, t)
    for i, subject in enumerate(out):
        if not subject:
            words = balanced(t[clauses[i][0]:figs[i].start])
            out[i] = (out[i - 1] if i else "") or words[-rules().subject_max_len:] or _compiled().unnamed
    return out


def indicator_code(subject: str, measure: str, context: str = "") -> str:
    """The first vocabulary entry whose measure fits, whose patterns match the subject
    (or whose context patterns match ``context``: the figure's clause and what precedes it
    since the sentence's previous figure) and whose ``not`` patterns match neither (a
    subset or a status: 其中…到期需重新认定, 新认定, 申报)."""
    for code, wanted, patterns, contexts, nots in rules().indicators:
        if wanted not in ("any", measure):
            continue
        if not (any(p.search(subject) for p in patterns) or any(p.search(context) for p in contexts)):
            continue
        if not any(p.search(subject) or p.search(context) for p in nots):
            return code
    return ""
