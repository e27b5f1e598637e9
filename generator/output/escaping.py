"""One escaping function per output context.

Every value that comes from a document, a file name or a sidecar reaches an output
through exactly one of these functions, chosen by where it lands:

=========================  =====================================================
context                    function
=========================  =====================================================
YAML front matter          :func:`yaml_dump` (PyYAML's safe dumper, never by hand)
Markdown text (pages)      :func:`markdown.escape <generator.markdown.escape>` (headings,
                           and values in a page's Markdown sentences)
HTML text and attributes   :func:`html_text`, :func:`html_attr` (also a page's paragraphs
                           and the tables and lists of the HTML blocks)
SVG text                   :func:`svg_text`
URL path in a link         :func:`url_path`
JSON / JSON-LD             :func:`json_text` (``<``, ``>``, ``&`` as ``\\uXXXX``)
XML (feed)                 :func:`xml_text` (characters XML 1.0 cannot carry dropped)
CSV cells                  :func:`formula_like` tells cells a spreadsheet would run
=========================  =====================================================

Characters that no output can carry are removed at ingest (:data:`UNSAFE_CHARS`,
recorded as debris), so these functions never meet them in document text; ``xml_text``
and the YAML dumper still guard against them, for values made elsewhere.
"""
from __future__ import annotations

import html
import json
import re
import urllib.parse

import yaml

# C0 controls except tab and line feed, DEL, C1 controls, lone surrogates, and Unicode
# noncharacters (U+FDD0–U+FDEF and the last two code points of every plane): YAML, XML
# and HTML cannot carry them, and they are never text. Line ends (CR, VT, FF) are turned
# into line feeds before this applies.
UNSAFE_CHARS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(f"{chr(p * 0x10000 + 0xfffe)}{chr(p * 0x10000 + 0xffff)}" for p in range(17))
    + "]")
# What a spreadsheet reads as a formula at the start of a cell (OWASP's list).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_JSON_HTML = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028",
                            "\u2029": "\\u2029"})
# What stays as written in a link's path: letters (any script), digits, _ - . / # and the
# percent sign of an existing escape. Page ids and term slugs are made of these.
_URL_SAFE = "/#-._~"


def strip_unsafe(text: str) -> tuple[str, list[tuple[int, str]]]:
    """``text`` without :data:`UNSAFE_CHARS`, and where each was: (offset in the result, 'U+XXXX')."""
    removed: list[tuple[int, str]] = []
    if not UNSAFE_CHARS.search(text):
        return text, removed
    parts, pos = [], 0
    for m in UNSAFE_CHARS.finditer(text):
        parts.append(text[pos:m.start()])
        removed.append((m.start() - len(removed), f"U+{ord(m.group()):04X}"))
        pos = m.end()
    parts.append(text[pos:])
    return "".join(parts), removed


def yaml_dump(data: dict) -> str:
    """YAML text of ``data`` written by the library's safe dumper (libyaml's when present)."""
    return yaml.dump(data, Dumper=DUMPER, allow_unicode=True, sort_keys=False, width=4096)


def front_matter(data: dict) -> str:
    """A page's front matter block (``---`` … ``---``)."""
    return "---\n" + yaml_dump(data) + "---\n"


def html_text(value: object) -> str:
    """Text for an HTML element or a quoted attribute value."""
    return html.escape("" if value is None else str(value), quote=True)


html_attr = html_text  # one function: quote=True escapes " and ' too
svg_text = html_text  # inline SVG is parsed as HTML


def url_path(path: str) -> str:
    """A relative URL path with anything but letters, digits and ``/#-._~`` percent-encoded."""
    return "".join(ch if ch.isalnum() or ch in _URL_SAFE else urllib.parse.quote(ch, safe="") for ch in path)


def json_text(data: object, **kwargs) -> str:
    """JSON that is also safe inside an HTML ``<script>`` element."""
    return json.dumps(data, ensure_ascii=False, **kwargs).translate(_JSON_HTML)


def xml_text(value: object) -> str:
    """Text with the characters XML 1.0 forbids removed (ElementTree escapes the rest)."""
    return _XML_INVALID.sub("", "" if value is None else str(value))


def formula_like(value: object) -> bool:
    """Whether a CSV cell would be read as a formula by a spreadsheet."""
    return isinstance(value, str) and value.startswith(FORMULA_START)
