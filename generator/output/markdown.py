"""Writing Markdown safely: every piece of document text is shown literally.

Text from documents may contain HTML, Markdown link syntax, template syntax or lines
that Markdown would read as rules or headings. :func:`escape` neutralises all of it;
templates apply it to every value they print (see ``render.environment``).
"""
from __future__ import annotations

import bisect
import html
import itertools
import re

from markupsafe import Markup

from ..model import Block

# Characters special only at the start of a line.
LINE_START = re.compile(r"^(\s*)([#>+\-]|\d+[.)])")
BOLD = re.compile(r"\*\*([^*\n]+?)\*\*")
# ``???`` opens a collapsible block (pymdownx.details) and ``?`` has no backslash escape.
DETAILS_START = re.compile(r"^(\s*)\?(?=\?\?)")
# HTML's special characters, and the characters Python-Markdown (with the extensions
# mkdocs.yml enables) treats specially anywhere in a line and lets us backslash-escape
# (``#`` too: a heading's closing hashes would be dropped). Line breaks of any kind
# become spaces, so escaped text is one line and cannot start a block of its own.
ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;",
                         **{c: " " for c in "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"},
                         **{c: "\\" + c for c in "\\`*_{}[]|!#"}})


def escape(text: object) -> Markup:
    """Markdown-and-HTML-safe text; Markup passes through unchanged."""
    if isinstance(text, Markup):
        return text
    if text is None:
        return Markup("")
    return Markup(str(text).translate(ESCAPES))


def at_line_start(text: str) -> str:
    """Escape what Markdown would read as a list, quote, heading, rule or details block at a line start."""
    text = DETAILS_START.sub(r"\1&#63;", text)
    return LINE_START.sub(lambda m: m.group(1) + (m.group(2)[:-1] + "\\" + m.group(2)[-1]), text)


def code(text: object) -> Markup:
    """Inline code: shown verbatim, in a span of backticks longer than any inside."""
    s = "" if text is None else str(text).replace("\n", " ")
    ticks = "`" * (max((len(r) for r in re.findall("`+", s)), default=0) + 1)
    pad = " " if s.startswith("`") or s.endswith("`") else ""
    return Markup(f"{ticks}{pad}{s}{pad}{ticks}")  # code spans escape HTML themselves


def _plain(text: str) -> str:
    """Escaped text that keeps the source's ``**bold**`` pairs as bold.

    The text inside is escaped like any other: Markdown still reads what sits between
    inline HTML tags (a link or an image with attributes would come alive there).
    """
    parts, pos = [], 0
    for m in BOLD.finditer(text):
        parts.append(str(escape(text[pos:m.start()])))
        parts.append("<strong>" + str(escape(m.group(1))) + "</strong>")
        pos = m.end()
    parts.append(str(escape(text[pos:])))
    return "".join(parts)


def _decorated(block: Block, marks: list[tuple[int, int, str]], links: list[tuple[int, int, str]]) -> str:
    """Block text with ``<mark>`` around quoted spans and links on cited policies.

    ``marks`` are (start, end, anchor id) and ``links`` (start, end, href) in block
    offsets. Overlapping marks merge into one ``<mark>`` holding every anchor; a link
    that would cross a mark is left out.
    """
    groups: list[list] = []
    for a, b, anchor in sorted(marks):
        if groups and a < groups[-1][1]:
            groups[-1][1] = max(groups[-1][1], b)
            groups[-1][2].append((a, anchor))
        else:
            groups.append([a, b, [(a, anchor)]])
    spans = [(a, b, "mark", anchors) for a, b, anchors in groups]
    for a, b, href in sorted(links):
        if all(b <= s or a >= e for s, e, *_ in spans):
            spans.append((a, b, "link", href))
    spans.sort(key=lambda x: x[0])
    out, pos = [], 0
    for a, b, kind, data in spans:
        out.append(_plain(block.text[pos:a]))
        if kind == "mark":
            inner, p = [], a
            for start, anchor in data:
                inner.append(str(escape(block.text[p:start])))
                inner.append(f'<span class="gk-anchor" id="{html.escape(anchor)}"></span>')
                p = start
            inner.append(str(escape(block.text[p:b])))
            out.append('<mark class="gk-quote">' + "".join(inner) + "</mark>")
        else:
            out.append(f"[{escape(block.text[a:b])}]({data})")
        pos = b
    out.append(_plain(block.text[pos:]))
    return at_line_start("".join(out))


def render_blocks(blocks: list[Block], quotes: list[tuple[int, int, str]] = (),
                  links: list[tuple[int, int, str]] = ()) -> Markup:
    """The body as Markdown.

    ``quotes`` are source spans to mark, with anchor ids; ``links`` are source spans to
    link, with their targets (relative URLs).
    """
    placed = _place(blocks, quotes, headings=True)
    linked = _place(blocks, links, headings=False)
    lines = []
    for i, block in enumerate(blocks):
        if block.kind in ("heading", "title"):
            text = _decorated(block, placed[i], []) if i in placed else str(escape(block.text))
            lines.append("#" * block.level + " " + text)
            continue
        text = _decorated(block, placed.get(i, []), linked.get(i, []))
        lines.append(text + "\n{: .gk-signature }" if block.kind == "signature" else text)
    return Markup("\n\n".join(lines))


def _place(blocks: list[Block], spans, headings: bool) -> dict[int, list[tuple[int, int, object]]]:
    """Source spans (start, end, data) placed in the first body block keeping part of them
    (else, with ``headings``, in a heading: a figure in （一）新增高新技术企业50家), as block offsets."""
    find = _BlockIndex(blocks)
    in_headings = _BlockIndex(blocks, ("heading",)) if headings else None
    into: dict[int, list] = {}
    for start, end, data in spans:
        found = find(start, end) or (in_headings(start, end) if in_headings else None)
        if found is not None:
            i, (a, b) = found
            into.setdefault(i, []).append((a, b, data))
    return into


def placed_quotes(blocks: list[Block], spans: list[tuple[int, int]]) -> list[bool]:
    """For each source span, whether :func:`render_blocks` marks it (and so places its anchor)."""
    placed = _place(blocks, [(a, b, n) for n, (a, b) in enumerate(spans)], headings=True)
    kept = {n for marks in placed.values() for _, _, n in marks}
    return [n in kept for n in range(len(spans))]


class _BlockIndex:
    """The first body block (not a heading; or of the given kinds) keeping part of a source
    span, found by bisection.

    Blocks follow the source, so a span overlaps one block or a few neighbours; looking
    through every block for every quote made long documents quadratic.
    """

    def __init__(self, blocks: list[Block], kinds: tuple[str, ...] | None = None) -> None:
        spans = sorted((min(src for _, src, _ in b.runs), max(src + n for _, src, n in b.runs), i)
                       for i, b in enumerate(blocks) if b.runs and (
                           b.kind in kinds if kinds else b.kind not in ("heading", "title")))
        self.blocks = blocks
        self.starts = [a for a, _, _ in spans]
        self.spans = spans
        self.reach = list(itertools.accumulate((b for _, b, _ in spans), max))  # furthest end so far

    def __call__(self, start: int, end: int) -> tuple[int, tuple[int, int]] | None:
        best = None
        k = bisect.bisect_left(self.starts, end) - 1  # blocks that start before the span ends
        while k >= 0 and self.reach[k] > start:
            _, b_end, i = self.spans[k]
            if b_end > start and (best is None or i < best[0]):
                offsets = self.blocks[i].locate(start, end)
                if offsets is not None:
                    best = (i, offsets)
            k -= 1
        return best
