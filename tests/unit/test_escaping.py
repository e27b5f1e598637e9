"""Escaping for Markdown: text from documents is shown literally, never read as markup."""
from __future__ import annotations

import re

import pytest
from markupsafe import Markup

from generator.model import Block
from generator.output.markdown import escape, render_blocks


def body(*texts: str) -> str:
    return str(render_blocks([Block(t, ((0, 0, len(t)),)) for t in texts]))


@pytest.mark.parametrize("text, markdown", [
    ("??? note", "&#63;?? note"),  # pymdownx.details; `?` has no backslash escape
    ("!!! danger", "\\!\\!\\! danger"),  # admonition
    ("## 标题 #", "\\#\\# 标题 \\#"),  # a heading, and closing hashes
    ("1. 第一", "1\\. 第一"),
    ("- 列表", "\\- 列表"),
    ("> 引用", "&gt; 引用"),
    ("---", "\\---"),
    ("a\rb\u2028c\x0bd", "a b c d"),  # no line break survives: nothing starts a block
    ("**[x](javascript:alert(1))**", "<strong>\\[x\\](javascript:alert(1))</strong>"),
    ("**![x](x){:onerror=alert(1)}**", "<strong>\\!\\[x\\](x)\\{:onerror=alert(1)\\}</strong>"),
    ("**<b>粗</b>**", "<strong>&lt;b&gt;粗&lt;/b&gt;</strong>"),
    ("&lt;", "&amp;lt;"),
])
def test_block_text_is_escaped_for_markdown(text, markdown):
    assert body(text) == markdown


def test_escape_leaves_markup_made_by_the_templates_alone():
    assert escape(Markup("<b>x</b>")) == "<b>x</b>"
    assert escape(None) == ""
    assert escape("<b>|x|</b>\n") == "&lt;b&gt;\\|x\\|&lt;/b&gt; "


def test_a_quote_mark_and_a_link_in_one_block_stay_escaped():
    text = "依据《<img src=x onerror=alert(1)>办法》，新增[企业](javascript:x)3家。"
    block = Block(text, ((0, 100, len(text)),))
    start = 100 + text.index("新增")
    out = str(render_blocks([block], quotes=[(start, start + 10, "q1")], links=[(100 + 2, 100 + 28, "../p.md")]))
    assert re.search(r"<mark class=\"gk-quote\"><span class=\"gk-anchor\" id=\"q1\"></span>新增\\\[企业\\\]", out)
    assert "<img" not in out and "](javascript" not in out
