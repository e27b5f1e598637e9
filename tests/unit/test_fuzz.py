"""Nothing lost, under fuzzing: generated text through decoding, cleaning, extraction, rendering.

The text mixes Chinese words, digits, half- and full-width punctuation, page debris,
outline numbering, 发文字号 and dates, markup and every kind of line break. For each
example: nothing raises; every run of Chinese characters survives on the page, in order
(``lost_runs`` of test_preservation); every indicator and citation quote is
``source[start:end]``; the page carries no live markup from the text.
"""
from __future__ import annotations

import codecs
import re
import unicodedata

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from generator.stages.ingest import decode, normalise_newlines
from generator.model import Corpus, Source
from generator.stages.prepare import clean, extract
from generator.output.pages.common import environment
from generator.output.pages.documents import render_document

from .test_preservation import HAN, lost_runs

WORDS = ["科技", "企业", "创新", "高新技术企业", "科技型中小企业", "研发投入", "孵化器", "市政府", "文水县",
         "吕梁市", "增长", "达到", "新增", "累计", "认定", "培育", "万元", "亿元", "家", "个", "项", "人", "年",
         "2023年", "2025年", "底", "以上", "同比", "百分之十", "三十家", "关于", "的通知", "实施意见", "工作方案",
         "答复", "委员", "提案", "附件"]
DIGITS = ["0", "1", "12", "3.5", "100", "2024", "１２３", "15%", "８０％", "1:5.7", "8至10"]
PUNCTUATION = [",", "，", ".", "。", ":", "：", ";", "；", "?", "？", "!", "！", "(", "（", ")", "）", '"', "“", "”",
               "'", "《", "》", "〔", "〕", "[", "]", "【", "】", "、", "—", "…", "·", "-", "/"]
DEBRIS = ["公开（是）", "公开（否）", "扫一扫在手机打开当前页", "负责人：", "承办人：", "- 3 -", "第2页 共9页",
          "【打印本页】【关闭窗口】", "浏览次数：123"]
OUTLINE = ["一、", "二、", "（一）", "(二)", "1.", "2、", "（1）", "第一章", "第二节", "一是", "# ", "## ", "• "]
STRUCTURE = ["吕政办发〔2020〕42号", "国科发政〔2017〕115号", "2020年6月10日", "二〇二四年一月一日",
             "文水县人民政府文件", "各区县人民政府，市直各部门：", "许锐委员：", "关于印发《科技创新实施方案》的通知",
             "《中小企业促进法》", "索引号：", "发文机关：", "市科学技术局"]
MARKUP = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "**", "#", "[x](y)", "[x](javascript:y)",
          "{{ }}", "{% raw %}", "---", "???", "!!!", "`", "|", "\\", "&lt;", "&amp;", "<!--", "-->", "{: .x }",
          "![a](b)", "<", ">", "_", "*", "~~~", "```"]
WHITESPACE = ["\n", "\n\n", "\u3000\u3000", "\r\n", "\r", " ", "  ", "\t", "\u3000", "\u00a0", "\ufeff", "\u200b",
              "\f", "\u2028"]

pieces = st.one_of(
    st.sampled_from(WORDS), st.sampled_from(DIGITS), st.sampled_from(PUNCTUATION), st.sampled_from(DEBRIS),
    st.sampled_from(OUTLINE), st.sampled_from(STRUCTURE), st.sampled_from(MARKUP), st.sampled_from(WHITESPACE),
    st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=1, max_size=6),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=3),
)
documents = st.lists(pieces, min_size=1, max_size=80).map("".join)

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
LIVE_MARKUP = re.compile(r"<script|<img|<iframe|(?<!\\)\]\((?:javascript|y|b)\)?|(?<!\\)\{\{|(?<!\\)\{%", re.I)
LIVE_HTML = re.compile(r"<script|<img|<iframe|<[^>]*\son\w+=|(?:href|src)=\"\s*(?:javascript|data):", re.I)
# the HTML blocks of a page, which no Markdown reads (generator/site/plugin.py lift_html)
HTML_BLOCK = re.compile(r"^<!--gk:html-->\n.*?\n<!--/gk:html-->$", re.S | re.M)


def same_character(kept: str, original: str) -> bool:
    """Equal, or one normalised into the other (half-width ：（ in Chinese text, ｆｕｌｌ-width ＡＢ１２, "→“”,
    white space between Latin words → one space)."""
    nfkc = unicodedata.normalize
    return (kept == original or nfkc("NFKC", kept) == nfkc("NFKC", original) or (original == '"' and kept in "“”")
            or (kept == " " and original.isspace()))


def split_page(page: str) -> tuple[str, str]:
    """Front matter and body, split where MkDocs splits them (a line that is just ---)."""
    m = re.match(r"---\n((?:.*\n)*?)---\n", page)
    assert m, "the page starts with front matter"
    return m.group(1), page[m.end():]


def lost(text: str, doc, page: str) -> list[str]:
    """``lost_runs``; a run it reports is still kept when every character of it is, by offset,
    in a body block or in a dropped piece listed on the page (a run cut in two by inline
    debris, 科技|浏览次数：123, or by a field lifted out, 42号|一、, has parts too short for it)."""
    head, body = split_page(page)
    # lost_runs splits at the first "---\n": keep a value ending in --- (科技---) from looking like the end
    runs = set(lost_runs(text, "---\n" + head.replace("---\n", "--- \n") + "---\n" + body))
    if not runs:
        return []
    kept = {src + k for block in doc.blocks for _, src, n in block.runs for k in range(n)}
    kept |= {k for d in doc.dropped for k in range(d.start, d.end)}
    return [m.group() for m in HAN.finditer(text) if m.group() in runs and not kept.issuperset(range(*m.span()))]


def page_of(text: str) -> tuple[Source, object, str]:
    """As tests/test_preservation.py's page_of, from text instead of a file."""
    source = Source(id="fuzz", name="fuzz.txt", text=text, sha256="0" * 64, encoding="utf-8")
    doc = extract(clean(source))
    return source, doc, render_document(environment(), doc, Corpus([doc]))


@FUZZ
@given(documents)
@example("关于印发《科技创新实施方案》的通知\n一、总体要求\n到2025年，高新技术企业达到100家。\n**<script>alert(1)</script>**\n")
@example("公开（是）\n扫一扫在手机打开当前页\n\u3000\u3000负责人：\r\n新增企业3家。")
@example("?科技浏览次数：123")  # a run of Chinese cut by inline debris
@example("吕政办发〔2020〕42号一、。")  # … and by a field moved to the front matter
@example("科技---")  # a title ending in ---
def test_cleaning_and_extraction_lose_nothing_and_quote_exactly(raw):
    text = normalise_newlines(raw)  # what ingest hands on
    source, doc, page = page_of(text)
    assert lost(text, doc, page) == []
    for ind in doc.indicators:
        assert ind.quote == text[ind.start:ind.end] and ind.start < ind.end
    for cit in doc.citations + doc.backrefs:
        assert cit.quote == text[cit.start:cit.end]
    for dropped in doc.dropped:
        assert dropped.text == text[dropped.start:dropped.end] or dropped.rule == "moved-to-front-matter"
    for block in doc.blocks:  # runs map each kept character to its source, normalised at most
        for off, src, n in block.runs:
            for kept, original in zip(block.text[off:off + n], text[src:src + n]):
                assert same_character(kept, original), (kept, original)
    head, body = split_page(page)
    assert isinstance(yaml.safe_load(head), dict)
    markdown = HTML_BLOCK.sub("", body)
    assert not LIVE_MARKUP.search(markdown), LIVE_MARKUP.search(markdown).group(0)
    for block in HTML_BLOCK.findall(body):  # text in them is HTML-escaped, not Markdown-escaped
        assert not LIVE_HTML.search(block), LIVE_HTML.search(block).group(0)


@FUZZ
@given(st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Co", "Cn")), min_size=1, max_size=200))
def test_text_decodes_back_from_utf8_and_marked_utf16_and_utf32(text):
    assert decode(text.encode("utf-8")) == (text, "utf-8")
    assert decode(codecs.BOM_UTF8 + text.encode("utf-8")) == (text, "utf-8-sig")
    assert decode(codecs.BOM_UTF16_LE + text.encode("utf-16-le")) == (text, "utf-16")
    assert decode(codecs.BOM_UTF16_BE + text.encode("utf-16-be")) == (text, "utf-16")
    assert decode(codecs.BOM_UTF32_LE + text.encode("utf-32-le")) == (text, "utf-32")
