"""Search puts documents first (issue 14): for a term that documents contain, the first
result is such a document, every document comes before the other pages (policies,
topics, regions, indicators), a title or 发文字号 match ranks first, listing pages are not
results, excerpts are body text, and results show genre, issuer and date.

Which documents contain a term is read from the seed texts, never from the program."""
from __future__ import annotations

import re
import urllib.parse

import pytest

from ..conftest import SEEDS, screenshot
from .test_search_browser import all_results, search
from .pages import STEMS

pytestmark = pytest.mark.browser

TEXTS = {p.stem[:3]: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
DOC = re.compile(r"/documents/(\d{3})_[0-9a-f]+/$")
LISTING = re.compile(r"/(genre|agency|year)/|/documents/$|/documents/page-\d+/$|/policies/$|/policies/unresolved/$"
                     r"|/(topic|region|indicators)/$")


def containing(term: str) -> set[str]:
    return {k for k, t in TEXTS.items() if term in t}


def kinds(hrefs: list[str]) -> list[str]:
    return ["document" if DOC.search(h) else "other" for h in hrefs]


@pytest.mark.parametrize("term", ["科技创新券", "高新技术企业", "专精特新", "研发投入", "孵化器", "文水县"])
def test_documents_that_contain_a_term_come_first(site_url, open_page, term):
    gold = containing(term)
    assert gold, term  # the term is in some document
    pg = open_page(site_url)
    search(pg, term)
    hrefs = all_results(pg)
    first = DOC.search(hrefs[0])
    assert first and first.group(1) in gold
    order = kinds(hrefs)
    assert order == sorted(order, key=lambda k: k != "document")  # no document after another page
    # the documents whose text contains it come before those tagged with a topic of that name
    found = [DOC.search(h).group(1) for h in hrefs if DOC.search(h)]
    assert set(found[:len(gold)]) == gold
    assert [h for h in hrefs if LISTING.search(h)] == []  # listing pages are not results


def test_a_title_match_ranks_before_a_text_match(site_url, open_page):
    """中小企业科技创新 is in 003's title (吕梁市人民政府办公室关于支持中小企业科技创新的实施意见)
    and in 000's text only."""
    assert containing("中小企业科技创新") == {"000", "003"}
    assert "关于支持中小企业科技创新的实施意见" in TEXTS["003"]
    pg = open_page(site_url)
    search(pg, "中小企业科技创新")
    hrefs = all_results(pg)
    assert [DOC.search(h).group(1) for h in hrefs[:2]] == ["003", "000"]  # title, then text


@pytest.mark.parametrize("query", ["吕政办发〔2020〕42号", "吕政办发[2020]42号"])
def test_a_doc_number_ranks_its_document_first(site_url, open_page, query):
    assert containing("吕政办发〔2020〕42号") == {"003"}
    pg = open_page(site_url)
    search(pg, query)
    first = pg.locator(".md-search-result__link").first
    assert DOC.search(urllib.parse.unquote(first.get_attribute("href"))).group(1) == "003"


def test_results_show_genre_issuer_and_date(site_url, open_page):
    """003 is an 实施意见 of 吕梁市人民政府办公室, dated 2020年6月10日 (its text)."""
    assert "实施意见" in TEXTS["003"] and "2020年6月10日" in TEXTS["003"]
    pg = open_page(site_url)
    search(pg, "吕政办发〔2020〕42号")
    info = pg.locator(".md-search-result__item").first.locator(".gk-search-result__info")
    text = info.inner_text()
    assert info.locator(".gk-search-result__genre").inner_text() == "实施意见"
    assert "吕梁市人民政府办公室" in text and "2020-06-10" in text
    screenshot(pg, "search-result-info")


@pytest.mark.parametrize("term", ["科技创新券", "高新技术企业"])
def test_excerpts_are_body_text_not_table_headers(site_url, open_page, term):
    """The generated tables' headers (单位 统计对象（原文） 出处, 项目 内容, 文件 引文) are left
    out of the search text, so no excerpt runs through them."""
    pg = open_page(site_url)
    search(pg, term)
    all_results(pg)
    excerpts = pg.locator(".md-search-result__article > p:not(.gk-search-result__info)").all_inner_texts()
    assert excerpts
    for excerpt in excerpts:
        for header in ("统计对象（原文）", "单位 统计对象", "项目 内容", "文件 引文", "数值个数", "被引用次数"):
            assert header not in excerpt


def test_ranking_holds_on_a_phone(site_url, open_page):
    pg = open_page(f"{site_url}documents/{STEMS['002']}/", width=390)
    search(pg, "科技创新券")
    hrefs = all_results(pg)
    assert DOC.search(hrefs[0]).group(1) in containing("科技创新券")
    screenshot(pg, "search-ranking-390")
