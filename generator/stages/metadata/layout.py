"""Fields written as labelled values: web-page layouts (索引号 …) and reply forms; dates."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import cn2an

from ... import config, dates
from ...model import Dropped, Line, Note
from .patterns import rules

def cn_digits(s: str) -> int:
    """The number a year, month or day is written with in Chinese numerals (二〇二〇, 十二)."""
    return int(cn2an.cn2an(s.replace("○", "〇").replace("Ｏ", "〇"), "smart"))


def parse_date(text: str, offset: int | None = None) -> tuple[str | None, list[Note]]:
    """An ISO date from 2020年6月10日, 二〇二〇年六月十日 or 2024-09-19 if it is a real date
    (generator/dates.py); an impossible one (2024年2月30日) gives None and an
    ``impossible-date`` note at ``offset``."""
    r = rules()
    for pattern, conv in ((r.date, int), (r.date_chinese, cn_digits), (r.date_iso, int)):
        m = pattern.search(text)
        if m:
            y, mo, d = (conv(g) for g in m.groups())
            value = dates.iso_date(y, mo, d)
            return value, [] if value else [Note("impossible-date", offset, {"date": m.group(0)})]
    return None, []


def proposer_and_unit(value: str) -> tuple[str, str]:
    """The proposer's name and unit (韦建华（市政协委员，民建柳州市委会） → 韦建华 and the bracket;
    a unit that proposes (民盟天水市委员会) is both)."""
    m = re.match(config.load("metadata")["proposer_unit"], value)
    return (m.group("name"), m.group("unit")) if m else (value, value)


@dataclass(frozen=True)
class Found:
    """What a step of the metadata reader found: fields, and how it used the lines."""

    fields: dict = field(default_factory=dict)
    consumed: frozenset[int] = frozenset()  # line indices that became fields
    sections: frozenset[int] = frozenset()  # lines that are section labels (headings)
    dropped: tuple[Dropped, ...] = ()
    notes: tuple[Note, ...] = ()


def _label_of(line: Line, labels: dict) -> tuple[str, str | None] | None:
    """(label, value on the same line) when a line is a layout label."""
    if line.text in labels:
        return line.text, None
    label, sep, value = line.text.partition("：")
    if sep and label in labels:
        return label, value.strip() or None
    return None


def read_layout(lines: list[Line], source: str) -> Found:
    """Label/value layouts (web-page bullets and reply forms), when at least two labels occur."""
    labels: dict = config.load("layout_fields")["labels"]
    if sum(_label_of(line, labels) is not None for line in lines) < 2:
        return Found()
    fields: dict = {}
    consumed: set[int] = set()
    sections: set[int] = set()
    dropped: list[Dropped] = []
    notes: list[Note] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        found = _label_of(line, labels)
        if found is None:
            i += 1
            continue
        label, value = found
        value_idx = None
        if line.text in labels and i + 1 < len(lines):
            nxt = lines[i + 1]
            if nxt.text not in labels and nxt.bullet == line.bullet and not nxt.text.endswith("："):
                value, value_idx = nxt.text, i + 1
        target = labels[label]
        if target == "section":
            sections.add(i)
            i += 1
            continue
        idxs = [i] + ([value_idx] if value_idx is not None else [])
        consumed.update(idxs)
        if target is None:
            dropped += [Dropped(lines[k].start, lines[k].end, source[lines[k].start:lines[k].end], "layout-field")
                        for k in idxs]
        else:
            dropped.append(Dropped(line.start, line.end, source[line.start:line.end], "layout-label"))
            if value and target not in fields:
                if target in ("date", "published"):
                    value, problems = parse_date(value, line.start)
                    notes += problems
                if target == "proposer":
                    value, fields["proposer_unit"] = proposer_and_unit(value)
                fields[target] = value
        i = (value_idx or i) + 1
    return Found(fields, frozenset(consumed), frozenset(sections), tuple(dropped), tuple(notes))
