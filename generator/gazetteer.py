"""Gazetteer: the divisions of the PRC (GB/T 2260, ``data/regions.yml``) and a fast finder.

* :class:`Region` — one division; :class:`Gazetteer` — all of them, by code and by name
  (a name may be shared: 鼓楼区 is a district of four cities), with parents, ancestors and
  the label pages show (临汾市, 文水县, but 广州市天河区: district names repeat).
* :func:`find` — every mention of a full name or alias in a text, longest first and not
  overlapping; a name written after its parent (广州市天河区, 山西省吕梁市文水县) is one
  mention. The finder looks only at the characters that end names (省市区县旗州盟) and
  checks the names ending with the same two characters: no regex of thousands of names.
* :func:`resolve`, :func:`region_of_issuer`, :func:`region_in_text` — which division a
  name, an issuing body or a whole text is about, disambiguated by the names around it.

Names that are also everyday words are guarded: 城区, 郊区, 新城区… count only after their
city (阳泉市城区); two-character names (古县, 应县) only at a word boundary (not in 相应县级);
a district name followed by 域 is the word 区域 (河北区域), not a district.
"""
from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, NamedTuple

from . import config

LEVELS = ("province", "prefecture", "county")
# District names that are everyday words: found only right after their city (阳泉市城区).
GENERIC = frozenset({"城区", "郊区", "矿区", "东区", "西区", "新城区", "老城区", "新市区"})
# Characters after which a two-character name (古县) may stand alone, besides any non-Han
# character: punctuation, function words and the ends of verbs that take a place (支持,
# 鼓励, 帮扶, 调研); not 市 or 省 (市和县两级), nor the first half of a word (示范县,
# 相应县级, 提高县, 助理县长).
BOUNDARY = set("、，。；：与和及同共在赴到向往从自把将给于为是的了持动导励援扶访察研驻进入抵")
NOT_AFTER_SHORT = set("城级域区")  # 古县城, 对应县级, 各县区: compounds, not the county
PARTY_PREFIX = re.compile(r"^(?:中国共产党|中共|共青团)")
JOINT = re.compile(r"[、，,；;]")
HAN = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True)
class Region:
    """A division: 6-digit GB/T 2260 code, name, parent code, level, other names."""
    code: str
    name: str
    parent: str | None
    level: str
    aliases: tuple[str, ...] = ()


class Mention(NamedTuple):
    """A span ``text[start:end]`` naming a division; several candidates when the name is shared."""
    start: int
    end: int
    candidates: tuple[Region, ...]


class Gazetteer:
    """All divisions, indexed by code and by name (every name lists all its divisions)."""

    def __init__(self, regions: Iterable[Region]):
        self.by_code: dict[str, Region] = {r.code: r for r in sorted(regions, key=lambda r: r.code)}
        names: dict[str, list[Region]] = {}
        for r in self.by_code.values():
            for n in dict.fromkeys((r.name, *r.aliases)):
                names.setdefault(n, []).append(r)
        self.by_name: dict[str, tuple[Region, ...]] = {n: tuple(rs) for n, rs in names.items()}
        self.by_label: dict[str, Region] = {self.label(r): r for r in self.by_code.values()}
        self._above = {c: frozenset(a.code for a in self.ancestors(r)) for c, r in self.by_code.items()}
        lengths: dict[str, set[int]] = {}  # last two characters → lengths of the names ending so
        for n in self.by_name:
            lengths.setdefault(n[-2:], set()).add(len(n))
        self._lengths = {end: sorted(ls, reverse=True) for end, ls in lengths.items()}
        self._ends = re.compile("[" + re.escape("".join(sorted({n[-1] for n in self.by_name}))) + "]")

    # ------------------------------------------------------------------ the tree

    def parent(self, region: Region) -> Region | None:
        """The enclosing division (None for a province-level one)."""
        return self.by_code.get(region.parent) if region.parent else None

    def ancestors(self, region: Region) -> list[Region]:
        """The enclosing divisions, nearest first (文水县 → 吕梁市, 山西省)."""
        out, p = [], self.parent(region)
        while p:
            out.append(p)
            p = self.parent(p)
        return out

    def is_within(self, region: Region, other: Region) -> bool:
        """Whether ``region`` is ``other`` or lies inside it."""
        return region.code == other.code or other.code in self._above[region.code]

    def label(self, region: Region) -> str:
        """The name pages and documents.csv show: a city's district is qualified with the
        city (广州市天河区, 上海市黄浦区); every other division goes by its own name."""
        p = self.parent(region)
        if region.level == "county" and region.name.endswith("区") and p and p.name.endswith("市"):
            return p.name + region.name
        return region.name

    def lookup(self, name: str) -> tuple[Region, ...]:
        """The divisions a bare name, alias, label or code stands for (empty if none)."""
        if name in self.by_code:
            return (self.by_code[name],)
        if name in self.by_label:
            return (self.by_label[name],)
        return self.by_name.get(name, ())

    # ------------------------------------------------------------------ finding names

    def _spans(self, text: str) -> list[tuple[int, int, tuple[Region, ...]]]:
        """Names in ``text``, longest first then leftmost, none overlapping; in text order."""
        raw = []
        lengths, names = self._lengths, self.by_name
        for m in self._ends.finditer(text, 1):
            j = m.end()
            for n in lengths.get(text[j - 2:j], ()):
                if n <= j and (cands := names.get(text[j - n:j])):
                    raw.append((j - n, j, cands))
        raw.sort(key=lambda s: (s[0] - s[1], s[0]))
        taken, kept = bytearray(len(text)), []
        for i, j, cands in raw:
            if taken.find(1, i, j) < 0:
                taken[i:j] = b"\x01" * (j - i)
                kept.append((i, j, cands))
        kept.sort(key=lambda s: s[0])
        return kept

    def _plausible(self, text: str, i: int, j: int) -> bool:
        """Whether a name standing alone (not after its parent) is a name, not a word."""
        name, after = text[i:j], text[j:j + 1]
        if name in GENERIC or (name.endswith("区") and after == "域"):
            return False
        if len(name) == 2:
            before = text[i - 1:i]
            return (not before or not HAN.match(before) or before in BOUNDARY) and after not in NOT_AFTER_SHORT
        return True

    def find(self, text: str) -> list[Mention]:
        """Every mention of a division in ``text``, in text order (see the module docstring)."""
        out: list[Mention] = []
        qualified: list[bool] = []
        for i, j, cands in self._spans(text):
            if out and out[-1].end == i:
                under = tuple(c for c in cands if any(self.is_within(c, p) for p in out[-1].candidates))
                if under:
                    out[-1], qualified[-1] = Mention(out[-1].start, j, under), True
                    continue
            out.append(Mention(i, j, cands))
            qualified.append(False)
        return [m for m, q in zip(out, qualified) if q or self._plausible(text, m.start, m.end)]

    # ------------------------------------------------------------------ disambiguation

    def _context(self, context: Region | str | None) -> list[Region]:
        """A context division and its ancestors, nearest first."""
        if isinstance(context, str):
            found = self.lookup(context) or [m.candidates[0] for m in self.find(context)[:1]
                                               if len(m.candidates) == 1]
            context = found[0] if len(found) == 1 else None
        return [context, *self.ancestors(context)] if context else []

    def _pick(self, cands: tuple[Region, ...], nearby: set[str] | frozenset[str] = frozenset(),
              context: list[Region] = ()) -> Region | None:
        """One of ``cands``: the only one, else the only one named nearby or inside a division
        named nearby (``nearby``: codes), else the only one inside the nearest ``context``
        division that holds any of them; else None."""
        if len(cands) == 1:
            return cands[0]
        under = [c for c in cands if c.code in nearby or self._above[c.code] & nearby]
        if len(under) == 1:
            return under[0]
        for ctx in context:
            under = [c for c in (under or cands) if self.is_within(c, ctx)]
            if under:
                return under[0] if len(under) == 1 else None
        return None

    def resolve(self, name_or_text: str, context: Region | str | None = None) -> Region | None:
        """The division a name stands for, or the last one a text names: disambiguated by a
        parent named in the same text (广州市…天河区), else by ``context`` (a division, its
        code or name, e.g. the issuer's), else None while still ambiguous."""
        ctx = self._context(context)
        cands = self.lookup(name_or_text)
        if cands:
            return self._pick(cands, frozenset(), ctx)
        mentions = self.find(name_or_text)
        if not mentions:
            return None
        nearby = {r.code for m in mentions[:-1] for r in m.candidates}
        return self._pick(mentions[-1].candidates, nearby, ctx)

    def region_of_issuer(self, agency: str | None) -> Region | None:
        """The division an issuing body belongs to, from the division names its name starts
        with (遵义市人民政府办公室 → 遵义市; 中共河北省委办公厅 → 河北省). Joint issuers
        (…、…) give the smallest division that holds all of theirs."""
        if not agency:
            return None
        leading = []
        for part in JOINT.split(agency):
            part = PARTY_PREFIX.sub("", part.strip())
            first = self.find(part)[:1]
            if first and first[0].start == 0:
                leading.append(first[0].candidates)
        if not leading:
            return None
        known = {c[0].code for c in leading if len(c) == 1}
        regions = [self._pick(c, known) for c in leading]
        if None in regions:
            return None
        return self.common(regions)

    def common(self, regions: list[Region]) -> Region | None:
        """The smallest division that is or holds every one of ``regions``."""
        first = regions[0]
        for r in [first, *self.ancestors(first)]:
            if all(self.is_within(x, r) for x in regions):
                return r
        return None

    def region_in_text(self, text: str, min_mentions: int = 2) -> Region | None:
        """The division a text is about: the one named most often (at least ``min_mentions``
        times, ambiguous names resolved by the others); when several are named as often, the
        most specific if they nest (山西省 and 临汾市 → 临汾市), else the smallest division
        holding them all (a list of 河北省's counties → 河北省), else None."""
        mentions = self.find(text)
        known = {m.candidates[0].code for m in mentions if len(m.candidates) == 1}
        counts = Counter(r.code for m in mentions if (r := self._pick(m.candidates, known)))
        if not counts or max(counts.values()) < min_mentions:
            return None
        most = max(counts.values())
        tops = [self.by_code[c] for c, n in counts.items() if n == most]
        inner = [t for t in tops if all(self.is_within(t, o) for o in tops)]
        return inner[0] if inner else self.common(tops)


def from_records(records: Iterable[dict]) -> Gazetteer:
    """A gazetteer from records shaped like ``regions.yml``'s entries."""
    return Gazetteer(Region(str(r["code"]), r["name"], r.get("parent"), r.get("level") or _level(str(r["code"])),
                            tuple(r.get("aliases") or ())) for r in records)


def _level(code: str) -> str:
    """The level a code implies when a record does not say (130000 province, 130100 prefecture)."""
    return "province" if code.endswith("0000") else "prefecture" if code.endswith("00") else "county"


@functools.cache
def gazetteer() -> Gazetteer:
    """The national gazetteer of ``generator/data/regions.yml`` (built once)."""
    return from_records(config.load("regions")["regions"])


def find(text: str) -> list[Mention]:
    """:meth:`Gazetteer.find` on the national gazetteer."""
    return gazetteer().find(text)


def resolve(name_or_text: str, context: Region | str | None = None) -> Region | None:
    """:meth:`Gazetteer.resolve` on the national gazetteer."""
    return gazetteer().resolve(name_or_text, context)


def region_of_issuer(agency: str | None) -> Region | None:
    """:meth:`Gazetteer.region_of_issuer` on the national gazetteer."""
    return gazetteer().region_of_issuer(agency)


def region_in_text(text: str, min_mentions: int = 2) -> Region | None:
    """:meth:`Gazetteer.region_in_text` on the national gazetteer."""
    return gazetteer().region_in_text(text, min_mentions)


def label(region: Region) -> str:
    """:meth:`Gazetteer.label` on the national gazetteer."""
    return gazetteer().label(region)
