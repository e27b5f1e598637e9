"""Search records and query words (generator/search.py), without a browser."""
from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator import search
from generator.search import (SPACE_MARK, display_text, html_text, index_text, query_words, record,
                              record_html, record_path, tokens)


def words_of(indexed: str) -> list[str]:
    """The words Pagefind indexes for a token: its letters, digits and CJK characters, lower case."""
    return [query_words(t)[0] if query_words(t) else "" for t in indexed.split(" ")]


def test_domain_terms_are_the_topic_vocabulary():
    terms = search.domain_terms()
    assert "科技创新券" in terms and "科技型中小企业" in terms
    assert terms == sorted(set(terms)) and all(len(t) >= 2 for t in terms)


def test_each_chinese_character_is_a_token_and_digit_runs_stay_whole():
    assert tokens("临市科函〔2023〕4号") == ["临", "市", "科", "函〔", "2023〕", "4", "号"]
    assert tokens("2023年度市级科技计划项目共90项") == [
        "2023", "年", "度", "市", "级", "科", "技", "计", "划", "项", "目", "共", "90", "项"]


def test_punctuation_sticks_to_the_token_before_it():
    assert tokens("71.25万元（试行）。") == ["71.", "25", "万", "元（", "试", "行）。"]
    assert tokens("（一）多措并举") == ["（一）", "多", "措", "并", "举"]  # opening punctuation goes forward


def test_whitespace_is_kept_as_a_mark_on_the_token_before_it():
    assert tokens("会议 A 类") == ["会", "议" + SPACE_MARK, "A" + SPACE_MARK, "类"]
    assert tokens("Hello World") == ["Hello" + SPACE_MARK, "World"]
    assert tokens("— 市科学技术局") == ["—" + SPACE_MARK, "市", "科", "学", "技", "术", "局"]
    assert tokens("  \n") == [] and tokens("") == []


def test_full_width_letters_and_digits_are_indexed_as_ascii():
    assert tokens("２０２３年ＡＢ") == ["2023", "年", "AB"]


def test_the_browser_can_show_the_indexed_text_as_written():
    for text in ["临市科函〔2023〕4号", "关于市政协五届二次会议 A 类第 051 号 提案", "Hello World, see 71.25万元",
                 "（一）多措并举\n二、加快", "— 市科学技术局"]:
        assert display_text(index_text(text)) == re.sub(r"\s+", " ", text.strip())


def test_query_words_drop_punctuation_so_both_bracket_styles_match():
    expected = ["临", "市", "科", "函", "2023", "4", "号"]
    assert query_words("临市科函〔2023〕4号") == expected
    assert query_words("临市科函[2023]4号") == expected
    assert query_words("临市科函（2023）4号") == expected
    assert query_words(" 临市科函 ２０２３ ４号 ") == expected


def test_query_words_are_lower_case_and_split_like_the_index():
    assert query_words("Hello-World 71.25万元") == ["hello", "world", "71", "25", "万", "元"]
    assert query_words("  ，。！") == []


@given(st.text(alphabet=st.sampled_from(list("科技创新券中小企业临市函许锐") + list("0123456789AbZ")
                                        + list("〔〕[]（）()，。、 .-\n")), max_size=40))
def test_a_query_taken_from_a_text_matches_the_words_indexed_for_it(text):
    """Substring semantics: the query words of a text are the index words of its tokens."""
    indexed = [w for w in words_of(index_text(text)) if w]
    assert query_words(text) == indexed


DOCUMENT_HTML = (
    "<nav class='gk-breadcrumbs'>首页 › 全部文件</nav><h1>关于某事的通知</h1>"
    "<table><thead><tr><th>项目</th><th>内容</th></tr></thead>"
    "<tbody><tr><td>发文字号</td><td>临市科函〔2023〕4号</td></tr></tbody></table>"
    "<p>截止目前，<mark class='gk-quote'><span id='q5'></span>全市共有150家企业获得入库编号</mark>。</p>"
    "<table><tr><th>指标</th><th>数值</th></tr><tr><td>企业</td><td>150</td></tr></table>"
    "<script>var x = 1;</script><p>二、加快科技创新平台建设</p>"
    "<h2 id='关联文件'>关联文件</h2><ul><li><a href='x'>吕梁市人民政府办公室关于…</a></li></ul>"
    "<h2>文件信息</h2><p>原始文件：000.txt</p>")
LISTING_HTML = (
    "<h1>主题：科技创新券</h1><p>共 1 份文件。</p>"
    "<table><thead><tr><th>标题</th><th>发文字号</th><th>发文机关</th><th>日期</th><th>文种</th></tr></thead>"
    "<tbody><tr><td><a href='d'>关于对提案的答复</a></td><td>临市科函〔2023〕4号</td><td>临汾市科学技术局</td>"
    "<td>未注明</td><td>提案答复</td></tr></tbody></table>"
    "<table><thead><tr><th>项目</th><th>内容</th></tr></thead><tbody><tr><td>发文字号</td><td>临政办发〔2018〕35号</td>"
    "</tr></tbody></table><h2>关联文件</h2><p>仍是本页内容</p>")


def test_html_text_of_a_document_is_its_text():
    text = html_text(DOCUMENT_HTML, document=True)
    assert "截止目前，全市共有150家企业获得入库编号。" in text  # inline markup does not split words
    assert "指标\n数值\n企业\n150" in text  # tables of the text stay, cell by cell
    assert text.endswith("二、加快科技创新平台建设")  # related documents and provenance are not its text
    for absent in ("首页", "关于某事的通知", "临市科函", "项目", "var x", "吕梁市", "原始文件"):
        assert absent not in text  # navigation, title, metadata table, script, related, provenance


def test_html_text_of_other_pages_leaves_out_only_the_listings_of_documents():
    text = html_text(LISTING_HTML)
    assert "关于对提案的答复" not in text and "临市科函" not in text  # found on the document's own page
    assert "共 1 份文件。" in text and "临政办发〔2018〕35号" in text and "仍是本页内容" in text


def test_record_indexes_title_then_document_metadata_then_text():
    meta = {"title": "关于对提案的答复", "doc_number": "临市科函〔2023〕4号", "agency": "临汾市科学技术局",
            "proposer": "许锐", "date": None, "topics": ["科技创新券", "中小企业"], "source": {"file": "x"}}
    rec = record("/documents/000/", meta["title"], "许锐委员：感谢您。", meta)
    assert rec["url"] == "/documents/000/"
    m = SPACE_MARK
    assert rec["content"] == (f"关 于 对 提 案 的 答 复{m} 临 市 科 函〔 2023〕 4 号{m} 临 汾 市 科 学 技 术 局{m} "
                              f"许 锐{m} 科 技 创 新 券、 中 小 企 业{m} 许 锐 委 员： 感 谢 您。")
    assert rec["meta"] == {"title": "关 于 对 提 案 的 答 复", "doc_number": "临 市 科 函〔 2023〕 4 号",
                           "agency": "临 汾 市 科 学 技 术 局", "proposer": "许 锐",
                           "topics": "科 技 创 新 券、 中 小 企 业", "body": "34"}
    assert rec["content"].split(" ")[34] == "许"  # body: where the page's text starts
    assert display_text(rec["content"]).endswith("中小企业 许锐委员：感谢您。")


def test_record_of_a_page_without_metadata_is_title_and_text():
    rec = record("/topic/", "按主题浏览", "主题 文件数")
    assert rec["content"] == f"按 主 题 浏 览{SPACE_MARK} 主 题{SPACE_MARK} 文 件 数"
    assert rec["meta"] == {"title": "按 主 题 浏 览", "body": "5"}
    assert not search.is_document({"title": "x"}) and search.is_document({"doc_number": "x"})


def test_record_html_carries_the_record_for_pagefind():
    rec = record("/documents/x/", 'A "quoted" <title>', "a < b & c", {"agency": "某局"})
    page = record_html(rec)
    assert '<html lang="und">' in page
    assert 'data-pagefind-meta="agency[content]" content="某 局"' in page
    assert 'data-pagefind-meta="title[content]" content="A⁠ &quot;quoted&quot;⁠ &lt;title&gt;"' in page
    assert page.count("data-pagefind-meta=") == 3  # agency, body, title
    assert "<span data-pagefind-body>A⁠ &quot;quoted&quot;⁠ &lt;title&gt;⁠ 某 局⁠ a⁠ &lt;⁠ b⁠ &amp;⁠ c</span>" in page


def test_record_path_gives_pagefind_the_page_url():
    assert record_path("/") == "index.html"
    assert record_path("/documents/000_x/") == "documents/000_x/index.html"
    assert record_path("/agency/临汾市科学技术局/") == "agency/临汾市科学技术局/index.html"
    assert record_path("/page.html") == "page.html"
    assert record_path("/agency/%E4%B8%B4%E6%B1%BE/") == "agency/临汾/index.html"


JS = search.__file__.replace("search.py", "theme/assets/javascripts/gongkai-search.js")
SAMPLES = ["临市科函〔2023〕4号", "临市科函[2023]4号", " Hello-World, ２０２３年 ", "71.25万元（试行）。",
           "关于市政协五届二次会议 A 类第 051 号 提案", "— 市科学技术局", "ＡＢｃ_d 50% 0357-2100985", "", "，。！",
           "𠀋𠀌 Ünïcode É", "한국어 かな カナ"]


def test_the_browser_cuts_queries_and_indexed_text_as_python_does():
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: the mirror of the JavaScript is not checked")
    script = ("const g = require(process.argv[1]); const samples = JSON.parse(process.argv[2]);"
              "console.log(JSON.stringify(samples.map(s => [g.queryWords(s[0]), g.tokensOf(s[1]).map(t => t.key)])))")
    pairs = [[s, index_text(s)] for s in SAMPLES]
    out = subprocess.run([node, "-e", script, JS, json.dumps(pairs)], capture_output=True, text=True, check=True)
    for (sample, indexed), (js_words, js_keys) in zip(pairs, json.loads(out.stdout)):
        assert js_words == query_words(sample), sample
        assert js_keys == (words_of(indexed) if indexed else []), sample
