"""Every number mention in the view: figures (a number with a counting unit), numbers known
by their shape (dates, 文号, phone numbers, list markers, ordinals) and bare numbers.

A figure is ``15户``, ``3.06万平方米``, ``8-10家``, ``87%``, ``八支``, ``1/3``, ``1:5.7`` or a
number quoted on purpose (从“1”到“22”). Units are in ``units.yml``, shapes in
``mention_classes.yml``.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import cn2an

from .rules import alternation, load, rules


@dataclass(slots=True)
class Found:
    """A number found in the view, before it is classified."""

    start: int  # view offsets of the number and of the end of its unit
    end: int
    value: float | str
    value_max: float | None
    unit: str
    normalized: float | None
    unit_normalized: str
    measure: str  # count, money, share, area; "" for a number that is not a figure
    quoted_ok: bool = False  # 从“1”到“22”: quoted on purpose
    fixed: tuple[str, str] | None = None  # (class, cue) known from the shape alone

    @property
    def is_figure(self) -> bool:
        return self.fixed is None


def _number(s: str) -> int | float:
    f = float(s.replace(",", ""))
    return int(f) if f.is_integer() and "." not in s else f


def _round(x: float | None) -> float | None:
    if x is None:
        return None
    x = round(x, 6)
    return int(x) if float(x).is_integer() else x


@functools.cache
def _patterns() -> "_Compiled":
    units, classes = load("units"), load("mention_classes")
    digits = rules().text_.cn_digits
    after, approx, joiners = units["not_after_unit"], units["approx"], units["range_joiners"]
    counters = "|".join(re.escape(c) + (f"(?!{after[c]})" if c in after else "")
                        for c in sorted(units["counters"], key=len, reverse=True))
    unit = (f"(?:{alternation(units['ratios'])}|(?:(?:{alternation(units['multipliers'])}){approx}?)?"
            f"(?:{counters}))(?!{after['*']})")
    number = r"\d+(?:,\d{3})*(?:\.\d+)?"
    lone_one = f"(?<!(?<![{digits}]){digits[2]})"  # not a lone 一 (一支队伍, 一户一策)
    numeral = rf"(?<![{digits}{units['not_after']}])(?P<num>{units['numeral']}[{digits}]*){lone_one}"
    colons = units["ratio_colons"]
    return _Compiled(
        figure=re.compile(rf"(?<![\d.A-Za-z_/:\-])(?P<num>{number})(?:(?P<unit1>{unit})?(?:{joiners})"
                          rf"(?P<num2>{number}))?{approx}?(?P<unit>{unit})"),
        chinese=re.compile(rf"{numeral}(?P<unit>{alternation(units['chinese_numeral_counters'])})"
                           rf"(?![{digits}]|{after['*']})"),
        chinese_other=re.compile(rf"{numeral}(?P<unit>{alternation(units['chinese_numeral_other'])})(?![{digits}])"),
        bare=((re.compile(r"(?<![\d./])(?P<num>\d+/\d+)(?![\d/])"), re.compile(units["fraction_context"])),
              (re.compile(rf"(?<![\d.:])(?P<num>\d+(?:\.\d+)?{colons}\d+(?:\.\d+)?)(?![\d:])"),
               re.compile(units["ratio_context"]))),
        colons=re.compile(colons), clause_start=rules().text_.clause_start + "\n",
        from_to=re.compile(units["from_to"]),
        shapes=tuple((re.compile(s["pattern"], re.M), (s["class"], s["name"])) for s in classes["shapes"]),
        any_number=re.compile(rf"{number}(?P<unit>{alternation(classes['bare_units'])})?"),
        bare_units=classes["bare_units"], other_units=units["chinese_numeral_other"],
        unit_split=re.compile(rf"^(?P<mult>{alternation(units['multipliers'])})?{approx}?(?P<counter>.+)$"),
        multipliers=units["multipliers"], counters=units["counters"], ratios=units["ratios"],
        areas=frozenset(units["areas"]), money=units["money_ends_with"],
    )


@dataclass(frozen=True)
class _Compiled:
    figure: re.Pattern
    chinese: re.Pattern
    chinese_other: re.Pattern
    bare: tuple
    colons: re.Pattern
    clause_start: str
    from_to: re.Pattern
    shapes: tuple
    any_number: re.Pattern
    bare_units: dict
    other_units: dict
    unit_split: re.Pattern
    multipliers: dict
    counters: dict
    ratios: dict
    areas: frozenset
    money: str


def unit_parts(unit: str) -> tuple[int, str, str]:
    """(multiplier, normalised unit, measure) of a written unit."""
    p = _patterns()
    if not unit or unit in p.ratios:
        return 1, p.ratios.get(unit, ""), "share"
    m = p.unit_split.match(unit)
    mult, counter = p.multipliers.get(m.group("mult") or "", 1), m.group("counter")
    if counter not in p.counters:  # the "multiplier" was part of the counter
        mult, counter = 1, unit
    norm = p.counters.get(counter, counter)
    return mult, norm, "money" if norm.endswith(p.money) else "area" if norm in p.areas else "count"


def _figures(t: str) -> list[Found]:
    p, found = _patterns(), []
    for m in p.figure.finditer(t):
        if m.group("unit1") and m.group("unit1") != m.group("unit"):
            continue
        mult, norm, measure = unit_parts(m.group("unit"))
        value, top = _number(m.group("num")), m.group("num2")
        found.append(Found(m.start(), m.end(), value, _number(top) if top else None, m.group("unit"),
                           _round(value * mult), norm, measure))
    for m in p.chinese.finditer(t):
        try:
            n = cn2an.cn2an(m.group("num"), "smart")
        except (ValueError, KeyError):
            continue
        mult, norm, measure = unit_parts(m.group("unit"))
        found.append(Found(m.start(), m.end(), m.group("num"), None, m.group("unit"), _round(n * mult),
                           norm, measure))
    for pattern, context in p.bare:
        for m in pattern.finditer(t):
            clause_start = max(t.rfind(d, 0, m.start()) for d in p.clause_start) + 1
            if context.search(t, clause_start, m.start()):
                num = p.colons.sub(":", m.group("num"))
                a, _, b = num.partition("/")
                found.append(Found(m.start(), m.end(), num, None, "", _round(int(a) / int(b)) if b else None,
                                   "", "share"))
    for m in p.from_to.finditer(t):  # 从“1”到“22”; not the idiom 从“0”到“1”
        for g in ("a", "b") if int(m.group("a")) > 0 else ():
            v = int(m.group(g))
            found.append(Found(m.start(g), m.end(g), v, None, "", v, "", "count", quoted_ok=True))
    found.sort(key=lambda f: f.start)
    kept, reach = [], -1  # reach: the furthest end of any earlier figure
    for f in found:
        if f.start >= reach:
            kept.append(f)
        reach = max(reach, f.end)
    return kept


def find_mentions(t: str) -> list[Found]:
    """Every number mention of the view ``t``, in order, none overlapping another."""
    p = _patterns()
    out: list[Found] = []
    taken = bytearray(len(t))  # 1 where a mention already lies

    def free(a: int, b: int) -> bool:
        if taken.find(1, a, b) >= 0:
            return False
        taken[a:b] = b"\x01" * (b - a)
        return True
    for pattern, fixed in p.shapes:  # in their order: a later shape never overlaps an earlier one
        for m in pattern.finditer(t):
            if m.end() > m.start() and free(m.start(), m.end()):
                out.append(Found(m.start(), m.end(), m.group(), None, "", None, "", "", fixed=fixed))
    for f in _figures(t):
        if free(f.start, f.end):
            out.append(f)
    for m in p.chinese_other.finditer(t):
        if free(m.start(), m.end()):
            unit = m.group("unit")
            out.append(Found(m.start(), m.end(), m.group("num"), None, unit, None, unit, "",
                             fixed=(p.other_units[unit], f"chinese_numeral_{p.other_units[unit]}")))
    for m in p.any_number.finditer(t):
        if free(m.start(), m.end()):
            unit = m.group("unit") or ""
            cls = p.bare_units.get(unit, "other")
            out.append(Found(m.start(), m.end(), m.group()[:len(m.group()) - len(unit)], None, unit, None, unit, "",
                             fixed=(cls, f"unit_{unit}" if unit else "no_unit")))
    out.sort(key=lambda f: f.start)
    return out
