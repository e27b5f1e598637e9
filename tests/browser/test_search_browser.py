"""The header search as a person uses it: headless Chromium against the built seeds.

Expected pages come from reading the seed texts (test_gold_agrees_with_the_seed_texts
checks them against seeds/), never from the program's output.
"""
from __future__ import annotations

import json
import os
import re
import urllib.parse

import pytest

from ..conftest import ROOT, SEEDS, screenshot, serve

pytestmark = pytest.mark.browser

STEMS = {p.stem[:3]: p.stem for p in SEEDS.glob("*.txt")}
NONE = "没有找到符合条件的结果"
DOC_NUMBER = "临市科函〔2023〕4号"
# query → the seed documents whose text contains it (see test_gold_agrees_with_the_seed_texts)
GOLD = {
    "科技创新券": {"000", "001", "004"},
    "专精特新": {"002", "003"},
    "创新券": {"000", "001", "004"},
    "许锐": {"000"},
    "全市共有150家企业获得入库编号": {"000"},
    "吕梁市人民政府办公室": {"003"},
    "量子引力": set(),
}


def test_gold_agrees_with_the_seed_texts():
    texts = {p.stem[:3]: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
    for query, docs in GOLD.items():
        assert {k for k, t in texts.items() if query in t} == docs, query
    assert {k for k, t in texts.items() if DOC_NUMBER in t} == {"000"}
    assert {"000", "003"} <= {k for k, t in texts.items() if "中小企业" in t}


def search(pg, query: str) -> str:
    """Type ``query`` into the header's search box and wait for the results; returns the status line."""
    magnifier = pg.locator(".md-header__button[for=__search]")
    if magnifier.is_visible():  # small screens: the search opens from the header's magnifier
        magnifier.click()
    else:
        pg.locator(".md-search__input").click()
    box = pg.locator(".md-search__input")
    pg.wait_for_function("document.activeElement === document.querySelector('.md-search__input')")
    box.fill(query)
    box.press("End")
    pg.wait_for_function("q => document.querySelector('.md-search__input').value === q && "
                         "document.querySelector('.md-search-result').getAttribute('aria-busy') === 'false'",
                         arg=query, timeout=15000)
    return pg.locator(".md-search-result__meta").inner_text()


def all_results(pg) -> list[str]:
    """The hrefs of all results, scrolling the result list until every result is shown."""
    total = re.search(r"(\d+)", pg.locator(".md-search-result__meta").inner_text())
    total = int(total.group(1)) if total else 0
    for _ in range(50):
        items = pg.locator(".md-search-result__link")
        if items.count() >= total:
            break
        pg.locator(".md-search__scrollwrap").evaluate("el => el.scrollTop = el.scrollHeight")
        pg.wait_for_timeout(150)
    return [urllib.parse.unquote(h) for h in pg.locator(".md-search-result__link").evaluate_all(
        "els => els.map(a => a.getAttribute('href'))")]


def documents(hrefs: list[str]) -> list[str]:
    """The seed ids (000…) of the document pages among ``hrefs``, in order."""
    out = []
    for h in hrefs:
        m = re.search(r"/documents/(\d{3})_[0-9a-f]+/$", h)
        if m:
            out.append(m.group(1))
    return out


@pytest.mark.parametrize("query", ["科技创新券", "专精特新", "创新券", "许锐", "全市共有150家企业获得入库编号",
                                   "吕梁市人民政府办公室"])
def test_a_query_finds_exactly_the_documents_that_contain_it(site_url, open_page, query):
    pg = open_page(site_url)
    status = search(pg, query)
    assert status != NONE
    assert set(documents(all_results(pg))) == GOLD[query]
    assert not pg.errors


@pytest.mark.parametrize("query", ["券", "锐"])
def test_a_single_character_finds_the_documents_that_contain_it(site_url, open_page, query):
    texts = {p.stem[:3]: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
    pg = open_page(site_url)
    search(pg, query)
    assert set(documents(all_results(pg))) == {k for k, t in texts.items() if query in t}
    assert pg.locator(".md-search-result__item mark").first.inner_text() == query


def test_parts_of_terms_are_found(site_url, open_page):
    pg = open_page(site_url)
    search(pg, "中小企业")
    assert {"000", "003"} <= set(documents(all_results(pg)))


@pytest.mark.parametrize("query", [DOC_NUMBER, "临市科函[2023]4号"])
def test_a_doc_number_finds_its_document_first(site_url, open_page, query):
    pg = open_page(site_url)
    search(pg, query)
    first = pg.locator(".md-search-result__link").first
    assert documents([urllib.parse.unquote(first.get_attribute("href"))]) == ["000"]
    assert DOC_NUMBER in first.inner_text()  # shown with its brackets, as written
    assert first.locator("mark").first.inner_text() == DOC_NUMBER  # and highlighted


def test_a_term_absent_from_the_corpus_finds_nothing_without_error(site_url, open_page):
    pg = open_page(site_url)
    assert search(pg, "量子引力") == NONE
    assert pg.locator(".md-search-result__item").count() == 0
    assert not pg.errors


def test_results_show_title_and_a_clean_excerpt_with_the_match_highlighted(site_url, open_page):
    pg = open_page(site_url)
    search(pg, "全市共有150家企业获得入库编号")
    item = pg.locator(".md-search-result__item", has=pg.locator(f"a[href*='{STEMS['000']}']"))
    assert item.locator("h1").inner_text() == "关于对市政协五届二次会议A类第051号提案的答复"
    excerpt = item.locator("article > p").last
    assert "截止目前，全市共有150家企业获得入库编号。" in excerpt.inner_text()  # no spaces between characters
    assert excerpt.locator("mark").inner_text() == "全市共有150家企业获得入库编号"
    assert "\u2060" not in item.inner_text()


def test_clicking_a_result_opens_the_document(site_url, open_page):
    pg = open_page(site_url)
    search(pg, "许锐")
    pg.locator(".md-search-result__link").first.click()
    pg.wait_for_url(re.compile(f"/documents/{STEMS['000']}/$"))
    assert pg.locator("h1").first.inner_text() == "关于对市政协五届二次会议A类第051号提案的答复"


def test_keyboard_opens_searches_and_follows_the_best_result(site_url, open_page):
    pg = open_page(site_url + "documents/")
    pg.keyboard.press("/")
    assert pg.evaluate("document.activeElement.classList.contains('md-search__input')")
    pg.keyboard.type("许锐")
    pg.wait_for_function("document.querySelectorAll('.md-search-result__item').length > 0")
    pg.keyboard.press("Escape")
    assert not pg.locator("#__search").is_checked()
    pg.locator(".md-search__input").focus()
    pg.keyboard.press("Enter")
    pg.wait_for_url(re.compile(f"/documents/{STEMS['000']}/$"))


def test_pinyin_being_composed_is_not_searched(site_url, open_page):
    pg = open_page(site_url)
    box = pg.locator(".md-search__input")
    box.click()
    box.evaluate("""el => {
        el.value = 'keji';
        el.dispatchEvent(new InputEvent('input', { isComposing: true, data: 'keji' }));
    }""")
    pg.wait_for_timeout(400)
    assert pg.locator(".md-search-result__meta").inner_text() == "键入以开始搜索"
    box.evaluate("""el => {
        el.value = '许锐';
        el.dispatchEvent(new CompositionEvent('compositionend', { data: '许锐' }));
    }""")
    pg.wait_for_function("document.querySelectorAll('.md-search-result__item').length > 0")
    assert documents(all_results(pg)) == ["000"]


def test_a_cold_search_stays_on_this_host_and_fetches_little(site_url, open_page):
    pg = open_page(site_url + "documents/")
    pg.wait_for_load_state("networkidle")
    before = len(pg.requests)
    pg.bytes.clear()
    search(pg, "科技创新券")
    pg.wait_for_load_state("networkidle")
    requested = pg.requests[before:]
    assert any("/pagefind/" in u for u in requested)
    hosts = {urllib.parse.urlsplit(u).hostname for u in pg.requests}
    assert hosts == {"127.0.0.1"}
    fetched = sum(b for b in pg.bytes if b > 0)
    print(f"\ncold query: {len(requested)} requests, {fetched / 1024:.0f} KiB")
    assert fetched < 2 * 1024 * 1024


def test_the_site_searches_under_a_sub_path(built, open_page, tmp_path):
    os.symlink(built / "site", tmp_path / "repo")
    server, url = serve(tmp_path)
    try:
        pg = open_page(url + "repo/topic/")
        search(pg, "许锐")
        hrefs = all_results(pg)
        assert hrefs and all(h.startswith("/repo/") for h in hrefs)
        assert documents(hrefs) == ["000"]
        assert not pg.errors
    finally:
        server.shutdown()


@pytest.fixture(scope="module")
def sharded(tmp_path_factory):
    """The seeds built with an index made in many shards (a few pages each), merged, served."""
    from generator.build import Options, build
    from generator.site.indexer import SHARD_PAGES_ENV

    out = tmp_path_factory.mktemp("sharded")
    os.environ[SHARD_PAGES_ENV] = "8"
    try:
        build(Options(seeds=SEEDS, out=out, config=ROOT / "mkdocs.yml"))
    finally:
        del os.environ[SHARD_PAGES_ENV]
    server, url = serve(out / "site")
    yield out / "site", url
    server.shutdown()


def test_an_index_made_in_shards_finds_the_same_documents(sharded, open_page):
    site, url = sharded
    shards = json.loads((site / "pagefind" / "gongkai-search.json").read_text(encoding="utf-8"))["shards"]
    assert shards == []  # merged into one index
    pg = open_page(url + "topic/")
    for query, docs in [("科技创新券", GOLD["科技创新券"]), ("许锐", {"000"}), ("券", {"000", "001", "004"}),
                        ("吕梁市人民政府办公室", GOLD["吕梁市人民政府办公室"])]:
        search(pg, query)
        assert set(documents(all_results(pg))) == docs, query
    assert not {u for u in pg.requests if "/pagefind/shard" in u}
    assert search(pg, "量子引力") == NONE
    assert not pg.errors


def still(pg) -> None:
    """Stop CSS transitions: a full-page screenshot lays the page out again, and Material's
    search box would be caught half-widened."""
    pg.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
    pg.wait_for_timeout(100)


def test_screenshots_desktop_and_mobile_with_results_open(site_url, open_page):
    pg = open_page(site_url + f"documents/{STEMS['003']}/")
    search(pg, "科技创新券")
    assert pg.locator(".md-search__output").is_visible()
    still(pg)
    screenshot(pg, "search-desktop-1280")

    pg = open_page(site_url + f"documents/{STEMS['003']}/", width=390)
    assert pg.locator(".md-header__button[for=__search]").is_visible()  # as in Material
    search(pg, "中小企业")
    still(pg)  # the layout once the search has opened (its overlay grows with a transition)
    first = pg.locator(".md-search-result__item").first
    assert first.is_visible()
    box = first.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390  # nothing spills sideways
    assert pg.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(pg, "search-mobile-390")
    assert not pg.errors
