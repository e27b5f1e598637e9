"""Clean: turn a decoded source into normalised lines, then into body blocks.

Cleaning never loses content silently. Whitespace and punctuation are normalised
(stray spaces inside Chinese go, half-width punctuation in Chinese text becomes
full-width), lines broken mid-sentence are joined, and only debris listed in
``data/debris.yml`` is removed, each removal recorded as a :class:`Dropped`.

Every cleaned character keeps the offset of the source character it came from
(``runs``), so indicator quotes found in the source can be marked on the page.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace

from . import vocab
from .model import Block, Dropped

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN_RE = re.compile(f"[{HAN}]")
SPACES = " \t\u3000\u00a0\u2002\u2003\u2009\u200a\u202f\u205f"
INVISIBLE = "\ufeff\u200b\u200c\u200d\u2060"
FULL_PUNCT = "，。、；：？！“”‘’（）《》〔〕【】—…·「」『』"
HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
# Paragraph separators: line ends, form feeds (page breaks), and the runs of ideographic
# spaces that crawled pages use instead of line ends.
SEPARATOR_RE = re.compile(r"\n|\f|\u3000{2,}")
BULLET_RE = re.compile(r"[•●▪■◆◇○]\s*")
MD_HEADING_RE = re.compile(r"(#{1,6})[ \t]+")

# Outline numbering of Chinese official documents, and the rank it gives a heading (the
# level of a document that uses every rank; nest_levels gives the level a document's own
# outline calls for).
OUTLINE = [
    (2, re.compile(r"^(第[一二三四五六七八九十百]+[章部分编]|[一二三四五六七八九十百]+、)")),
    (3, re.compile(r"^(第[一二三四五六七八九十百]+节|[（(][一二三四五六七八九十百]+[）)])")),
    (4, re.compile(r"^(\d{1,2}[.．、](?!\d)|[（(]\d{1,2}[）)])")),
]
SENTENCE_END = "。！？；：…!?;:"
CLOSERS = "”’」』）)】〕》"
DATE_LINE_RE = re.compile(
    r"^(\d{4}|[〇零一二三四五六七八九○Ｏ]{4})年[\d一二三四五六七八九十]{1,3}月[\d一二三四五六七八九十]{1,3}日$")


@dataclass(frozen=True)
class Line:
    """A normalised line of the source with its map back to source offsets."""

    text: str
    runs: tuple[tuple[int, int, int], ...]
    md_level: int = 0  # leading '#' count in the source
    bullet: bool = False

    @property
    def start(self) -> int:
        return self.runs[0][1] if self.runs else -1

    @property
    def end(self) -> int:
        return self.runs[-1][1] + self.runs[-1][2] if self.runs else -1

    def src(self, i: int) -> int:
        """Source offset of character ``i`` of the text."""
        for off, src, n in self.runs:
            if off <= i < off + n:
                return src + i - off
        raise IndexError(i)

    def sub(self, i: int, j: int | None = None) -> "Line":
        j = len(self.text) if j is None else j
        runs = []
        for off, src, n in self.runs:
            a, b = max(off, i), min(off + n, j)
            if a < b:
                runs.append((a - i, src + a - off, b - a))
        return replace(self, text=self.text[i:j], runs=tuple(runs))

    def strip(self) -> "Line":
        a = len(self.text) - len(self.text.lstrip(SPACES))
        b = len(self.text.rstrip(SPACES))
        return self.sub(a, max(a, b))


def _is_han(ch: str) -> bool:
    return bool(ch) and ("\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff")


def _chinese_context(ch: str) -> bool:
    return _is_han(ch) or ch in FULL_PUNCT


# Characters normalisation may change or drop; everything else is copied as it is.
SPECIAL_RE = re.compile(f"[{SPACES}{INVISIBLE}]+|[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]|[,;:?!()\"]")


class _Builder:
    """Collects output text and its runs back to the source, a piece at a time."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.runs: list[list[int]] = []
        self.length = 0

    def last(self) -> str:
        return self.parts[-1][-1] if self.parts else ""

    def add(self, piece: str, src: int) -> None:
        """``piece`` stands for the same number of source characters from ``src``."""
        if not piece:
            return
        r = self.runs[-1] if self.runs else None
        if r and r[0] + r[2] == self.length and r[1] + r[2] == src:
            r[2] += len(piece)
        else:
            self.runs.append([self.length, src, len(piece)])
        self.parts.append(piece)
        self.length += len(piece)

    def text(self) -> str:
        return "".join(self.parts)


def normalise(text: str, a: int, b: int) -> Line:
    """Normalise ``text[a:b]`` (one line of the source)."""
    md_level, bullet = 0, False
    while a < b and text[a] in SPACES + INVISIBLE:
        a += 1
    m = MD_HEADING_RE.match(text, a, b)
    if m:
        md_level, a = len(m.group(1)), m.end()
    m = BULLET_RE.match(text, a, b)
    if m:
        bullet, a = True, m.end()
    out = _Builder()
    quote_open = False
    pos = a
    for m in SPECIAL_RE.finditer(text, a, b):
        out.add(text[pos:m.start()], pos)
        pos = m.end()
        ch, i = m.group(0), m.start()
        if ch[0] in SPACES or ch[0] in INVISIBLE:
            prev = out.last()
            nxt = text[m.end()] if m.end() < b else ""
            if (any(c in SPACES for c in ch) and prev and nxt and prev.isascii() and nxt.isascii()
                    and prev.isalnum() and nxt.isalnum()):
                out.add(" ", i)  # a space between Latin words or numbers stays
            continue
        if "\uff10" <= ch <= "\uff5a":
            out.add(chr(ord(ch) - 0xFEE0), i)  # full-width letters and digits → ASCII
            continue
        prev = out.last()
        k = i + 1
        while k < b and text[k] in SPACES:
            k += 1
        nxt = text[k] if k < b else ""
        if ch == ":" and prev.isdigit() and nxt.isdigit():
            pass  # a ratio such as 1:5.7, or a time
        elif _chinese_context(prev) or _chinese_context(nxt):
            if ch == '"':
                ch = "”" if quote_open else "“"
                quote_open = not quote_open
            else:
                ch = HALF_TO_FULL[ch]
        out.add(ch, i)
    out.add(text[pos:b], pos)
    line = Line(out.text(), tuple(tuple(r) for r in out.runs), md_level, bullet)
    if line.text.startswith("**") and line.text.endswith("**") and len(line.text) > 4:
        line = replace(line.sub(2, len(line.text) - 2), md_level=md_level, bullet=bullet)
    return line


def split_lines(text: str) -> list[Line]:
    """The source's non-empty lines, normalised, in order."""
    lines = []
    start = 0
    for m in SEPARATOR_RE.finditer(text):
        line = normalise(text, start, m.start())
        if line.text:
            lines.append(line)
        start = m.end()
    line = normalise(text, start, len(text))
    if line.text:
        lines.append(line)
    return lines


# --------------------------------------------------------------------------- debris


@dataclass(frozen=True)
class DebrisRule:
    name: str
    pattern: re.Pattern
    inline: bool


def debris_rules() -> list[DebrisRule]:
    data = vocab.load("debris")
    rules = [DebrisRule(r["name"], re.compile(r["pattern"]), False) for r in data.get("lines", [])]
    rules += [DebrisRule(r["name"], re.compile(r["pattern"]), True) for r in data.get("inline", [])]
    return rules


def dropped_of(line: Line, source: str, rule: str) -> Dropped:
    return Dropped(line.start, line.end, source[line.start:line.end], rule)


def drop_debris(lines: list[Line], source: str) -> tuple[list[Line], list[Dropped]]:
    """Remove the debris lines and inline debris listed in ``data/debris.yml``."""
    rules = debris_rules()
    kept: list[Line] = []
    dropped: list[Dropped] = []
    for line in lines:
        rule = next((r for r in rules if not r.inline and r.pattern.fullmatch(line.text)), None)
        if rule:
            dropped.append(dropped_of(line, source, rule.name))
            continue
        for r in rules:
            if not r.inline:
                continue
            m = r.pattern.search(line.text)
            while m and m.end() > m.start():
                piece = line.sub(m.start(), m.end())
                dropped.append(dropped_of(piece, source, r.name))
                line = concat([line.sub(0, m.start()), line.sub(m.end())]).strip()
                m = r.pattern.search(line.text)
        if line.text:
            kept.append(line)
    return kept, dropped


def find_repeated_body(text: str, min_length: int = 300) -> tuple[int, int] | None:
    """The span of a crawler's second copy of the body, if the text repeats itself.

    Looks for a stretch of at least ``min_length`` characters that occurs again later;
    returns the span of the later copy, extended as far as it keeps matching.
    """
    n = len(text)
    if n < 2 * min_length:
        return None
    probe = text[:min_length] if text[:min_length].strip() else None
    starts = [0] if probe else []
    # also probe from the first non-space character
    first = len(text) - len(text.lstrip())
    if first:
        starts.append(first)
    for s in starts:
        probe = text[s:s + min_length]
        j = text.find(probe, s + min_length)
        if j < 0:
            continue
        k = 0
        while j + k < n and s + k < j and text[s + k] == text[j + k]:
            k += 1
        if k >= min_length:
            return j, j + k
    return None


def drop_repeated_body(lines: list[Line], source: str) -> tuple[list[Line], list[Dropped]]:
    span = find_repeated_body(source)
    if span is None:
        return lines, []
    a, b = span
    kept: list[Line] = []
    pieces: list[Line] = []
    for line in lines:
        if line.end <= a or line.start >= b:
            kept.append(line)
            continue
        # keep the parts of a line outside the repeated span (found from the runs: a
        # character-by-character line.src() is quadratic on a long line)
        inside = [(off + max(src, a) - src, off + min(src + n, b) - src)
                  for off, src, n in line.runs if max(src, a) < min(src + n, b)]
        if not inside:
            kept.append(line)
            continue
        i0, i1 = inside[0][0], inside[-1][1]
        if i0 > 0:
            kept.append(line.sub(0, i0))
        pieces.append(line.sub(i0, i1))
        if i1 < len(line.text):
            kept.append(line.sub(i1))
    dropped = [Dropped(a, b, source[a:b], "duplicate-body")] if pieces else []
    return kept, dropped


def split_at(lines: list[Line], offsets: set[int]) -> list[Line]:
    """Split lines wherever a source offset in ``offsets`` falls inside them."""
    if not offsets:
        return lines
    out: list[Line] = []
    points = sorted(offsets)
    for line in lines:
        cuts = []  # from the runs: a character-by-character line.src() is quadratic on a long line
        for off, src, n in line.runs:
            k = bisect.bisect_left(points, src)
            while k < len(points) and points[k] < src + n:
                if off + points[k] - src >= 1:
                    cuts.append(off + points[k] - src)
                k += 1
        cuts.sort()
        pos = 0
        for c in cuts:
            out.append(line.sub(pos, c).strip())
            pos = c
        out.append(line.sub(pos).strip())
    return [x for x in out if x.text]


# --------------------------------------------------------------------------- blocks


def outline_level(text: str) -> int:
    """Heading level given by the outline number a line starts with (0 if none)."""
    for level, pattern in OUTLINE:
        if pattern.match(text):
            return level
    return 0


def ends_sentence(text: str) -> bool:
    t = text.rstrip(CLOSERS)
    if not t:
        return True
    return t[-1] in SENTENCE_END


def is_date_line(text: str) -> bool:
    return bool(DATE_LINE_RE.match(text))


def is_bracketed(text: str) -> bool:
    return len(text) > 2 and text[0] in "（(【〔" and text[-1] in "）)】〕"


def heading_split(text: str, level: int) -> int | None:
    """Where the run-in heading of an outline-numbered line ends.

    Returns ``len(text)`` when the whole line is a heading, the offset just past the
    first sentence when that sentence is a short run-in title, or None for a plain
    numbered paragraph.
    """
    body = text.rstrip("。")
    if len(body) <= 40 and not re.search("[。！？；]", body):
        return len(text)
    m = re.search("[。！？]", text)
    if not m:
        return None
    first = text[:m.start()]
    if len(first) <= 30 and first.count("，") <= 1 and "：" not in first and m.end() < len(text):
        return m.end()
    return None


def join_broken(lines: list[Line], title_spans: list[tuple[int, int]] = ()) -> list[Line]:
    """Join lines broken mid-sentence or mid-word.

    A line is continued by the next when it does not end a sentence, is not a heading,
    a date or a bracketed note, and the next line does not start a heading. Lines of a
    title (``title_spans``, source spans) join only with lines of the same title.
    """
    starts = sorted(title_spans)

    def span_of(line: Line) -> tuple[int, int] | None:
        k = bisect.bisect_right(starts, (line.start, float("inf"))) - 1
        return starts[k] if k >= 0 and starts[k][0] <= line.start < starts[k][1] else None

    groups: list[list[Line]] = []
    spans: list[tuple[int, int] | None] = []
    for line in lines:
        span = span_of(line)
        if groups and spans[-1] == span and (span is not None or _continues(groups[-1], line)):
            groups[-1].append(line)
        else:
            groups.append([line])
            spans.append(span)
    return [concat(g) for g in groups]


def concat(lines: list[Line]) -> Line:
    """One line made of ``lines`` (keeps the first line's heading and bullet marks)."""
    if len(lines) == 1:
        return lines[0]
    runs: list[tuple[int, int, int]] = []
    k = 0
    for line in lines:
        for off, src, n in line.runs:
            if runs and runs[-1][0] + runs[-1][2] == off + k and runs[-1][1] + runs[-1][2] == src:
                o, s, m = runs.pop()
                runs.append((o, s, m + n))
            else:
                runs.append((off + k, src, n))
        k += len(line.text)
    return replace(lines[0], text="".join(line.text for line in lines), runs=tuple(runs))


def _continues(group: list[Line], line: Line) -> bool:
    """Whether ``line`` continues the paragraph made of the lines in ``group``."""
    first, last = group[0], group[-1]
    if ends_sentence(last.text):
        return False
    if len(group) == 1 and is_date_line(first.text):
        return False
    if first.text[:1] in "（(【〔" and last.text[-1:] in "）)】〕" and (len(group) > 1 or is_bracketed(first.text)):
        return False
    if first.md_level and not outline_level(first.text):
        return False
    lvl = outline_level(first.text)
    if lvl and sum(len(x.text) for x in group) <= 42:
        text = "".join(x.text for x in group)
        if heading_split(text, lvl) == len(text):
            return False  # a heading line ends where its line ends
    if outline_level(line.text) or line.md_level or line.bullet or is_date_line(line.text):
        return False
    return True


def to_blocks(lines: list[Line], title_spans: list[tuple[int, int]] = ()) -> list[Block]:
    """Body blocks: headings from outline numbers and marked titles, paragraphs otherwise."""
    blocks: list[Block] = []
    for line in lines:
        if any(a <= line.start and line.end <= b for a, b in title_spans):
            if blocks and blocks[-1].kind == "title" and blocks[-1].runs and any(
                    a <= blocks[-1].runs[0][1] and line.end <= b for a, b in title_spans):
                prev = blocks.pop()
                merged = concat([Line(prev.text, prev.runs), line])
                blocks.append(Block("title", 2, merged.text, merged.runs))
            else:
                blocks.append(Block("title", 2, line.text, line.runs))
            continue
        level = outline_level(line.text)
        if not level and line.md_level:
            level = 2
        if level:
            cut = heading_split(line.text, level) if outline_level(line.text) else len(line.text)
            if cut is not None:
                head = line.sub(0, cut)
                text = head.text.rstrip("。")
                blocks.append(Block("heading", level, text, head.sub(0, len(text)).runs))
                rest = line.sub(cut).strip()
                if rest.text:
                    blocks.append(Block("paragraph", 0, rest.text, rest.runs))
                continue
        kind = "signature" if is_date_line(line.text) else "paragraph"
        blocks.append(Block(kind, 0, line.text, line.runs))
    return nest_levels(blocks)


def nest_levels(blocks: list[Block]) -> list[Block]:
    """Heading levels by the outline the document uses, not by the rank of its numbering.

    A heading's level is 2 plus the number of headings of a higher rank it stands under,
    so that levels never skip: a document numbering 一、 then 1. without （一） gives
    h2 then h3, and one using only 1. gives h2. A title (of the document a notice
    issues) starts the outline afresh.
    """
    out: list[Block] = []
    above: list[int] = []  # ranks of the headings the next one stands under
    for block in blocks:
        if block.kind == "title":
            above = []
        elif block.kind == "heading":
            while above and above[-1] >= block.level:
                above.pop()
            above.append(block.level)
            block = replace(block, level=1 + len(above))
        out.append(block)
    return out


def mark_signatures(blocks: list[Block]) -> list[Block]:
    """A short unpunctuated line just before a signature date is the signer."""
    out = list(blocks)
    for i in range(1, len(out)):
        prev = out[i - 1]
        if out[i].kind == "signature" and prev.kind == "paragraph" and len(prev.text) <= 30 \
                and not re.search("[，。；：！？、]", prev.text):
            out[i - 1] = replace(prev, kind="signature")
    return out
