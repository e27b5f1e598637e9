"""What each number mention is: the class a rule of ``mention_classes.yml`` gives it.

Numbers known by their shape (dates, 文号 ...) already carry their class. A figure is
tried against the context rules in order; the first that matches decides, and a figure
no rule matches is an indicator. A list of bare values (分别给予50万元、30万元、20万元)
is one standard, one threshold or one comparison: its members share the class a rule
gave any of them.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .mentions import Found
from .places import place_pattern
from .rules import load, rules
from .view import Sentence, bracket_depth, clause_bounds


@dataclass(frozen=True)
class Decision:
    cls: str
    rule: str  # name of the rule (or shape) that decided
    words: str = ""  # the words it matched


@dataclass(frozen=True)
class _Rule:
    name: str
    cls: str
    when: tuple[tuple[str, re.Pattern], ...]  # (place, pattern): all must match
    unless: tuple[tuple[str, re.Pattern], ...]  # any that matches vetoes the rule
    units: object


@functools.cache
def _compiled(pattern: str) -> re.Pattern:
    """A rule's pattern, compiled once for every region whose rules hold it (most name no place)."""
    return re.compile(pattern, re.M)


@functools.cache
def _rules(region: str | None) -> tuple[tuple[_Rule, ...], dict]:
    data = load("mention_classes")
    place = place_pattern(region)

    stated_at = data["words"]["stated_at"]

    def compiled(conditions: dict) -> tuple:
        return tuple((where, _compiled(p.replace("{place}", place).replace("{stated_at}", stated_at)))
                     for where, p in conditions.items())
    out = tuple(_Rule(e["name"], e["class"], compiled(e["when"]), compiled(e.get("unless", {})), e.get("units"))
                for e in data["rules"])
    return out, data["in_name"]


def _unit_applies(units, f: Found) -> bool:
    if units is None:
        return True
    if isinstance(units, str):
        return f.measure == units
    return f.unit in units or f.unit_normalized in units


def places_of(t: str, f: Found, sent: Sentence, heading: str = "") -> dict[str, str]:
    """The pieces of text the rules look at around a figure."""
    cs, ce = clause_bounds(t, f.start, f.end, sent.start, sent.end)
    chunk = max(cs, t.rfind(rules().text_.list_sep, cs, f.start) + 1)
    return {"pre": t[cs:f.start], "post": t[f.end:ce], "chunk": t[chunk:f.start], "sentence": sent.text,
            "clause": t[cs:ce], "heading": heading, "before": t[sent.start:f.start]}


_SPEECH = re.compile("[，。；！？,;!?]")


def _in_speech(s: str, k: int) -> bool:
    """Whether the quotation marks around ``s[k]`` hold speech (a clause or more: a
    punctuation mark inside, or longer than a name) rather than a name (“专精特新”)."""
    opening = max(s.rfind("“", 0, k), s.rfind('"', 0, k))
    closing = [c for c in (s.find("”", k), s.find('"', k)) if c >= 0]
    inner = s[opening + 1:min(closing) if closing else len(s)]
    return bool(_SPEECH.search(inner)) or len(inner) > rules().heading_max_len


def classify(t: str, f: Found, sent: Sentence, region: str | None = None, heading: str = "") -> Decision:
    """The class of one mention and what decided it.

    ``heading`` holds the section headings the mention sits under, one a line (培育对象,
    支持标准, ……应当符合以下条件：)."""
    if f.fixed is not None:
        return Decision(f.fixed[0], f.fixed[1], t[f.start:f.end])
    rule_list, in_name = _rules(region)
    _, title, quote = bracket_depth(sent.text, f.start - sent.start)
    if quote and _in_speech(sent.text, f.start - sent.start):
        quote = 0  # “我们的目标是到2025年……达到120家。”: words quoted, not a name
    if title or quote and not f.quoted_ok:
        return Decision(in_name["class"], in_name["name"], in_name["title"] if title else in_name["quote"])
    where = places_of(t, f, sent, heading)
    for r in rule_list:
        if not _unit_applies(r.units, f):
            continue
        matches = []
        for w, p in r.when:
            m = p.search(where[w])
            if m is None:
                break
            matches.append(m)
        else:
            if not any(p.search(where[w]) for w, p in r.unless):
                return Decision(r.cls, r.name, " … ".join(m.group() for m in matches if m.group()))
    return Decision("indicator", "no_exclusion", f.unit)  # a figure no rule excludes


def follow_other_places(t: str, figs: list[Found], decisions: list[Decision]) -> list[Decision]:
    """A figure that goes on about another place's figure right before it (……2870家，总数突破2.1万家)
    takes its class: ``follows_other_place`` is all that may stand between the two."""
    follows = _follows()
    out = list(decisions)
    for i in range(1, len(figs)):
        before = out[i - 1]
        if out[i].cls == "indicator" and before.cls == "comparison" \
                and follows.fullmatch(t, figs[i - 1].end, figs[i].start):
            out[i] = Decision(before.cls, f"follows_{before.rule}", before.words)
    return out


@functools.cache
def _follows() -> re.Pattern:
    return re.compile(load("mention_classes")["follows_other_place"])


def value_lists(t: str, figs: list[Found], same_measure: bool = False) -> list[list[int]]:
    """Indices of figures grouped into lists of bare values (分别达到32户、10户)."""
    joint, qualifiers = re.compile(rules().text_.list_joint), rules().text_.qualifiers
    groups = [[0]] if figs else []
    for i in range(1, len(figs)):
        between = t[figs[i - 1].end:figs[i].start].strip(qualifiers)
        if joint.fullmatch(between) and (not same_measure or figs[i].measure == figs[i - 1].measure):
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


def share_in_lists(t: str, figs: list[Found], decisions: list[Decision]) -> list[Decision]:
    """Members of a list of bare values take the class a rule gave one of them."""
    out = list(decisions)
    for group in value_lists(t, figs, same_measure=True):
        ruled = [decisions[i] for i in group if decisions[i].cls != "indicator"]
        if ruled and len(ruled) < len(group):
            for i in group:
                if out[i].cls == "indicator":
                    out[i] = Decision(ruled[0].cls, f"list_of_{ruled[0].rule}", ruled[0].words)
    return out
