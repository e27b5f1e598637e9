"""Search records and query words (generator/search.py), without a browser."""
from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.build import generate
from generator.output.search import records
from generator.site import search
from generator.site.search import (GLUE, SPACE_MARK, display_text, index_text, index_words, mark_table,
                              query_terms, query_words, record, record_html, record_path, shown, shown_tokens,
                              tokens)


def words_of(indexed: str) -> list[str]:
    """The words Pagefind indexes for a token: its letters, digits and CJK characters, lower case."""
    return [query_words(t)[0] if query_words(t) else "" for t in indexed.split(" ")]


def pagefind_word(word: str) -> str:
    """What Pagefind indexes for a word of the record: its letters, digits and word characters, lower case."""
    return re.sub(r"[^\w\u203f]", "", word).lower()


def indexed(text: str) -> tuple[list[str], list[str]]:
    """The tokens of ``text`` as a record holds them, and its pairs as Pagefind indexes them."""
    toks = shown(tokens(text))
    pairs = index_words(toks, mark_table([{"tokens": toks}]))
    return toks, [pagefind_word(w) for w in pairs]


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


def test_pairs_of_tokens_are_indexed_and_queried():
    assert query_terms("临市科函〔2023〕4号") == ["临市", "市科", "科函", "函2023", "2023‿4", "4‿号"]
    assert query_terms("临市科函[2023]4号") == query_terms(" 临市科函 ２０２３ ４号 ")
    assert query_terms("Hello-World") == ["hello‿world"]  # a run of letters or digits ends with ‿
    assert query_terms("许锐") == ["许锐"]
    assert query_terms("科") == ["科"] and query_terms("2023") == ["2023‿"] and query_terms("，。") == []
    toks, pairs = indexed("临市科函〔2023〕4号")
    assert pairs == ["临市", "市科", "科函", "函2023", "2023‿4", "4‿号", "号"]
    assert indexed("第2023")[1] == ["第2023", "2023‿"]  # the last token alone, ended too


def test_the_marks_of_a_token_are_coded_at_the_ends_of_its_word():
    toks = shown(tokens("（一）临市科函〔2023〕4号，许锐。"))
    table = mark_table([{"tokens": toks}])
    assert table == ["（", "）", "〔", "〕", "，", "。"]  # in order of first use
    marks = search.Marks(table[:2])
    assert index_words(toks, marks) == index_words(toks, table) and marks.table == table
    assert index_words(["锐" + "；"], marks) == ["锐("]  # a new mark takes the next code (6)
    assert marks.table == table + ["；"] and marks.code("（") == "!"  # and codes given stay
    pairs = index_words(toks, table)
    assert pairs[:2] == ["!一临#", "临市"]  # （ is mark 0, coded !; ） mark 1, coded #
    assert pairs[4:8] == ["函2023$", "2023‿4%", "4‿号", "号许&"]
    assert shown_tokens(pairs, table) == toks  # the browser shows the tokens
    many = [{"tokens": [f"a{'、' * i}"]} for i in range(1, 40)]
    table = mark_table(many)
    pairs = index_words(["a" + table[30]], table)
    assert pairs == ["a‿##"] and shown_tokens(pairs, table) == ["a" + table[30]]  # 30 = 1 × 29 + 1


def test_punctuation_standing_alone_is_shown_with_the_token_before_it():
    toks = tokens("会议 — 市局")
    assert toks == ["会", "议" + SPACE_MARK, "—" + SPACE_MARK, "市", "局"]
    assert shown(toks) == ["会", "议" + SPACE_MARK + "—" + SPACE_MARK, "市", "局"]
    assert indexed("会议 — 市局")[1] == ["会议", "议市", "市局", "局"]  # the phrase runs across it
    assert shown(tokens("“…”")) == [] and shown(tokens("— 市")) == ["—" + SPACE_MARK + "市"]


@given(st.text(alphabet=st.sampled_from(list("科技创新券中小企业临市函许锐") + list("0123456789AbZ")
                                        + list("〔〕[]（）()，。、 .-—!#_\n")), max_size=40),
       st.integers(0, 40), st.integers(1, 12))
def test_a_query_taken_from_a_text_is_a_phrase_of_its_indexed_words(text, start, length):
    """Substring semantics: the terms of any run of a text's tokens occur, in a row, among its
    pairs, or (one token) begin one of them, and begin no pair of a token it is only a part
    of; and the browser shows the tokens."""
    toks, pairs = indexed(text)
    query = "".join(toks[start:start + length])
    terms = query_terms(query)
    if len(query_words(query)) == 1:
        begins = [i for i, p in enumerate(pairs) if p.startswith(terms[0])]
        assert begins and all(query_words(toks[i]) == query_words(query) for i in begins)
    elif terms:
        assert any(pairs[i:i + len(terms)] == terms for i in range(len(pairs)))
    table = mark_table([{"tokens": toks}])
    assert shown_tokens(index_words(toks, table), table) == toks


def records_of(tmp_path, files: dict[str, str]) -> list:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for name, text in files.items():
        (seeds / name).write_text(text, encoding="utf-8")
    return list(records(generate(seeds).corpus))


def test_records_are_made_from_the_documents_not_from_pages(tmp_path):
    recs = records_of(tmp_path, {"a.txt": "关于推进科技创新的通知\n临科发〔2024〕3号\n各县区：\n"
                                           "一、总体要求\n依据《某某管理办法》执行，全市**高新技术企业**达到150家。\n"
                                           "二、保障措施\n临汾市发放科技创新券，临汾市企业可申领创新券。\n"})
    doc = recs[0]
    assert (doc.url, doc.title, doc.meta["kind"]) == ("/documents/a/", "关于推进科技创新的通知", "document")
    assert doc.meta["doc_number"] == "临科发〔2024〕3号" and doc.meta["doc_type"] == "通知"
    # the body as a reader sees it: headings and paragraphs, bold marks gone; no page chrome
    assert doc.text.splitlines()[-4:-2] == ["一、总体要求", "依据《某某管理办法》执行，全市高新技术企业达到150家。"]
    [policy] = [r for r in recs if r.meta["kind"] == "policy"]
    assert policy.title == "《某某管理办法》" and "全市**高新技术企业**达到150家" in policy.text.replace(" ", "")
    kinds = [r.meta["kind"] for r in recs]
    order = ["document", "policy", "topic", "region", "indicator", "data", "about"]
    assert kinds == sorted(kinds, key=order.index)  # documents first
    assert {"document", "policy", "topic", "region", "indicator", "data", "about"} <= set(kinds)
    assert not any(r.url.startswith(("/agency/", "/genre/", "/year/")) or r.url in ("/", "/documents/", "/topic/")
                   for r in recs), "listings are not indexed"


def test_record_indexes_title_then_document_metadata_then_text():
    meta = {"title": "关于对提案的答复", "doc_number": "临市科函〔2023〕4号", "agency": "临汾市科学技术局",
            "proposer": "许锐", "date": None, "topics": ["科技创新券", "中小企业"], "source": {"file": "x"}}
    rec = record("/documents/000/", meta["title"], "许锐委员：感谢您。", meta)
    assert rec["url"] == "/documents/000/"
    m = SPACE_MARK
    assert " ".join(rec["tokens"]) == (f"关 于 对 提 案 的 答 复{m} 临 市 科 函〔 2023〕 4 号{m} 临 汾 市 科 学 技 术 局{m} "
                                       f"许 锐{m} 科 技 创 新 券、 中 小 企 业{m} 许 锐 委 员： 感 谢 您。")
    assert rec["meta"] == {"title": "关 于 对 提 案 的 答 复", "doc_number": "临 市 科 函〔 2023〕 4 号",
                           "agency": "临 汾 市 科 学 技 术 局", "proposer": "许 锐",
                           "topics": "科 技 创 新 券、 中 小 企 业", "body": "#'"}
    assert search._number(rec["meta"]["body"]) == 34 and rec["tokens"][34] == "许"  # where the text starts
    assert display_text(" ".join(rec["tokens"])).endswith("中小企业 许锐委员：感谢您。")


def test_record_of_a_page_without_metadata_is_title_and_text():
    rec = record("/topic/", "按主题浏览", "主题 文件数")
    assert rec["tokens"] == ["按", "主", "题", "浏", "览" + SPACE_MARK, "主", "题" + SPACE_MARK, "文", "件", "数"]
    assert rec["meta"] == {"title": "按 主 题 浏 览", "body": search._code(5)}
    assert search._code(5) == "'" and search._code(29) == "#!" and search._number("#!") == 29
    assert all(ch in search.CODE_DIGITS for ch in search._code(123456))  # Pagefind indexes no word for it


def test_record_html_carries_the_record_for_pagefind():
    rec = record("/documents/x/", 'A "quoted" <title>', "a < b & c", {"agency": "某局"})
    table = mark_table([rec])
    assert table == [SPACE_MARK, '"', '"' + SPACE_MARK, "<", ">" + SPACE_MARK, SPACE_MARK + "<" + SPACE_MARK,
                     SPACE_MARK + "&" + SPACE_MARK]  # in order of first use
    page = record_html(rec, table)
    assert '<html lang="und">' in page
    assert 'data-pagefind-meta="agency[content]" content="某 局"' in page
    assert 'data-pagefind-meta="title[content]" content="A⁠ &quot;quoted&quot;⁠ &lt;title&gt;"' in page
    assert 'data-pagefind-meta="end[content]" content="*"' in page  # 8 pairs
    assert page.count("data-pagefind-meta=") == 4  # agency, body, end, title
    # the body is the pairs: checked against the rule, token by token
    words = html.unescape(re.search(r"<span data-pagefind-body>(.*)</span>", page).group(1)).split(" ")
    toks = rec["tokens"]
    pairs = words
    assert len(pairs) == len(toks)
    assert search.shown_tokens(pairs, table) == toks  # each pair gives back its first token, marks and all
    for word, tok, nxt in zip(pairs, toks, toks[1:] + [""]):
        a, b = search.core(tok), search.core(nxt)
        glue = GLUE if a[-1].isalnum() and a.isascii() else ""
        assert word.strip(search.CODE_DIGITS) == a + glue + b
    # the marks are ASCII punctuation, which html.escape and JSON leave short
    assert '"' not in "".join(index_words(rec["tokens"], table))


def test_record_path_gives_pagefind_the_page_url():
    assert record_path("/") == "index.html"
    assert record_path("/documents/000_x/") == "documents/000_x/index.html"
    assert record_path("/agency/临汾市科学技术局/") == "agency/临汾市科学技术局/index.html"
    assert record_path("/page.html") == "page.html"
    assert record_path("/agency/%E4%B8%B4%E6%B1%BE/") == "agency/临汾/index.html"


JS = str(Path(search.__file__).parents[1] / "theme" / "assets" / "javascripts" / "gongkai-search.js")
SAMPLES = ["临市科函〔2023〕4号", "临市科函[2023]4号", " Hello-World, ２０２３年 ", "71.25万元（试行）。",
           "关于市政协五届二次会议 A 类第 051 号 提案", "— 市科学技术局", "ＡＢｃ_d 50% 0357-2100985", "", "，。！",
           "𠀋𠀌 Ünïcode É", "한국어 かな カナ"]


def test_the_browser_cuts_queries_and_indexed_text_as_python_does():
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: the mirror of the JavaScript is not checked")
    script = ("const g = require(process.argv[1]); const samples = JSON.parse(process.argv[2]);"
              "console.log(JSON.stringify(samples.map(s => [g.queryWords(s[0]), g.queryTerms(g.queryWords(s[0])),"
              " g.tokensOf(s[1]).map(t => t.key),"
              " g.tokensOf(s[2], s[3], s[4]).map(t => t.before + t.word + t.after)])))")
    cases = []
    for s in SAMPLES:
        rec = record("/x/", "", s)
        table = mark_table([rec])
        pairs = index_words(rec["tokens"], table)
        cases.append([s, index_text(s), " ".join(pairs), table, len(pairs)])
    assert any(SPACE_MARK in c[2] for c in cases) is False  # the marks travel coded
    out = subprocess.run([node, "-e", script, JS, json.dumps(cases)], capture_output=True, text=True, check=True)
    for (sample, text, content, table, end), (js_words, js_terms, js_keys, js_shown) in zip(cases,
                                                                                           json.loads(out.stdout)):
        assert js_words == query_words(sample), sample
        assert js_terms == query_terms(sample), sample
        assert js_keys == (words_of(text) if text else []), sample
        assert " ".join(js_shown) == " ".join(record("/x/", "", sample)["tokens"]).replace(SPACE_MARK, " "), sample
