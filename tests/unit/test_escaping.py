"""Escaping of a page's body: text from documents is shown literally, never read as markup, in the
paragraphs' HTML and in the headings' Markdown."""
from __future__ import annotations

import re

import pytest
from markupsafe import Markup

from generator.model import Block
from generator.output.markdown import escape, render_blocks


def body(*texts: str, kind: str = "paragraph") -> str:
    return str(render_blocks([Block(t, ((0, 0, len(t)),), kind=kind, level=2) for t in texts]))


def paragraph(text: str) -> str:
    """The paragraph's HTML, from the HTML block the body puts it in."""
    m = re.fullmatch(r"<!--gk:html-->\n<p>(.*)</p>\n<!--/gk:html-->", body(text))
    assert m, body(text)
    return m.group(1)


@pytest.mark.parametrize("text, html", [
    ("??? note", "??? note"),  # HTML: Markdown never reads it, so nothing Markdown sees needs escaping
    ("!!! danger", "!!! danger"),
    ("## 标题 #", "## 标题 #"),
    ("- 列表", "- 列表"),
    ("> 引用", "&gt; 引用"),
    ("a\rb\u2028c\x0bd", "a b c d"),  # one line: nothing can end the block
    ("<!--/gk:html-->\n<script>x</script>", "&lt;!--/gk:html--&gt; &lt;script&gt;x&lt;/script&gt;"),
    ("**[x](javascript:alert(1))**", "<strong>[x](javascript:alert(1))</strong>"),
    ("**<b>粗</b>**", "<strong>&lt;b&gt;粗&lt;/b&gt;</strong>"),
    ('<a href="x" onclick=\'y\'>', "&lt;a href=&quot;x&quot; onclick=&#x27;y&#x27;&gt;"),
    ("&lt;", "&amp;lt;"),
])
def test_a_paragraph_is_html_with_its_text_escaped(text, html):
    assert paragraph(text) == html


@pytest.mark.parametrize("text, markdown", [
    ("!!! danger", "\\!\\!\\! danger"),  # admonition
    ("## 标题 #", "\\#\\# 标题 \\#"),  # a heading's closing hashes would be dropped
    ("[x](javascript:alert(1))", "\\[x\\](javascript:alert(1))"),
    ("![x](x){:onerror=alert(1)}", "\\!\\[x\\](x)\\{:onerror=alert(1)\\}"),
    ("<b>粗</b>", "&lt;b&gt;粗&lt;/b&gt;"),
    ("a\rb\u2028c\x0bd", "a b c d"),  # no line break survives: nothing starts a block
    ("&lt;", "&amp;lt;"),
])
def test_a_heading_is_markdown_with_its_text_escaped(text, markdown):
    assert body(text, kind="heading") == "## " + markdown


def test_the_headings_and_the_paragraphs_between_them_keep_their_order():
    blocks = [Block(t, ((0, 0, len(t)),), kind=k, level=2)
              for t, k in [("一段", "paragraph"), ("一、标题", "heading"), ("二段", "paragraph"), ("三段", "paragraph"),
                           ("某局 2024年1月1日", "signature")]]
    assert str(render_blocks(blocks)) == (
        "<!--gk:html-->\n<p>一段</p>\n<!--/gk:html-->\n\n## 一、标题\n\n"
        '<!--gk:html-->\n<p>二段</p>\n<p>三段</p>\n<p class="gk-signature">某局 2024年1月1日</p>\n<!--/gk:html-->')


def test_escape_leaves_markup_made_by_the_templates_alone():
    assert escape(Markup("<b>x</b>")) == "<b>x</b>"
    assert escape(None) == ""
    assert escape("<b>|x|</b>\n") == "&lt;b&gt;\\|x\\|&lt;/b&gt; "


def test_a_quote_mark_and_a_link_in_one_block_stay_escaped():
    text = "依据《<img src=x onerror=alert(1)>办法》，新增[企业](javascript:x)3家。"
    block = Block(text, ((0, 100, len(text)),))
    start = 100 + text.index("新增")
    out = str(render_blocks([block], quotes=[(start, start + 10, "q1")], links=[(100 + 2, 100 + 28, "../p.md")]))
    assert '<mark class="gk-quote"><span class="gk-anchor" id="q1"></span>新增[企业](jav</mark>' in out
    assert '<a href="../p.md">《&lt;img src=x onerror=alert(</a>' in out
    assert "<img" not in out
