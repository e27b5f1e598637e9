"""Lines: a decoded source as normalised lines that keep their source offsets.

Whitespace and punctuation are normalised: stray spaces inside Chinese go, half-width
punctuation in Chinese text becomes full-width, full-width letters and digits become
ASCII. Every character keeps the offset of the source character it came from (the runs of
:class:`~generator.model.Line`), so quotes found in the source can be marked on the page.
"""
from __future__ import annotations

import re
from dataclasses import replace

from ...model import Line

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


# A label spaced out to the width of four characters (文　　号：, 分　　类：): its wide spaces do not
# end a line — what follows the run of spaces (1 to 3 characters, then the colon) finishes the label.
SPACED_LABEL_END = re.compile(r"[\u4e00-\u9fff](?:[\u3000 ]*[\u4e00-\u9fff]){0,2}[：:]")


def split_lines(text: str) -> list[Line]:
    """The source's non-empty lines, normalised, in order."""
    lines = []
    start = 0
    for m in SEPARATOR_RE.finditer(text):
        if m.group().startswith("\u3000") and m.start() - start == 1 and "\u4e00" <= text[start] <= "\u9fff" \
                and SPACED_LABEL_END.match(text, m.end()):
            continue  # 文　　号：…: one label, not two lines
        line = normalise(text, start, m.start())
        if line.text:
            lines.append(line)
        start = m.end()
    line = normalise(text, start, len(text))
    if line.text:
        lines.append(line)
    return lines


