"""Writing a page's body safely: every piece of document text is shown literally.

Text from documents may contain HTML, Markdown link syntax, template syntax or lines
that Markdown would read as rules or headings. In Markdown (headings, and what templates
print) :func:`escape` neutralises all of it; templates apply it to every value they print
(see ``render.environment``). The body's paragraphs are HTML (:func:`render_blocks`): an
HTML block the site's renderer keeps from Markdown (``<!--gk:html-->`` lines, see
``generator/site/plugin.py``), its text through the HTML escaper.
"""
from __future__ import annotations

import bisect
import itertools
import re

from markupsafe import Markup

from ..model import Block
from .escaping import html_text

BOLD = re.compile(r"\*\*([^*\n]+?)\*\*")
# HTML's special characters, and the characters Python-Markdown (with the extensions
# mkdocs.yml enables) treats specially anywhere in a line and lets us backslash-escape
# (``#`` too: a heading's closing hashes would be dropped). Line breaks of any kind
# become spaces, so escaped text is one line and cannot start a block of its own.
LINE_BREAKS = {c: " " for c in "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"}
ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", **LINE_BREAKS,
                         **{c: "\\" + c for c in "\\`*_{}[]|!#"}})
ONE_LINE = str.maketrans(LINE_BREAKS)
HTML_BLOCK = ("<!--gk:html-->", "<!--/gk:html-->")  # the lines around HTML kept from Markdown


def escape(text: object) -> Markup:
    """Markdown-and-HTML-safe text; Markup passes through unchanged."""
    if isinstance(text, Markup):
        return text
    if text is None:
        return Markup("")
    return Markup(str(text).translate(ESCAPES))


def code(text: object) -> Markup:
    """Inline code: shown verbatim, in a span of backticks longer than any inside."""
    s = "" if text is None else str(text).replace("\n", " ")
    ticks = "`" * (max((len(r) for r in re.findall("`+", s)), default=0) + 1)
    pad = " " if s.startswith("`") or s.endswith("`") else ""
    return Markup(f"{ticks}{pad}{s}{pad}{ticks}")  # code spans escape HTML themselves


def _plain(text: str, esc) -> str:
    """Text escaped by ``esc`` that keeps the source's ``**bold**`` pairs as bold.

    The text inside is escaped like any other: Markdown still reads what sits between
    inline HTML tags (a link or an image with attributes would come alive there).
    """
    parts, pos = [], 0
    for m in BOLD.finditer(text):
        parts.append(esc(text[pos:m.start()]))
        parts.append("<strong>" + esc(m.group(1)) + "</strong>")
        pos = m.end()
    parts.append(esc(text[pos:]))
    return "".join(parts)


def _markdown_text(text: str) -> str:
    return str(escape(text))


def _html_text(text: str) -> str:
    return html_text(text.translate(ONE_LINE))  # one line, as in Markdown


def _decorated(block: Block, marks: list[tuple[int, int, str]], links: list[tuple[int, int, str]],
               markdown: bool) -> str:
    """Block text with ``<mark>`` around quoted spans and links on cited policies, as
    Markdown (``markdown``) or HTML.

    ``marks`` are (start, end, anchor id) and ``links`` (start, end, href) in block
    offsets. Overlapping marks merge into one ``<mark>`` holding every anchor; a link
    that would cross a mark is left out.
    """
    esc = _markdown_text if markdown else _html_text
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
        out.append(_plain(block.text[pos:a], esc))
        if kind == "mark":
            inner, p = [], a
            for start, anchor in data:
                inner.append(esc(block.text[p:start]))
                inner.append(f'<span class="gk-anchor" id="{html_text(anchor)}"></span>')
                p = start
            inner.append(esc(block.text[p:b]))
            out.append('<mark class="gk-quote">' + "".join(inner) + "</mark>")
        elif markdown:
            out.append(f"[{esc(block.text[a:b])}]({data})")
        else:
            out.append(f'<a href="{html_text(data)}">{esc(block.text[a:b])}</a>')
        pos = b
    out.append(_plain(block.text[pos:], esc))
    return "".join(out)


def render_blocks(blocks: list[Block], quotes: list[tuple[int, int, str]] = (),
                  links: list[tuple[int, int, str]] = ()) -> Markup:
    """The body: headings as Markdown (the table of contents is made of them), the
    paragraphs between them as HTML blocks.

    ``quotes`` are source spans to mark, with anchor ids; ``links`` are source spans to
    link, with their targets (relative URLs of ``site_src`` files, as a Markdown link's).
    """
    placed = _place(blocks, quotes, headings=True)
    linked = _place(blocks, links, headings=False)
    parts: list[str] = []
    run: list[str] = []
    for i, block in enumerate(blocks):
        if block.kind in ("heading", "title"):
            if run:
                parts.append("\n".join((HTML_BLOCK[0], *run, HTML_BLOCK[1])))
                run = []
            text = _decorated(block, placed[i], [], markdown=True) if i in placed else str(escape(block.text))
            parts.append("#" * block.level + " " + text)
            continue
        text = _decorated(block, placed.get(i, []), linked.get(i, []), markdown=False)
        run.append(f'<p class="gk-signature">{text}</p>' if block.kind == "signature" else f"<p>{text}</p>")
    if run:
        parts.append("\n".join((HTML_BLOCK[0], *run, HTML_BLOCK[1])))
    return Markup("\n\n".join(parts))


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
