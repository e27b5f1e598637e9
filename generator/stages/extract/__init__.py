"""Find the quantitative facts about innovation in a Chinese policy text.

Every number mention is found and classified; the ``indicator`` ones become
:class:`~generator.model.Indicator` rows:

1. ``view``: a normalised view of the text (spaces and soft line breaks inside sentences
   removed, full-width digits made ASCII) that remembers where each character came from,
   cut into sentences, headings and list items;
2. ``mentions``: every number — figures (``15户``, ``3.06万平方米``, ``8-10家``, ``87%``,
   ``八支``, ``1/3``), dates, 文号, phone numbers, list markers, ordinals, bare numbers;
3. ``classes``: the class of each (indicator, standard, cap, threshold, comparison,
   ordinal, date, phone, doc_number, list_number, rate, period, per_unit, structure,
   process, other) by the cue rules of ``mention_classes.yml``;
4. ``time``: the year and kind of each figure by scope (clause, sentence, list, section
   heading, the document's period, its issuing year);
5. ``subjects`` and ``quotes``: what an indicator counts, its vocabulary code and its quote.

:func:`extract_indicators` returns the indicators, :func:`explain` every mention with the
cue that decided its class. Word lists and patterns live in ``generator/data/*.yml``.
"""
from __future__ import annotations

import bisect
import logging
from dataclasses import dataclass, field
from typing import Sequence

from ...model import Indicator
from . import classes, kind_model, time
from .mentions import Found, find_mentions
from .quotes import list_windows, window
from .rules import RuleFileError, rules
from .subjects import indicator_code, subjects_of
from .view import Sentence, View, build_view, clause_bounds, section_headings, segment

__all__ = ["DocContext", "Mention", "RuleFileError", "explain", "extract_indicators"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DocContext:
    """What the extractor is told about a document besides its text."""

    issue_year: int | None = None  # year of the document's date, else of its 发文字号 (〔2022〕)
    doc_type: str | None = None  # 提案答复, 建议答复, 实施意见, 工作方案, 通知, 其他
    titles: tuple[str, ...] = ()  # the document's title(s) (a notice's and the issued text's)
    region: str | None = None  # the region the document is about (临汾市), for other places' figures


@dataclass(frozen=True)
class Mention:
    """One number in the text, with what it is and why.

    ``cls`` is the mention's class (``indicator``, ``standard``, ``cap`` …; see
    ``mention_classes.yml``), ``rule`` the name of the rule or shape that decided it and
    ``words`` the words that rule matched. Year, year source and kind are given for
    figures (numbers with a counting unit); ``indicator`` is the row when it is kept.
    """

    start: int  # source offsets of the number and its unit
    end: int
    text: str
    cls: str
    rule: str
    words: str = ""
    year: int | None = None
    year_source: str | None = None
    kind: str | None = None
    kind_cue: str = ""
    indicator: Indicator | None = None
    features: tuple[str, ...] = field(default=(), compare=False, repr=False)  # of the kind model

    @property
    def cue(self) -> str:
        return f"{self.rule} «{self.words}»" if self.words else self.rule


def _default_kind(t: str, context: DocContext) -> str:
    r = rules()
    if context.doc_type in r.report_doc_types or r.report_re.search(t) or r.report_title_re.search(t[:150]) \
            or any(r.report_title_re.search(title) for title in context.titles):
        return "actual"
    return "target"


@dataclass
class _Pass:
    """What one extraction knows of the whole document while it goes sentence by sentence."""
    doc_id: str
    text: str
    view: View
    context: DocContext
    doc: time.DocTime
    model: dict | None
    features: bool


def _classified(t: str, sentences: list[Sentence], region: str | None) -> tuple[list[list[Found]], list, list]:
    """The mentions of each sentence, their classes, and the headings above each sentence."""
    starts = [s.start for s in sentences]
    by_sentence: list[list[Found]] = [[] for _ in sentences]
    for f in find_mentions(t):
        by_sentence[max(0, bisect.bisect_right(starts, f.start) - 1)].append(f)
    headings = section_headings(sentences)
    decided = []
    for s, found, heads in zip(sentences, by_sentence, headings):
        above = "\n".join(h[1] for h in heads)
        decisions = [classes.classify(t, f, s, region, above) for f in found]
        figs = [i for i, f in enumerate(found) if f.is_figure]
        if len(figs) > 1:  # a list of values shares the class a rule gave one of them, and
            # a clause going on about another place's figure is that place's too
            figures = [found[i] for i in figs]
            shared = classes.share_in_lists(t, figures, [decisions[i] for i in figs])
            for i, d in zip(figs, classes.follow_other_places(t, figures, shared)):
                decisions[i] = d
        decided.append(decisions)
    return by_sentence, decided, headings


def _timing(p: _Pass, f: Found, prev_end: int, cs: int, ce: int, s: Sentence, cues, scope, frame,
            feats: list) -> time.Timing:
    """Year and kind of one indicator: the rules, the kind model where no cue decides, and
    the baseline of a goal (从11家发展到13家: the 11 is today's)."""
    t = p.view.text
    timing = time.year_and_kind(f.start, f.end, prev_end, cues, scope, frame, p.doc, t[cs:f.start], ce)
    if p.features:
        feats.extend(kind_model.features(t[cs:f.start], t[f.end:ce], f.unit, f.measure, s.text, p.doc.default_kind,
                                         timing.year, p.doc.issue, p.context.doc_type))
    if timing.cue == "genre" and p.model:
        learned = kind_model.decide(feats, p.model)
        if learned is not None:
            timing = time.Timing(timing.year, timing.year_source, learned, "model")
    if timing.kind == "target" and f.unit and rules().baseline_re.search(t[cs:f.start]):
        year = p.doc.issue
        timing = time.Timing(year, "issue-year" if year is not None else None, "actual", "baseline")
    return timing


def _sentence(p: _Pass, s: Sentence, found: list[Found], decisions: list, cues, scope, frame) -> list[Mention]:
    """The mentions of one sentence, with the indicator rows of the kept ones."""
    t, text = p.view.text, p.text
    kept = [i for i, d in enumerate(decisions) if d.cls == "indicator"]
    figs = [found[i] for i in kept]
    clauses = [clause_bounds(t, f.start, f.end, s.start, s.end) for f in figs]
    subjects = subjects_of(t, figs, clauses, s.start) if figs else []
    windows = list_windows(t, figs, [window(t, f, cs, ce) for f, (cs, ce) in zip(figs, clauses)])
    rows, timings, feats = {}, {}, {}
    for n, (i, f, (cs, ce), subject, (qa, qb)) in enumerate(zip(kept, figs, clauses, subjects, windows)):
        feats[i] = []
        timing = timings[i] = _timing(p, f, figs[n - 1].end if n else -1, cs, ce, s, cues, scope, frame, feats[i])
        # what the code looks at: the clause up to the next figure's words, from the
        # previous figure when that lies before the clause (其中，43家…)
        upto = min(ce, figs[n + 1].start if n + 1 < len(figs) else ce)
        upto = next((j for j in range(f.end, upto) if t[j] in rules().text_.item_end), upto)
        around = t[min(cs, figs[n - 1].end) if n else cs:upto]
        start, end = p.view.source_span(qa, qb)
        rows[i] = Indicator(
            document_id=p.doc_id, subject=subject, indicator=indicator_code(subject, f.measure, around),
            value=f.value, unit=f.unit, value_max=f.value_max, value_normalized=f.normalized,
            unit_normalized=f.unit_normalized, year=timing.year, kind=timing.kind, quote=text[start:end],
            start=start, end=end, year_source=timing.year_source)
    out = []
    for i, (f, d) in enumerate(zip(found, decisions)):
        a, b = p.view.source_span(f.start, f.end)
        if f.is_figure and d.cls != "indicator":
            log.debug("%s: skip %r (%s: %s)", p.doc_id, text[a:b], d.cls, d.rule)
        row, timing = rows.get(i), timings.get(i)
        out.append(Mention(a, b, text[a:b], d.cls, d.rule, d.words, row.year if row else None,
                           row.year_source if row else None, row.kind if row else None,
                           timing.cue if timing else "", row, tuple(feats.get(i, ()))))
    return out


def _mentions(doc_id: str, text: str, context: DocContext, skip: Sequence[tuple[int, int]],
              model: dict | None | bool = None, features: bool = False) -> list[Mention]:
    """Every mention; ``model`` is the kind model's weights (None: the shipped model,
    False: rules only); ``features`` keeps the kind model's features of each indicator."""
    model = kind_model.load() if model is None else model or None
    model = model if model and model.get("used") else None
    view = build_view(text, skip)
    t, sentences = view.text, segment(view)
    if not sentences:
        return []
    by_sentence, decided, headings = _classified(t, sentences, context.region)
    doc = time.doc_time(t, context.issue_year, context.titles, _default_kind(t, context))
    cues = [time.sentence_cues(s, doc.issue) for s in sentences]
    scopes = time.scopes(sentences, cues, [any(d.cls == "indicator" for d in ds) for ds in decided])
    frames = time.heading_frames(sentences, headings, cues)
    p = _Pass(doc_id, text, view, context, doc, model, features or model is not None)
    out: list[Mention] = []
    for k, s in enumerate(sentences):
        if by_sentence[k]:
            out += _sentence(p, s, by_sentence[k], decided[k], cues[k], scopes[k], frames[k])
    return out


def explain(doc_id: str, text: str, *, context: DocContext = DocContext(),
            skip: Sequence[tuple[int, int]] = ()) -> list[Mention]:
    """Every number mention of ``text`` with its class and the cue that decided it, in order.

    ``skip`` are source ranges never to look at (crawler debris).
    """
    return _mentions(doc_id, text, context, skip)


def extract_indicators(doc_id: str, text: str, *, context: DocContext = DocContext(),
                       skip: Sequence[tuple[int, int]] = ()) -> list[Indicator]:
    """Every quantitative innovation fact in ``text``, sorted by start offset.

    ``context`` tells the issuing year (resolves 今年/年底/目前 and sorts years into past
    and future), the genre, the titles and the region; ``skip`` are source ranges never
    to extract from (crawler debris).
    """
    rows = [m.indicator for m in _mentions(doc_id, text, context, skip) if m.indicator is not None]
    rows.sort(key=lambda x: x.start)
    log.info("%s: %d indicators", doc_id, len(rows))
    return rows
