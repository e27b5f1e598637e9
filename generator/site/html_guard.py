"""The last guard: no built page may carry executable content the theme did not put there.

Every page MkDocs writes is scanned (:func:`scan`, called by the site's hooks for each
page as it is written, so it costs no second pass over the site) for

* event-handler attributes (``onload=``, ``onerror=`` …), on any element;
* ``javascript:``, ``vbscript:`` and ``data:`` URLs in any attribute that takes a URL
  (after undoing character references and the spaces browsers ignore);
* elements that load or run other content (``iframe``, ``object``, ``embed``, ``base``,
  ``meta http-equiv=refresh`` …);
* ``<script>`` elements other than the theme's: a ``src`` inside the site's own assets,
  JSON data (``application/json``, ``application/ld+json``) that parses, or an inline
  script as one of the theme's templates writes it (Material's and the project's own in
  ``generator/theme``; a template's ``{{ value }}`` may stand for a value without quotes,
  angle brackets or backslashes).

Escaping is what keeps documents from reaching a page as code; this scan only makes
sure that a mistake in it fails the build instead of publishing a script.
"""
from __future__ import annotations

import functools
import html
import json
import posixpath
import re
from pathlib import Path

from .. import config

# A start tag as the HTML tokenizer reads it: the name runs to a space, "/" or ">", and
# attributes are separated by spaces or "/" (<svg/onload=…> is an svg with an onload).
_TAG = re.compile(r"""<([a-zA-Z][^\s/>]*)((?:[\s/]+[^\s/>][^\s/>=]*(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]*))?)*)[\s/]*>""")
_ATTR = re.compile(r"""([^\s/>][^\s/>=]*)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]*))?""")
_SCRIPT = re.compile(r"<script(?=[\s/>])([^>]*)>(.*?)</script\s*>", re.S | re.I)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_IGNORED_IN_URL = re.compile(r"[\x00-\x20]+")


class UnsafeHTML(Exception):
    """A built page holds executable content (see the module docstring)."""

    def __init__(self, path: str, what: str, snippet: str) -> None:
        super().__init__(path, what, snippet)
        self.path, self.what, self.snippet = path, what, snippet

    def __str__(self) -> str:
        return f"{self.path}: {self.what}: {self.snippet}"


@functools.cache
def _rules() -> dict:
    data = config.load("html_guard")
    return {
        "url_attributes": frozenset(data["url_attributes"]),
        "bad_schemes": tuple(data["bad_schemes"]),
        "forbidden": frozenset(data["forbidden_elements"]),
        "json_types": frozenset(data["json_script_types"]),
        "script_dirs": tuple(data["script_folders"]),
        "inline": _theme_scripts(),
    }


_TEMPLATE_VALUE = re.compile(r"\\\{\\\{.*?\\\}\\\}")  # an escaped {{ … }}


def _theme_scripts() -> list[re.Pattern]:
    """The inline scripts of the theme's templates (Material's and the project's), as
    patterns: each ``{{ value }}`` stands for text without quotes, brackets or backslashes."""
    import material

    folders = (Path(material.__file__).parent / "templates", Path(__file__).parents[1] / "theme")
    bodies = {m.group(1) for folder in folders for path in sorted(folder.rglob("*.html"))
              for m in re.finditer(r"<script>(.*?)</script>", path.read_text(encoding="utf-8"), re.S)}
    return [re.compile(_TEMPLATE_VALUE.sub(lambda _: "[^\"'<>\\\\]*", re.escape(body)))
            for body in sorted(bodies) if "{%" not in body]


def _attrs(text: str) -> list[tuple[str, str]]:
    out = []
    for m in _ATTR.finditer(text):
        value = m.group(2) or ""
        if value[:1] in "\"'":
            value = value[1:-1]
        out.append((m.group(1).lower(), html.unescape(value) if "&" in value else value))
    return out


def _bad_url(value: str, schemes: tuple[str, ...]) -> bool:
    return _IGNORED_IN_URL.sub("", value).lower().startswith(schemes)


def _script_ok(attrs: list[tuple[str, str]], body: str, rules: dict) -> bool:
    attr = dict(attrs)
    if "src" in attr:
        src = attr["src"]
        if body.strip() or "//" in src or ":" in src.split("/")[0]:
            return False  # no other host, no scheme, no inline code beside a source
        path = posixpath.normpath(src.split("?")[0].split("#")[0])
        parts = [p for p in path.split("/") if p not in ("", "..")]
        # relative to the page (../assets/…), or from the site's address (/repo/assets/…)
        return bool(parts) and (parts[0] in rules["script_dirs"]
                                or path.startswith("/") and len(parts) > 1 and parts[1] in rules["script_dirs"])
    if attr.get("type", "").lower() in rules["json_types"]:
        try:
            json.loads(body)
        except ValueError:
            return False
        return True
    return any(p.fullmatch(body) for p in rules["inline"])


def scan(page: str, output: str) -> None:
    """Raise :class:`UnsafeHTML` if the HTML ``output`` of ``page`` holds executable content."""
    rules = _rules()
    text = _COMMENT.sub("", output)
    allowed, parts, pos = set(), [], 0
    for m in _SCRIPT.finditer(text):
        if not _script_ok(_attrs(m.group(1)), m.group(2), rules):
            raise UnsafeHTML(page, "a script", _snippet(m.group(0)))
        parts.append(text[pos:m.start(2)])  # the theme's script bodies are not markup
        pos = m.end(2)
    parts.append(text[pos:])
    text = "".join(parts)
    allowed = {m.start() for m in _SCRIPT.finditer(text)}
    for m in _TAG.finditer(text):
        name = m.group(1).lower()
        attrs = _attrs(m.group(2)) if m.group(2) else ()
        if name == "script" and m.start() not in allowed:
            raise UnsafeHTML(page, "a script", _snippet(m.group(0)))
        if name in rules["forbidden"]:
            raise UnsafeHTML(page, f"a <{name}> element", _snippet(m.group(0)))
        for key, value in attrs:
            if key.startswith("on"):
                raise UnsafeHTML(page, f"an event handler ({key})", _snippet(m.group(0)))
            if key in rules["url_attributes"] and _bad_url(value, rules["bad_schemes"]):
                raise UnsafeHTML(page, f"a {value.split(':')[0].strip().lower()}: URL in {key}", _snippet(m.group(0)))
        if name == "meta" and dict(attrs).get("http-equiv", "").lower() == "refresh":
            raise UnsafeHTML(page, "a refresh", _snippet(m.group(0)))


def _snippet(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"
