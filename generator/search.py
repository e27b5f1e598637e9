"""Site search: the domain dictionary, and the records of the Pagefind index.

Chinese is indexed character by character. A record's text is split into *tokens*: each
Chinese (CJK) character is a token, and so is each run of letters and digits (2023,
A, 0357). Punctuation sticks to the token before it (函〔 2023〕 4 号), so it takes no
position of its own and a phrase can run across it. A token followed by whitespace in the
original ends with U+2060 WORD JOINER, which lets the browser put the space back when it
shows an excerpt (Pagefind drops punctuation and U+2060 from the words it indexes).

The browser (generator/theme/assets/javascripts/gongkai-search.js) turns a query into the
same words with :func:`query_words` and asks Pagefind for them as an exact phrase, so a
query finds every page that contains it, whole terms, parts of terms and words from the
middle of a sentence alike.
"""
from __future__ import annotations

import html
import html.parser
import re
import urllib.parse
import unicodedata

from . import vocab

SPACE_MARK = "\u2060"  # a token ending with it was followed by whitespace
LANGUAGE = "und"  # no stemming and no segmentation by Pagefind: the tokens are ours
# Front matter of document pages recorded with the page, in this order, after the title.
HEAD_FIELDS = ("doc_number", "agency", "proposer", "proposal_number", "topics", "region", "doc_type", "date")
_CJK = (r"\u3007\u3040-\u309f\u30a0-\u30fa\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
        r"\U00020000-\U0003134f")
_CJK_CHAR = re.compile(f"[{_CJK}]")


def domain_terms() -> list[str]:
    """Terms search must keep whole: topic terms and names from the vocabularies."""
    terms = set()
    for topic in vocab.load("topics")["topics"]:
        terms.add(topic["name"])
        terms.update(topic["terms"])
    return sorted(t for t in terms if len(t) >= 2)


def _kind(ch: str) -> str:
    """'cjk', 'word' (letters, digits, _), 'space' or 'punct' (everything else)."""
    if _CJK_CHAR.match(ch):
        return "cjk"
    if ch.isalnum() or ch == "_":
        return "word"
    return "space" if ch.isspace() else "punct"


def _fold(ch: str) -> str:
    """Full-width letters and digits as ASCII (２０２３ → 2023); punctuation stays as written."""
    return unicodedata.normalize("NFKC", ch) if ch.isalnum() else ch


def tokens(text: str) -> list[str]:
    """The tokens of ``text`` as indexed (see the module docstring)."""
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
    """``text`` as Pagefind indexes it: its tokens separated by spaces."""
    return " ".join(tokens(text))


def display_text(indexed: str) -> str:
    """The inverse of :func:`index_text` (what the browser shows), up to whitespace."""
    return indexed.replace(SPACE_MARK + " ", "\0").replace(" ", "").replace("\0", " ").replace(SPACE_MARK, "")


def query_words(query: str) -> list[str]:
    """The words of a query: NFKC, lower case, CJK characters one by one, punctuation dropped.

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


class _TextParser(html.parser.HTMLParser):
    """Text of rendered page content: blocks and cells separated by newlines.

    Leaves out the h1 (the title, recorded apart), navigation, scripts and the site's
    tables listing documents (标题 | 发文字号 | …: documents are found on their own pages).
    On a document page, also its metadata table (项目 | 内容), whose values the record
    holds, and everything from its 关联文件 or 文件信息 heading on: other documents and
    provenance, not the document's text.
    """

    BLOCKS = {"p", "div", "li", "ul", "ol", "table", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6",
              "br", "hr", "blockquote", "pre", "section", "article", "details", "summary", "figure",
              "figcaption", "dt", "dd", "dl", "caption"}
    SKIP = {"script", "style", "nav", "svg", "template", "h1"}
    VOID = {"br", "hr", "img", "input", "wbr", "meta", "link", "col", "area", "source"}
    LISTING_TABLE = ["标题", "发文字号", "发文机关", "日期", "文种"]
    META_TABLE = ["项目", "内容"]
    END_HEADINGS = {"关联文件", "文件信息"}

    def __init__(self, document: bool):
        super().__init__(convert_charrefs=True)
        self.document = document
        self.parts: list[str] = []
        self.skipping: list[str] = []  # open elements being left out
        self.table: tuple[int, list[str]] | None = None  # where the open table began, its header cells
        self.h2: int | None = None  # where the open h2 began
        self.ended = False

    def handle_starttag(self, tag, attrs):
        if self.ended:
            return
        if self.skipping or tag in self.SKIP:
            if tag not in self.VOID:
                self.skipping.append(tag)
            return
        if tag == "table":
            self.table = (len(self.parts), [])
        elif tag in ("th", "td") and self.table and self.table[1] is not None:
            self.table[1].append("")
        elif tag == "h2":
            self.h2 = len(self.parts)
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if self.ended:
            return
        if self.skipping:
            if tag == self.skipping[-1]:
                self.skipping.pop()
            return
        if tag == "tr" and self.table and self.table[1] is not None:
            start, header = self.table
            header = [cell.strip() for cell in header]
            self.table = (start, None)  # the header is read
            if header == self.LISTING_TABLE or (self.document and header == self.META_TABLE):
                del self.parts[start:]
                self.skipping.append("table")
                return
        if tag == "h2" and self.h2 is not None and self.document:
            if "".join(self.parts[self.h2:]).strip() in self.END_HEADINGS:
                del self.parts[self.h2:]
                self.ended = True
                return
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if self.skipping or self.ended:
            return
        if self.table and self.table[1]:
            self.table[1][-1] += data
        self.parts.append(data)


def html_text(content: str, document: bool = False) -> str:
    """The readable text of a page's rendered content (see _TextParser)."""
    parser = _TextParser(document)
    parser.feed(content)
    parser.close()
    return re.sub(r"\s*\n\s*", "\n", "".join(parser.parts)).strip()


def is_document(meta: dict) -> bool:
    """Whether front matter ``meta`` is a document page's (it has document metadata)."""
    return any(meta.get(key) for key in HEAD_FIELDS)


def record(url: str, title: str, text: str, meta: dict | None = None) -> dict:
    """The search record of one page: its URL, indexed text and metadata.

    The indexed text is the title, then the HEAD_FIELDS of ``meta`` (the page's front
    matter), then ``text``: the browser ranks pages by where the query first occurs, so
    title, then 发文字号 and the other metadata, then the text. The metadata (tokenised
    like the text) also come back with each result, for display, and ``body`` says where
    the text starts.
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
    indexed["body"] = str(len(head))
    return {"url": url, "content": " ".join(head + tokens(text)), "meta": indexed}


def record_html(rec: dict) -> str:
    """A record as the HTML page Pagefind indexes (its metadata in <meta> elements).

    The text is in an inline element: Pagefind would end a block with a full stop.
    """
    metas = "".join(f'<meta data-pagefind-meta="{key}[content]" content="{html.escape(value)}">'
                    for key, value in sorted(rec["meta"].items()))
    return (f'<!DOCTYPE html><html lang="{LANGUAGE}"><head><meta charset="utf-8">{metas}</head>'
            f'<body><span data-pagefind-body>{html.escape(rec["content"])}</span></body></html>\n')


def record_path(url: str) -> str:
    """Where the HTML of the record of ``url`` goes, so that Pagefind gives it that URL: the
    path of the page's own file in the site (MkDocs percent-encodes page URLs, and a long
    Chinese name would be too long for a file name once encoded)."""
    path = urllib.parse.unquote(url.lstrip("/"))
    return path + "index.html" if path == "" or path.endswith("/") else path
