"""Observations: one fact per region, indicator, year and kind, however many documents state it.

Two replies that both say 临汾市 had 139 高新技术企业 in 2022 state one fact; the
indicators table keeps both statements (each with its quote), an observation counts the
fact once and says whether its sources agree. Values are compared in the normalised unit
(``value_normalized`` in ``unit_normalized``); a range and a value that is not a number
are values of their own (8–10 is not 8, 五 stays 五 unless it was normalised to 5).

Only figures with an indicator code, a year and a region are facts that documents can
share: a figure without one of them stays a statement of its document alone.
"""
from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass

from ..gazetteer import gazetteer
from ..model import Corpus, Document, Indicator, indicator_anchor

STATUSES = ("agreed", "conflict", "single")


@dataclass(frozen=True)
class Source:
    """One statement of a fact: the indicator row and the document it comes from."""

    id: str  # indicators.csv id
    document: Document
    anchor: str  # the anchor of its sentence on the document page (q1, q2 …)
    indicator: Indicator
    value: "Value"


@dataclass(frozen=True, order=True)
class Value:
    """A value as compared: a number, a range (low–high) or a text, in the normalised unit."""

    low: float | None
    high: float | None
    text: str
    unit: str

    @property
    def numeric(self) -> bool:
        return self.low is not None and self.high == self.low

    def label(self) -> str:
        """The value as the table and the CSV write it (139, 8–10, 五)."""
        if self.low is None:
            return self.text
        if self.high != self.low:
            return f"{_num(self.low)}–{_num(self.high)}"
        return _num(self.low)


@dataclass(frozen=True)
class Observation:
    id: str
    indicator: str  # vocabulary code
    region: str  # a gazetteer label (临汾市, 广州市天河区)
    region_code: str | None  # GB/T 2260
    year: int
    kind: str  # actual or target
    unit: str  # unit_normalized
    sources: tuple[Source, ...]

    @property
    def values(self) -> list[Value]:
        """The distinct values stated, smallest first."""
        return sorted({s.value for s in self.sources})

    @property
    def documents(self) -> int:
        return len({s.document.id for s in self.sources})

    @property
    def status(self) -> str:
        if len(self.values) > 1:
            return "conflict"
        return "agreed" if self.documents > 1 else "single"

    @property
    def value(self) -> Value | None:
        """The value every source gives (None when they differ)."""
        values = self.values
        return values[0] if len(values) == 1 else None


def _num(v: float) -> str:
    return f"{v:g}" if v != int(v) else str(int(v))


def value_of(i: Indicator) -> Value:
    """What an indicator states, as it is compared with other statements of its fact."""
    unit = i.unit_normalized or i.unit
    if i.value_normalized is None:
        return Value(None, None, str(i.value), unit)
    low = float(i.value_normalized)
    if i.value_max is None:
        return Value(low, low, "", unit)
    try:  # value_max is as written: in the written unit, scaled like the value
        scale = low / float(i.value) if float(i.value) else 1.0
    except (TypeError, ValueError):
        scale = 1.0
    return Value(low, float(i.value_max) * scale, "", unit)


def region_code(label: str | None) -> str | None:
    """The GB/T 2260 code of a region label, when the gazetteer names one division so."""
    if not label:
        return None
    found = gazetteer().lookup(label)
    return found[0].code if len(found) == 1 else None


def observation_id(code: str, region: str, region_code_: str | None, year: int, kind: str) -> str:
    place = region_code_ or "r" + hashlib.sha1(region.encode("utf-8")).hexdigest()[:8]
    return f"{code}-{place}-{year}-{kind}"


def observations(corpus: Corpus) -> list[Observation]:
    """Every observation of the corpus, ordered by indicator, region code, year and kind."""
    groups: dict[tuple, list[Source]] = defaultdict(list)
    for doc in sorted(corpus, key=lambda d: d.id):
        region = doc.meta.region
        if not region:
            continue
        for n, i in enumerate(doc.indicators):
            if not i.indicator or not i.year:
                continue
            anchor = indicator_anchor(n)
            groups[i.indicator, region, i.year, i.kind].append(
                Source(f"{doc.id}-{anchor}", doc, anchor, i, value_of(i)))
    out = []
    for (code, region, year, kind), sources in groups.items():
        rc = region_code(region)
        units = sorted({s.value.unit for s in sources})
        out.append(Observation(observation_id(code, region, rc, year, kind), code, region, rc, year, kind,
                               units[0] if len(units) == 1 else "、".join(units), tuple(sources)))
    out.sort(key=lambda o: (o.indicator, o.region_code or "~", o.region, o.year, o.kind))
    return out


def by_indicator(obs: list[Observation]) -> dict[str, list[Observation]]:
    grouped: dict[str, list[Observation]] = defaultdict(list)
    for o in obs:
        grouped[o.indicator].append(o)
    return dict(grouped)
