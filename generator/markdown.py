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

# Characters Python-Markdown (with the extensions mkdocs.yml enables) treats specially
# anywhere in a line, and that it lets us backslash-escape.
INLINE_SPECIAL = re.compile(r"([\\`*_{}\[\]|!])")
# Characters special only at the start of a line.
LINE_START = re.compile(r"^(\s*)([#>+\-]|\d+[.)])")
BOLD = re.compile(r"\*\*([^*\n]+?)\*\*")


def escape(text: object) -> Markup:
    """Markdown-and-HTML-safe text; Markup passes through unchanged."""
    if isinstance(text, Markup):
        return text
    if text is None:
        return Markup("")
    s = html.escape(str(text), quote=False)
    s = INLINE_SPECIAL.sub(r"\\\1", s)
    s = s.replace("\n", " ")
    s = LINE_START.sub(lambda m: m.group(1) + (m.group(2)[:-1] + "\\" + m.group(2)[-1]), s)
    return Markup(s)


def escape_keep_bold(text: str) -> str:
    """Escape, but keep the source's ``**bold**`` pairs as bold."""
    parts = []
    pos = 0
    for m in BOLD.finditer(text):
        parts.append(str(escape(text[pos:m.start()])))
        parts.append("<strong>" + html.escape(m.group(1)) + "</strong>")
        pos = m.end()
    parts.append(str(escape(text[pos:])))
    out = "".join(parts)
    return LINE_START.sub(lambda m: m.group(1) + (m.group(2)[:-1] + "\\" + m.group(2)[-1]), out)


def _marked(block: Block, marks: list[tuple[int, int, str]]) -> str:
    """Block text with ``<mark>`` around the quoted spans (block offsets, anchor id)."""
    if not marks:
        return escape_keep_bold(block.text)
    # merge overlapping spans; each merged span carries the anchors of its quotes
    groups: list[list] = []
    for a, b, anchor in sorted(marks):
        if groups and a < groups[-1][1]:
            groups[-1][1] = max(groups[-1][1], b)
            groups[-1][2].append((a, anchor))
        else:
            groups.append([a, b, [(a, anchor)]])
    out, pos = [], 0
    for a, b, anchors in groups:
        out.append(str(escape(block.text[pos:a])))
        inner, p = [], a
        for start, anchor in anchors:
            inner.append(str(escape(block.text[p:start])))
            inner.append(f'<span class="gk-anchor" id="{html.escape(anchor)}"></span>')
            p = start
        inner.append(str(escape(block.text[p:b])))
        out.append('<mark class="gk-quote">' + "".join(inner) + "</mark>")
        pos = b
    out.append(str(escape(block.text[pos:])))
    text = "".join(out)
    return LINE_START.sub(lambda m: m.group(1) + (m.group(2)[:-1] + "\\" + m.group(2)[-1]), text)


def render_blocks(blocks: list[Block], quotes: list[tuple[int, int, str]] = ()) -> Markup:
    """The body as Markdown. ``quotes`` are source spans to mark, with anchor ids."""
    placed: dict[int, list[tuple[int, int, str]]] = {}
    for start, end, anchor in quotes:
        for i, block in enumerate(blocks):
            if block.kind == "heading":
                continue
            a = _block_offset(block, start, end)
            if a is not None:
                placed.setdefault(i, []).append((a[0], a[1], anchor))
                break
    lines = []
    for i, block in enumerate(blocks):
        if block.kind in ("heading", "title"):
            lines.append("#" * block.level + " " + str(escape(block.text)))
        elif block.kind == "signature":
            lines.append(_marked(block, placed.get(i, [])) + "\n{: .gk-signature }")
        else:
            lines.append(_marked(block, placed.get(i, [])))
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
