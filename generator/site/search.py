"""Site search: the domain dictionary, and the records of the Pagefind index.

A page's text is cut into *tokens*: each Chinese (CJK) character is a token, and so is
each run of letters and digits (2023, A, 0357). Punctuation sticks to the token before it
(函〔 2023〕 4 号), so it takes no position of its own and a phrase can run across it; a
token followed by whitespace in the original ends with U+2060 WORD JOINER, so that the
browser can put the space back when it shows an excerpt.

Pagefind indexes overlapping *pairs* of tokens (临市 市科 科函 函2023‿ 2023‿4 4号 号): the
word at position i is the core (letters, digits or character) of token i followed by the
core of token i + 1 (the last token alone), a run of letters or digits ended with "‿",
which Pagefind keeps, so that 2023 4 and 20 234 differ. A query of two tokens or more is
asked as the exact phrase of its pairs (:func:`query_terms`), which finds exactly the
pages containing it: the pairs of a common query (科技 创新) are far rarer than its
characters (科 技 创 新), so the browser fetches and intersects much less. A query of one
token (科, 2023‿) is asked as the beginning of a word: Pagefind finds the pages with a
word that begins so, which are the pages with a pair that begins with that token (the
"‿" keeps 2023 from finding 20231); each page's distinct tokens are not indexed again.

The punctuation and spaces of token i, before and after its core (its *marks*), ride on
its word as codes in ASCII punctuation at either end (the word of 函〔 before 2023〕 is
函2023 then the code of 〔), which Pagefind drops from the word it indexes without
indexing anything more; the codes number the site's distinct marks, listed once for the
browser (:class:`Marks`). Any other punctuation in a word would make Pagefind index
its parts as extra words.

The browser (generator/theme/assets/javascripts/gongkai-search.js) mirrors
:func:`query_words`, :func:`query_terms` and :func:`shown_tokens`.
"""
from __future__ import annotations

import functools
import html
import re
import urllib.parse
from collections.abc import Iterable
import unicodedata

from .. import config
from ..output.search import HEAD_FIELDS

SPACE_MARK = "\u2060"  # a token ending with it was followed by whitespace
GLUE = "\u203f"  # ‿ between two runs of letters or digits in a pair (one of Pagefind's word characters)
# The digits of mark codes: ASCII punctuation but "_" (a word character for Pagefind) and
# the two characters JSON escapes.
CODE_DIGITS = "!#$%&'()*+,-./:;<=>?@[]^`{|}~"
LANGUAGE = "und"  # no stemming and no segmentation by Pagefind: the words are ours
_CJK = (r"\u3007\u3040-\u309f\u30a0-\u30fa\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
        r"\U00020000-\U0003134f")
_CJK_CHAR = re.compile(f"[{_CJK}]")


def domain_terms() -> list[str]:
    """Terms search must keep whole: topic terms and names from the vocabularies."""
    terms = set()
    for topic in config.load("topics")["topics"]:
        terms.add(topic["name"])
        terms.update(topic["terms"])
    return sorted(t for t in terms if len(t) >= 2)


@functools.lru_cache(maxsize=1 << 16)
def _kind(ch: str) -> str:
    """'cjk', 'word' (letters, digits, _), 'space' or 'punct' (everything else)."""
    if _CJK_CHAR.match(ch):
        return "cjk"
    if ch.isalnum() or ch == "_":
        return "word"
    return "space" if ch.isspace() else "punct"


@functools.lru_cache(maxsize=1 << 16)
def _fold(ch: str) -> str:
    """Full-width letters and digits as ASCII (２０２３ → 2023); punctuation stays as written."""
    return unicodedata.normalize("NFKC", ch) if ch.isalnum() else ch


def tokens(text: str) -> list[str]:
    """The tokens of ``text`` (see the module docstring)."""
    out: list[str] = []
    pending = ""  # punctuation waiting for the next token (at the start, or after a space)
    prev = "space"
    for ch in text:
        kind = _kind(ch)
        if kind == "space":
            if pending:  # punctuation standing alone
                out.append(pending + SPACE_MARK)
                pending = ""
            elif out and not out[-1].endswith(SPACE_MARK):
                out[-1] += SPACE_MARK
        elif kind == "punct":
            if out and prev != "space" and not pending:
                out[-1] += ch
            else:
                pending += ch
        elif kind == "word" and prev == "word":
            out[-1] += _fold(ch)
        else:
            out.append(pending + _fold(ch))
            pending = ""
        prev = kind
    if pending:
        if out:
            out[-1] += pending
        else:
            out.append(pending)
    if out and out[-1].endswith(SPACE_MARK):
        out[-1] = out[-1][: -len(SPACE_MARK)]
    return out


def index_text(text: str) -> str:
    """``text`` as tokens separated by spaces (how the record's metadata are given)."""
    return " ".join(tokens(text))


def display_text(indexed: str) -> str:
    """The inverse of :func:`index_text` (what the browser shows), up to whitespace."""
    return indexed.replace(SPACE_MARK + " ", "\0").replace(" ", "").replace("\0", " ").replace(SPACE_MARK, "")


_CORE, _MARK = f"[{_CJK}\\w]", f"[^{_CJK}\\w]"  # \w: letters, digits and _, as in _kind
_PARTS = re.compile(f"({_MARK}*)({_CORE}(?:.*{_CORE})?)?({_MARK}*)\\Z", re.S)


@functools.lru_cache(maxsize=1 << 16)
def _parts(token: str) -> tuple[str, str, str]:
    pre, core_, post = _PARTS.match(token).groups()
    return pre, core_ or "", post


def core(token: str) -> str:
    """The letters, digits or character of a token, as written ("" for punctuation alone)."""
    return _parts(token)[1]


def marks(token: str) -> tuple[str, str]:
    """What a token has before and after its core: punctuation and the space mark."""
    pre, _, post = _parts(token)
    return pre, post


def _glue(a: str) -> str:
    """What ends the core ``a`` in an indexed word: GLUE if it is a run of letters or digits."""
    return GLUE if a and _kind(a[-1]) == "word" else ""


def query_words(query: str) -> list[str]:
    """The tokens of a query: NFKC, lower case, CJK characters one by one, punctuation dropped.

    临市科函[2023]4号 and 临市科函〔2023〕4号 both give 临 市 科 函 2023 4 号.
    """
    words: list[str] = []
    prev = "space"
    for ch in unicodedata.normalize("NFKC", query).lower():
        kind = _kind(ch)
        if kind == "word" and prev == "word":
            words[-1] += ch
        elif kind in ("word", "cjk"):
            words.append(ch)
        prev = kind
    return words


def query_terms(query: str) -> list[str]:
    """The words Pagefind is asked for: as an exact phrase, the pairs of the query's tokens
    (临市科函〔2023〕4号 → 临市 市科 科函 函2023‿ 2023‿4 4号), or as the beginning of a word
    its only token (科 → 科, 2023 → 2023‿)."""
    words = query_words(query)
    if len(words) < 2:
        return [w + _glue(w) for w in words]
    return [a + _glue(a) + b for a, b in zip(words, words[1:])]


def shown(toks: list[str]) -> list[str]:
    """``toks`` with punctuation standing alone joined to the token before it (or after it):
    the tokens of a record, one core each."""
    out: list[str] = []
    lead = ""
    for tok in toks:
        if core(tok):
            out.append(lead + tok)
            lead = ""
        elif out:
            out[-1] += tok
        else:
            lead += tok
    return out


class Marks:
    """The site's distinct marks and their codes: mark i has the code of i in CODE_DIGITS.

    The table grows as records are indexed, each new mark taking the next number, so that
    a mark's code never changes and records can be indexed one by one as the pages are
    rendered; the marks of the first pages (，。、 and the like) get the shortest codes. The
    browser gets the final table.
    """

    def __init__(self, table: Iterable[str] = ()):
        self.table: list[str] = []
        self.codes: dict[str, str] = {"": ""}
        for mark in table:
            self.code(mark)

    def code(self, mark: str) -> str:
        code = self.codes.get(mark)
        if code is None:
            code = self.codes[mark] = _code(len(self.table))
            self.table.append(mark)
        return code


def mark_table(records: Iterable[dict]) -> list[str]:
    """The distinct marks of ``records``' tokens, in order of first use."""
    table = Marks()
    for rec in records:
        for tok in rec["tokens"]:
            for mark in marks(tok):
                table.code(mark)
    return table.table


def _code(i: int) -> str:
    """``i`` in CODE_DIGITS: ASCII punctuation, which Pagefind indexes nothing for."""
    digits = ""
    while True:
        i, d = divmod(i, len(CODE_DIGITS))
        digits = CODE_DIGITS[d] + digits
        if not i:
            return digits


def _number(code: str) -> int:
    n = 0
    for ch in code:
        n = n * len(CODE_DIGITS) + CODE_DIGITS.index(ch)
    return n


def index_words(toks: list[str], marks: Marks | list[str]) -> list[str]:
    """The indexed words of a record's tokens (see :func:`shown`): its pairs (the last token
    alone), each with the marks of its first token coded at either end. ``marks`` (or a
    table of them) gives the codes, and takes the marks it has not seen."""
    if not isinstance(marks, Marks):
        marks = Marks(marks)
    code = marks.code
    parts = [_parts(t) for t in toks]
    pairs = [code(pre) + c + _glue(c) + nxt[1] + code(post) for (pre, c, post), nxt in zip(parts, parts[1:])]
    pairs += [code(pre) + c + _glue(c) + code(post) for pre, c, post in parts[-1:]]
    return pairs


def shown_tokens(words: list[str], table: list[str]) -> list[str]:
    """The tokens of indexed pairs, as shown: the inverse of :func:`index_words`."""
    out = []
    for word in words:
        a, b = 0, len(word)
        while a < b and word[a] in CODE_DIGITS:
            a += 1
        while b > a and word[b - 1] in CODE_DIGITS:
            b -= 1
        pre = table[_number(word[:a])] if a else ""
        post = table[_number(word[b:])] if b < len(word) else ""
        middle = word[a:b]
        if GLUE in middle:
            end = middle.index(GLUE)
        elif _kind(middle[0]) == "cjk":
            end = 1
        else:
            end = next((i for i, ch in enumerate(middle) if _kind(ch) != "word"), len(middle))
        out.append(pre + middle[:end] + post)
    return out


def record(url: str, title: str, text: str, meta: dict | None = None) -> dict:
    """The search record of one page: its URL, tokens and metadata.

    The tokens are the title's, then the HEAD_FIELDS of ``meta`` (the page's front matter),
    then ``text``'s: the browser ranks pages by where the query first occurs, so title,
    then 发文字号 and the other metadata, then the text. The metadata (as tokens separated
    by spaces) also come back with each result, for display; ``body`` says where the text
    starts, as a code (see :func:`_code`: Pagefind would index a number as a word).
    """
    meta = meta or {}
    fields = {"title": title}
    for key in HEAD_FIELDS:
        value = meta.get(key)
        if isinstance(value, (list, tuple)):
            value = "、".join(str(v) for v in value if v not in (None, ""))
        if value not in (None, ""):
            fields[key] = str(value)
    head: list[str] = []
    for value in fields.values():
        part = tokens(value)
        if part and not part[-1].endswith(SPACE_MARK):
            part[-1] += SPACE_MARK
        head += part
    indexed = {key: index_text(value) for key, value in fields.items()}
    indexed["body"] = _code(len(shown(head)))
    return {"url": url, "tokens": shown(head + tokens(text)), "meta": indexed, "kind": meta.get("kind")}


def record_html(rec: dict, marks: Marks | list[str]) -> str:
    """A record as the HTML page Pagefind indexes (see :func:`index_words`; its metadata in
    <meta> elements, and ``end``, where its pairs end, coded like ``body``).

    The text is in an inline element: Pagefind would end a block with a full stop.
    """
    pairs = index_words(rec["tokens"], marks)
    meta = dict(rec["meta"], end=_code(len(pairs)))
    metas = "".join(f'<meta data-pagefind-meta="{key}[content]" content="{html.escape(value)}">'
                    for key, value in sorted(meta.items()))
    return (f'<!DOCTYPE html><html lang="{LANGUAGE}"><head><meta charset="utf-8">{metas}</head>'
            f'<body><span data-pagefind-body>{html.escape(" ".join(pairs))}</span></body></html>\n')


def record_path(url: str) -> str:
    """Where the HTML of the record of ``url`` goes, so that Pagefind gives it that URL: the
    path of the page's own file in the site (MkDocs percent-encodes page URLs, and a long
    Chinese name would be too long for a file name once encoded)."""
    path = urllib.parse.unquote(url.lstrip("/"))
    return path + "index.html" if path == "" or path.endswith("/") else path
