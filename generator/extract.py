"""Find the quantitative facts about innovation in a Chinese policy text.

``extract_indicators`` works in five steps:

1. build a normalised *view* of the text (spaces and soft line breaks inside sentences
   removed, full-width digits made ASCII) that remembers where each character came from;
2. cut the view into sentences, noting headings and list items;
3. find every number followed by a counting unit (``15户``, ``3.06万平方米``, ``8-10家``,
   ``87%``, ``八支``, ``1/3``, ``1:5.7``);
4. drop the ones an exclusion rule rejects (ordinals, subsidy standards and caps,
   thresholds, tax rates, per-unit targets, structural counts ...);
5. give each remaining figure a subject, a vocabulary code, a year and a kind.

Word lists and patterns live in ``generator/data/{units,indicators,indicator_rules}.yml``.
"""
from __future__ import annotations

import bisect
from array import array
import functools
import logging
import re
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Sequence

import cn2an

from . import config as vocab
from .model import Indicator

log = logging.getLogger(__name__)

_WS = " \t\r\n\u3000\xa0\u2002\u2003\u200b\ufeff"
_TOKEN = re.compile(f"[{_WS}]+|[^{_WS}]+")
_MARKUP = "#*"  # Markdown debris in the seeds
_FINAL = "。！？!?：:；;"
_CLAUSE_DELIMS = "，；;：。！？!?\n"
_FULLWIDTH = {c: c - 0xFEE0 for c in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]}
_FULLWIDTH.update({ord(a): ord(b) for a, b in zip("％．－＋／", "%.-+/")})
_CN_DIGITS = "零〇一二两三四五六七八九十百千万亿"
_LIST_JOINT = re.compile(r"[、和及与或]")  # between the values of 分别达到32户、10户
_AREA_UNITS = ("平方米", "平方公里", "公顷", "亩")


# --------------------------------------------------------------------------- rules


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _figure_patterns(units: dict) -> tuple[re.Pattern, re.Pattern]:
    """Regexes for an Arabic figure (with an optional range) and a Chinese-numeral count."""
    after = units["not_after_unit"]
    counters = "|".join(re.escape(c) + (f"(?!{after[c]})" if c in after else "")
                        for c in sorted(units["counters"], key=len, reverse=True))
    unit = (f"(?:{_alternation(units['ratios'])}|(?:(?:{_alternation(units['multipliers'])})[余多]?)?"
            f"(?:{counters}))(?!{after['*']})")
    number = r"\d+(?:,\d{3})*(?:\.\d+)?"
    figure = re.compile(rf"(?<![\d.A-Za-z_/:\-])(?P<num>{number})(?:(?P<unit1>{unit})?(?:至|到|-|—|–|~|～)"
                        rf"(?P<num2>{number}))?[余多]?(?P<unit>{unit})")
    chinese = re.compile(  # not a lone 一 (一支队伍, 一户一策), not inside a longer numeral
        rf"(?<![{_CN_DIGITS}第每])(?P<num>[一二两三四五六七八九十][{_CN_DIGITS}]*)(?<!(?<![{_CN_DIGITS}])一)"
        rf"(?P<unit>{_alternation(units['chinese_numeral_counters'])})(?![{_CN_DIGITS}]|{after['*']})")
    return figure, chinese


@functools.cache
def _rules() -> SimpleNamespace:
    """The compiled vocabularies (loaded once)."""
    units, rules = vocab.load("units"), vocab.load("indicator_rules")
    figure, chinese = _figure_patterns(units)
    return SimpleNamespace(
        figure=figure, chinese=chinese,
        bare=((re.compile(r"(?<![\d./])(?P<num>\d+/\d+)(?![\d/])"), "占|的"),  # fraction, ratio + context
              (re.compile(r"(?<![\d.:])(?P<num>\d+(?:\.\d+)?[:：]\d+(?:\.\d+)?)(?![\d:])"), "比例|之比|比")),
        from_to=re.compile(r"从“(?P<a>\d+)”(?:发展|增长|增加)?到“(?P<b>\d+)”"),
        multipliers=units["multipliers"], counters=units["counters"], ratios=units["ratios"],
        unit_split=re.compile(rf"^(?P<mult>{_alternation(units['multipliers'])})?[余多]?(?P<counter>.+)$"),
        headings=tuple((re.compile(p), level) for p, level in rules["heading_markers"]),
        first_item=re.compile(rules["first_item"]), introducer=re.compile(rules["introducer"]),
        report=re.compile(rules["report_markers"]), report_title=re.compile(rules["report_title_markers"]),
        time_cues=tuple((re.compile(c["pattern"]), c) for c in rules["time_cues"]),
        any_cue=re.compile("|".join(f"(?:{c['pattern']})" for c in rules["time_cues"])
                           + f"|{rules['target_cues']}|{rules['actual_cues']}"),
        kind_cues=((re.compile(rules["target_cues"]), "target"), (re.compile(rules["actual_cues"]), "actual")),
        baseline=re.compile(rules["baseline"]),
        exclusions=tuple((e["name"], e["where"], re.compile(e["pattern"]), e.get("units"),
                          re.compile(e.get("also", ""))) for e in rules["exclusions"]),
        strip_head=re.compile(rules["subject_strip_head"]), strip_tail=re.compile(rules["subject_strip_tail"]),
        subject_max=rules["subject_max_len"],
        indicators=tuple((e["code"], e["measure"], tuple(re.compile(p) for p in e["patterns"]))
                         for e in vocab.load("indicators")))


# --------------------------------------------------------------------------- the view


@dataclass(frozen=True)
class _View:
    text: str
    src: array  # source offset of every view character

    def source_span(self, a: int, b: int) -> tuple[int, int]:
        return self.src[a], self.src[b - 1] + 1


def _is_paragraph_break(run: str, line: dict, following: str) -> bool:
    """Whether a whitespace run ends a paragraph (else it is a soft wrap inside one).

    ``line`` describes the paragraph so far: its first characters, length, last character
    and whether it holds a full stop.
    """
    if "\u3000\u3000" in run:
        return True
    if line["len"] < 20 or line["last"] in _FINAL or not line["period"] and _heading_level(line["head"]) is not None:
        return True  # short lines, finished sentences and headings end where they end
    return _heading_level(following.lstrip(_MARKUP + _WS)) is not None or following[:1] in _MARKUP + "•"


def _build_view(text: str, skip: Sequence[tuple[int, int]]) -> _View:
    """The text without spaces or soft wraps; paragraph ends and skipped ranges become "\n"."""
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
        line["period"] = line["period"] or "。" in piece

    def paragraph_break(at: int) -> None:
        if out and out[-1] != "\n":
            out.append("\n")
            src.append(at)
        line.update(head="", len=0, last="", period=False)

    pos = 0
    for a, b in sorted((a, b) for a, b in skip if b > a) + [(len(text), len(text))]:
        for m in _TOKEN.finditer(text, pos, max(pos, a)):
            run = m.group()
            if run[0] not in _WS:
                if not any(ch in _MARKUP for ch in run):
                    add(run.translate(_FULLWIDTH), range(m.start(), m.end()))
                else:
                    keep = [k for k, ch in enumerate(run) if ch not in _MARKUP]
                    if keep:
                        add("".join(run[k] for k in keep).translate(_FULLWIDTH), (m.start() + k for k in keep))
            elif ("\n" in run or "\u3000\u3000" in run) and (line["len"] == 0 or _is_paragraph_break(
                    run, line, text[m.end():m.end() + 8])):
                paragraph_break(m.start())
        if a < len(text):
            paragraph_break(a)
        pos = max(pos, b)
    return _View("".join(out), src)


# --------------------------------------------------------------------------- sentences and clauses


@dataclass
class _Sentence:
    start: int
    end: int
    para: int
    text: str
    level: int | None  # heading or list-item level
    first: bool  # the first item of a list (一、 （一） 1. 一是)
    intro: bool  # announces what follows (…如下：)


def _heading_level(s: str) -> int | None:
    return next((level for pattern, level in _rules().headings if pattern.match(s)), None)


def _segment(view: _View) -> list[_Sentence]:
    r, out = _rules(), []
    for para, m in enumerate(re.finditer(r"[^\n]+", view.text)):
        for s in re.finditer(r"[^。！？!?]+[。！？!?]*", m.group()):
            a, t = m.start() + s.start(), s.group()
            out.append(_Sentence(a, a + len(t), para, t, _heading_level(t), bool(r.first_item.match(t)),
                                 bool(r.introducer.search(t.rstrip("”\"")))))
    return out


def _bracket_depth(s: str, upto: int) -> list[int]:
    """How deep ``s[upto]`` sits in （）, 《》 and “” (also ASCII ")."""
    depths = []
    for opens, closes in (("（(", "）)"), ("《", "》"), ("“", "”")):
        d = 0
        for ch in s[:upto]:
            d = d + (ch in opens) - (ch in closes and d > 0)
        depths.append(d)
    depths[2] += s[:upto].count('"') % 2
    return depths


def _clause_bounds(text: str, a: int, b: int, lo: int, hi: int) -> tuple[int, int]:
    """The clause (between ，；：。) around ``text[a:b]``, within ``[lo, hi)``."""
    def delim(k: int) -> bool:
        if text[k] in ",:":  # ASCII comma or colon, except inside 1,000 or 1:5.7
            return not (0 < k < len(text) - 1 and text[k - 1].isdigit() and text[k + 1].isdigit())
        return text[k] in _CLAUSE_DELIMS
    while a > lo and not delim(a - 1):
        a -= 1
    while b < hi and not delim(b):
        b += 1
    return a, b


# --------------------------------------------------------------------------- figures


@dataclass
class _Figure:
    start: int  # view offsets of the number and of the end of its unit
    end: int
    value: float | str
    value_max: float | None
    unit: str
    normalized: float | None
    unit_normalized: str
    measure: str  # count, money, share, area
    quoted_ok: bool = False  # 从“1”到“22”: quoted on purpose


def _number(s: str) -> int | float:
    f = float(s.replace(",", ""))
    return int(f) if f.is_integer() and "." not in s else f


def _round(x: float | None) -> float | None:
    if x is None:
        return None
    x = round(x, 6)
    return int(x) if float(x).is_integer() else x


def _unit_parts(unit: str) -> tuple[int, str, str]:
    """(multiplier, normalised unit, measure) of a written unit."""
    r = _rules()
    if not unit or unit in r.ratios:
        return 1, r.ratios.get(unit, ""), "share"
    m = r.unit_split.match(unit)
    mult, counter = r.multipliers.get(m.group("mult") or "", 1), m.group("counter")
    if counter not in r.counters:  # the "multiplier" was part of the counter
        mult, counter = 1, unit
    norm = r.counters.get(counter, counter)
    return mult, norm, "money" if norm.endswith("元") else "area" if norm in _AREA_UNITS else "count"


def _find_figures(t: str) -> list[_Figure]:
    r, found = _rules(), []
    for m in r.figure.finditer(t):
        if m.group("unit1") and m.group("unit1") != m.group("unit"):
            continue
        mult, norm, measure = _unit_parts(m.group("unit"))
        value, top = _number(m.group("num")), m.group("num2")
        found.append(_Figure(m.start(), m.end(), value, _number(top) if top else None, m.group("unit"),
                             _round(value * mult), norm, measure))
    for m in r.chinese.finditer(t):
        try:
            n = cn2an.cn2an(m.group("num"), "smart")
        except (ValueError, KeyError):
            continue
        mult, norm, measure = _unit_parts(m.group("unit"))
        found.append(_Figure(m.start(), m.end(), m.group("num"), None, m.group("unit"), _round(n * mult),
                             norm, measure))
    for pattern, context in r.bare:
        for m in pattern.finditer(t):
            clause_start = max(t.rfind(d, 0, m.start()) for d in "，。；\n") + 1
            if re.search(context, t[clause_start:m.start()]):
                num = m.group("num").replace("：", ":")
                a, _, b = num.partition("/")
                found.append(_Figure(m.start(), m.end(), num, None, "", _round(int(a) / int(b)) if b else None,
                                     "", "share"))
    for m in r.from_to.finditer(t):  # 从“1”到“22”; not the idiom 从“0”到“1”
        for g in ("a", "b") if int(m.group("a")) > 0 else ():
            v = int(m.group(g))
            found.append(_Figure(m.start(g), m.end(g), v, None, "", v, "", "count", quoted_ok=True))
    found.sort(key=lambda f: f.start)
    kept, reach = [], -1  # reach: the furthest end of any earlier figure
    for f in found:
        if f.start >= reach:
            kept.append(f)
        reach = max(reach, f.end)
    return kept


def _unit_applies(units, fig: _Figure) -> bool:
    if units is None:
        return True
    if isinstance(units, str):
        return fig.measure == units
    return fig.unit in units or fig.unit_normalized in units


def _excluded(fig: _Figure, t: str, sent: _Sentence) -> str | None:
    """Name of the rule that rejects a figure, or None."""
    cs, ce = _clause_bounds(t, fig.start, fig.end, sent.start, sent.end)
    chunk = max(cs, t.rfind("、", cs, fig.start) + 1)
    where = {"pre": t[cs:fig.start], "post": t[fig.end:ce], "chunk": t[chunk:fig.start],
             "sentence": sent.text, "clause": t[cs:ce]}
    _, title, quote = _bracket_depth(sent.text, fig.start - sent.start)
    if title or quote and not fig.quoted_ok:
        return "quoted_or_title"
    return next((name for name, place, pattern, units, also in _rules().exclusions
                 if _unit_applies(units, fig) and pattern.search(where[place]) and also.search(sent.text)), None)


# --------------------------------------------------------------------------- year and kind


@dataclass
class _Cue:
    pos: int  # view offset of the cue's end
    year: int | None
    decisive: bool  # the cue settles the year (even as None)
    kind: str | None
    is_time: bool = False
    propagates: bool = False  # 目前: the present state, for the rest of the paragraph
    fallback: int | None = None  # 全年/年底: the year when neither sentence nor scope gives one


def _cue_year(rule: dict, m: re.Match, issue: int | None) -> tuple[int | None, bool]:
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


def _sentence_cues(sent: _Sentence, issue: int | None) -> list[_Cue]:
    r, cues, taken = _rules(), [], []
    if not r.any_cue.search(sent.text):
        return cues
    for pattern, rule in r.time_cues:
        for m in pattern.finditer(sent.text):
            if any(a < m.end() and m.start() < b for a, b in taken) or any(_bracket_depth(sent.text, m.start())[:2]):
                continue  # overlapping a stronger cue, or inside a title: （2017-2020年）
            taken.append((m.start(), m.end()))
            year, decisive = _cue_year(rule, m, issue)
            cues.append(_Cue(sent.start + m.end(), year, decisive, rule.get("kind"), True,
                             rule.get("propagates", False), issue if rule.get("year") == "context" else None))
    for pattern, kind in r.kind_cues:
        cues += [_Cue(sent.start + m.end(), None, False, kind) for m in pattern.finditer(sent.text)
                 if not any(a <= m.start() < b for a, b in taken)]
    return sorted(cues, key=lambda c: c.pos)


@dataclass
class _Scope:
    """The time frame a lead sentence (到2020年，……。 / 目前，……) sets for what follows."""
    year: int | None
    kind: str | None
    pending: bool = False  # may extend over a list that starts right after it
    level: int | None = None  # level of the list it has been extended over


def _lead(cues: list[_Cue]) -> _Scope | None:
    if not any(c.is_time for c in cues):
        return None
    years = [c.year for c in cues if c.is_time and (c.decisive or c.year is not None)]
    kinds = [c.kind for c in cues if c.kind]
    return _Scope(years[-1] if years else None, kinds[-1] if kinds else None)


def _carry(scope: _Scope, s: _Sentence, new_para: bool) -> _Scope | None:
    """The scope still in force at sentence ``s``, or None."""
    if s.level is not None:  # a heading or list item
        if scope.level is not None and s.level >= scope.level:
            return scope  # the list it was extended over goes on
        if scope.pending and s.first:
            scope.level = s.level  # a list the lead announced
            return scope
        return None
    return None if new_para else scope


def _scopes(sentences: list[_Sentence], cues: list[list[_Cue]], has_figure: list[bool]) -> list[_Scope | None]:
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
            scope = _Scope(present[-1].year, "actual")
        last_in_para = k + 1 == len(sentences) or sentences[k + 1].para != s.para
        if scope is not None and (s.intro or scope is lead and last_in_para):
            scope.pending = True
    return out


def _year_and_kind(fig: _Figure, cues: list[_Cue], scope: _Scope | None, issue: int | None,
                   default_kind: str, clause_end: int) -> tuple[int | None, str]:
    """The year: the nearest cue before the figure in its sentence, else the scope's.
    The kind: a word cue before (else after, in the clause), the year against the issuing
    year, a time cue's hint, the scope's, the document's default."""
    before = [c for c in cues if c.pos <= fig.start]
    dated = [c for c in before if c.decisive or c.year is not None]
    year = dated[-1].year if dated else scope.year if scope else None
    if not dated and year is None:
        year = next((c.fallback for c in reversed(before) if c.fallback), None)
    words = [c.kind for c in before if c.kind and not c.is_time]
    after = [c.kind for c in cues if fig.end < c.pos <= clause_end and c.kind and not c.is_time]
    kind = (words[-1] if words else after[0] if after else None)
    if kind is None and None not in (year, issue) and year != issue:
        kind = "actual" if year < issue else "target"
    hints = [c.kind for c in before if c.kind]
    kind = kind or (hints[-1] if hints else None) or (scope.kind if scope else None)
    return year, kind or default_kind


# --------------------------------------------------------------------------- subjects and codes


_DATE = re.compile(r"(?:(?:19|20)\d\d年)?\d{1,2}月(?:\d{1,2}日)?")
_GROWTH = r"(?:同比|比上年|较上年|比去年|较去年)?(增长|提高|提升|下降|增加|减少)了?(?:超过|近|约)?"
_VERB_END = re.compile(r"(?:推荐|组织|培育|引进|新建|建设|建成|设立|实施|选派|推送|对接|集聚|服务|拥有|有|对|抓好|完成|举办|等)$")


def _balanced(s: str) -> str:
    """Trim punctuation and unpaired brackets or quotes from both ends."""
    s = s.strip("，、：；。 ")
    for o, c in (("（", "）"), ("(", ")"), ("“", "”")):
        if s.startswith(c) or s.startswith(o) and c not in s:
            s = s[1:]
        if s.endswith(o) or s.endswith(c) and o not in s:
            s = s[:-1]
    return s.strip("，、：；。 ")


def _subject_before(text: str) -> str:
    """The words before a figure, without time cues, headings, verbs and qualifiers."""
    r = _rules()
    for pattern, _ in r.time_cues:
        text = pattern.sub("", text)
    text = _DATE.sub("", text)
    for pattern, _ in r.headings:  # keep what follows the last heading marker
        text = re.split(pattern.pattern.lstrip("^"), text)[-1]
    text = re.split(r"(?:任务|目标)(?:为|是)", text)[-1]
    text = re.sub(r"(?:较|比)(?:(?:19|20)\d\d年|上年|去年)(?:同期)?|同比", "", text)
    text = re.split(r"(?:达到|突破|超过|提高到|提升到|增加到|增长到|扩大至|扩大到|保持在?)", text)[0] or text
    return _balanced(r.strip_tail.sub("", r.strip_head.sub("", _balanced(text))))


def _subject(t: str, fig: _Figure, cs: int, ce: int, prev_end: int, sent_start: int) -> str:
    """What a figure counts, in the text's words: the words before it, else those after."""
    raw = re.sub(r"^的[^、，]*[、和及与]?", "", t[max(cs, prev_end):fig.start])  # 90%的甲、80%的乙
    before = _subject_before(raw)
    after = re.sub(r"^(?:以上|以下|左右|余|多|的|）|\))+", "", t[fig.end:ce])
    after = _balanced(re.split(r"[，、；\d]|进行|正在|有效期|获得|使用|申报|从事|为|的(?!“)", after)[0])
    bare = re.sub(r"(?:超过|超|逾|约|近|共计|总计|共|不少于|不低于|至少)+$", "", raw.rstrip("，、"))
    verb = _VERB_END.search(before) or _VERB_END.search(bare)  # 拥有|推荐… + what
    if (len(before) < 2 or verb) and len(after) >= 2:
        return after
    if not before and prev_end <= cs and cs > sent_start and not re.search(r"\d", t[sent_start:cs]):
        # 实现甲和乙倍增，分别达到32户、10户: the previous clause names them
        before = _subject_before(t[_clause_bounds(t, cs - 1, cs - 1, sent_start, cs)[0]:cs - 1])
    return before


def _value_lists(t: str, figs: list[_Figure]) -> list[list[int]]:
    """Indices of the figures grouped into lists of bare values (分别达到32户、10户)."""
    groups = [[0]] if figs else []
    for i in range(1, len(figs)):
        if _LIST_JOINT.fullmatch(t[figs[i - 1].end:figs[i].start].strip("以上左右")):
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


def _respectively(subjects: list[str], figs: list[_Figure], t: str) -> list[str]:
    """Pair 甲、乙、丙分别达到1、2、3; list items that name nothing take the first one's subject."""
    out = list(subjects)
    for run in _value_lists(t, figs):
        run = run[:1] + [i for i in run[1:] if not subjects[i]]
        parts = [p for p in out[run[0]].split("、") if p]
        if len(parts) != len(run):
            parts = [p for p in re.split(r"[、和及]", out[run[0]]) if p]
        for i, part in zip(run, parts if len(run) > 1 and len(parts) == len(run) else []):
            out[i] = part
        for i in run[1:]:
            out[i] = out[i] or out[run[0]]
    for i in range(1, len(out)):  # 总额为396亿元，同比增长62%
        growth = re.search(_GROWTH + "$", t[figs[i - 1].end:figs[i].start])
        if growth and len(re.sub(_GROWTH, "", out[i])) < 2:
            out[i] = out[i - 1] + growth.group(1)
    return [x[-_rules().subject_max:] for x in out]


def _filled(subjects: list[str], t: str, figs: list[_Figure], clauses: list[tuple[int, int]]) -> list[str]:
    """Never an empty subject: take the sentence's previous one, else the clause's words."""
    out = list(subjects)
    for i, subject in enumerate(out):
        if not subject:
            words = _balanced(t[clauses[i][0]:figs[i].start]).strip("，、：；。 ")
            out[i] = (out[i - 1] if i else "") or words[-_rules().subject_max:] or "未注明对象"
    return out


def _indicator_code(subject: str, measure: str) -> str:
    return next((code for code, wanted, patterns in _rules().indicators
                 if wanted in ("any", measure) and any(p.search(subject) for p in patterns)), "")


# --------------------------------------------------------------------------- quotes


def _quote_window(t: str, fig: _Figure, cs: int, ce: int, before: int = 20, after: int = 12) -> tuple[int, int]:
    """The figure's clause, cut to a short window that does not split a number or word."""
    qs, qe = max(cs, fig.start - before), min(ce, fig.end + after)
    cut = t.rfind("、", cs, fig.start) + 1
    if qs > cs and cut > qs and re.search(r"[\u4e00-\u9fff]{2}", t[cut:fig.start]):
        qs = cut  # start at the list item that names the figure
    while qs > cs and (t[qs - 1].isascii() and t[qs - 1].isalnum() or t[qs] in "年度月日"):
        qs -= 1
    while qe < ce and t[qe - 1].isascii() and t[qe - 1].isalnum() and t[qe].isascii() and t[qe].isalnum():
        qe += 1
    return qs, qe


def _list_windows(t: str, figs: list[_Figure], windows: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Figures written as one list of values (分别增长10%、20%) share one quote."""
    out = list(windows)
    for group in _value_lists(t, figs):
        span = (min(windows[i][0] for i in group), max(windows[i][1] for i in group))
        for i in group:
            out[i] = span
    return out


# --------------------------------------------------------------------------- public API


def extract_indicators(doc_id: str, text: str, *, issue_year: int | None = None,
                       skip: Sequence[tuple[int, int]] = ()) -> list[Indicator]:
    """Every quantitative innovation fact in ``text``, sorted by start offset.

    ``issue_year`` resolves 今年/年底/目前 and sorts years into past (actual) and future
    (target); ``skip`` are source ranges never to extract from (crawler debris).
    """
    r = _rules()
    view = _build_view(text, skip)
    t, sentences = view.text, _segment(view)
    default_kind = "actual" if r.report.search(t) or r.report_title.search(t[:150]) else "target"
    figures: list[list[_Figure]] = [[] for _ in sentences]
    starts = [s.start for s in sentences]
    for fig in _find_figures(t):
        k = max(0, bisect.bisect_right(starts, fig.start) - 1)
        rule = _excluded(fig, t, sentences[k])
        if rule:
            log.debug("%s: skip %r (%s)", doc_id, t[fig.start:fig.end], rule)
        else:
            figures[k].append(fig)
    cues = [_sentence_cues(s, issue_year) for s in sentences]
    scopes = _scopes(sentences, cues, [bool(f) for f in figures])
    rows = []
    for k, s in enumerate(sentences):
        figs = figures[k]
        clauses = [_clause_bounds(t, f.start, f.end, s.start, s.end) for f in figs]
        subjects = _respectively([_subject(t, f, cs, ce, figs[i - 1].end if i else cs, s.start)
                                  for i, (f, (cs, ce)) in enumerate(zip(figs, clauses))], figs, t)
        subjects = _filled(subjects, t, figs, clauses)
        windows = _list_windows(t, figs, [_quote_window(t, f, cs, ce) for f, (cs, ce) in zip(figs, clauses)])
        for fig, (cs, ce), subject, window in zip(figs, clauses, subjects, windows):
            year, kind = _year_and_kind(fig, cues[k], scopes[k], issue_year, default_kind, ce)
            if kind == "target" and fig.unit and r.baseline.search(t[cs:fig.start]):
                year, kind = issue_year, "actual"  # 从11家发展到13家: the 11 is today's
            start, end = view.source_span(*window)
            rows.append(Indicator(
                document_id=doc_id, subject=subject, indicator=_indicator_code(subject, fig.measure),
                value=fig.value, unit=fig.unit, value_max=fig.value_max, value_normalized=fig.normalized,
                unit_normalized=fig.unit_normalized, year=year, kind=kind, quote=text[start:end],
                start=start, end=end))
    rows.sort(key=lambda x: x.start)
    log.info("%s: %d indicators", doc_id, len(rows))
    return rows
