"""Writing Markdown safely: every piece of document text is shown literally.

Text from documents may contain HTML, Markdown link syntax, template syntax or lines
that Markdown would read as rules or headings. :func:`escape` neutralises all of it;
templates apply it to every value they print (see ``render.environment``).
"""
from __future__ import annotations

import html
import re

from markupsafe import Markup

from .model import Block

# Characters special only at the start of a line.
LINE_START = re.compile(r"^(\s*)([#>+\-]|\d+[.)])")
BOLD = re.compile(r"\*\*([^*\n]+?)\*\*")
# HTML's special characters, and the characters Python-Markdown (with the extensions
# mkdocs.yml enables) treats specially anywhere in a line and lets us backslash-escape.
ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\n": " ",
                         **{c: "\\" + c for c in "\\`*_{}[]|!"}})


def escape(text: object) -> Markup:
    """Markdown-and-HTML-safe text; Markup passes through unchanged."""
    if isinstance(text, Markup):
        return text
    if text is None:
        return Markup("")
    return Markup(str(text).translate(ESCAPES))


def at_line_start(text: str) -> str:
    """Escape what Markdown would read as a list, quote, heading or rule at a line start."""
    return LINE_START.sub(lambda m: m.group(1) + (m.group(2)[:-1] + "\\" + m.group(2)[-1]), text)


def code(text: object) -> Markup:
    """Inline code: shown verbatim, in a span of backticks longer than any inside."""
    s = "" if text is None else str(text).replace("\n", " ")
    ticks = "`" * (max((len(r) for r in re.findall("`+", s)), default=0) + 1)
    pad = " " if s.startswith("`") or s.endswith("`") else ""
    return Markup(f"{ticks}{pad}{s}{pad}{ticks}")  # code spans escape HTML themselves


def _plain(text: str) -> str:
    """Escaped text that keeps the source's ``**bold**`` pairs as bold."""
    parts, pos = [], 0
    for m in BOLD.finditer(text):
        parts.append(str(escape(text[pos:m.start()])))
        parts.append("<strong>" + html.escape(m.group(1)) + "</strong>")
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
    placed: dict[int, list] = {}
    linked: dict[int, list] = {}
    for spans, into in ((quotes, placed), (links, linked)):
        for start, end, data in spans:
            for i, block in enumerate(blocks):
                if block.kind in ("heading", "title"):
                    continue
                a = _block_offset(block, start, end)
                if a is not None:
                    into.setdefault(i, []).append((a[0], a[1], data))
                    break
    lines = []
    for i, block in enumerate(blocks):
        if block.kind in ("heading", "title"):
            lines.append("#" * block.level + " " + str(escape(block.text)))
            continue
        text = _decorated(block, placed.get(i, []), linked.get(i, []))
        lines.append(text + "\n{: .gk-signature }" if block.kind == "signature" else text)
    return Markup("\n\n".join(lines))


def _block_offset(block: Block, start: int, end: int) -> tuple[int, int] | None:
    """Block offsets covering the part of source span [start, end) kept in the block."""
    a = b = None
    for off, src, n in block.runs:
        lo, hi = max(src, start), min(src + n, end)
        if lo < hi:
            if a is None:
                a = off + lo - src
            b = off + hi - src
    return (a, b) if a is not None else None
