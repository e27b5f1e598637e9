"""The site as a person uses it: headless Chromium against the built site on 127.0.0.1."""
from __future__ import annotations

import json
import urllib.parse
import xml.etree.ElementTree as ET

import pytest

from generator.build import Options, build

from ..conftest import ROOT, SEEDS, screenshot, serve

pytestmark = pytest.mark.browser

DOCS = {p.stem[:3]: p.stem for p in SEEDS.glob("*.txt")}


@pytest.fixture(scope="module")
def site(tmp_path_factory, monkeypatch_module):
    """The seeds built with site_url set to the address the site is served from."""
    out = tmp_path_factory.mktemp("site-with-url")
    (out / "site").mkdir()
    server, url = serve(out / "site")
    monkeypatch_module.setenv("GONGKAI_SITE_URL", url)
    build(Options(seeds=SEEDS, out=out, config=ROOT / "mkdocs.yml"))
    yield url, out
    server.shutdown()


@pytest.fixture(scope="module")
def monkeypatch_module():
    mp = pytest.MonkeyPatch()
    yield mp
    mp.undo()


def test_document_page_shows_its_metadata_table(site, open_page):
    url, _ = site
    pg = open_page(f"{url}documents/{DOCS['000']}/")
    assert pg.locator("h1").inner_text() == "关于对市政协五届二次会议A类第051号提案的答复"
    table = pg.locator("table").first
    assert "发文字号" in table.inner_text() and "临市科函〔2023〕4号" in table.inner_text()
    assert "许锐" in table.inner_text()
    assert pg.locator("h2", has_text="一、加快创新主体培育").count() == 1
    screenshot(pg, "document-000-desktop")
    assert pg.hosts == {"127.0.0.1"} and pg.errors == []


@pytest.mark.parametrize("facet, term, doc", [
    ("按文种", "实施意见", "003"),
    ("按发文机关", "文水县教科局", "002"),
    ("按地区", "吕梁市", "003"),
    ("按年份", "2024", "004"),
    ("按主题", "专精特新", "002"),
])
def test_home_to_a_document_through_each_facet(site, open_page, facet, term, doc):
    url, _ = site
    pg = open_page(url)
    card = pg.locator(".grid.cards li", has=pg.locator("strong", has_text=facet))
    card.get_by_role("link", name=term, exact=True).click()
    pg.wait_for_load_state()
    assert term in pg.locator("h1").inner_text()
    pg.locator(f"a[href*='{DOCS[doc]}']").first.click()  # third click: the document
    pg.wait_for_load_state()
    assert f"/documents/{DOCS[doc]}/" in pg.url
    assert pg.hosts == {"127.0.0.1"}


def test_a_number_leads_to_its_marked_sentence(site, open_page):
    url, _ = site
    pg = open_page(f"{url}indicators/high_tech_enterprises/")
    pg.get_by_role("row", name="文水县 2020").first.get_by_role("link").click()  # the fact's row, then the statement's
    pg.wait_for_load_state()
    fragment = urllib.parse.urlsplit(pg.url).fragment
    mark = pg.locator(f"mark.gk-quote:has(#{fragment})")
    assert mark.count() == 1 and "9" in mark.inner_text() and "高新技术企业" in mark.inner_text()
    assert mark.is_visible()


def test_json_ld_parses_and_has_what_search_engines_require(site, open_page):
    url, _ = site
    pg = open_page(f"{url}documents/{DOCS['003']}/")
    doc = json.loads(pg.locator("script[type='application/ld+json']").inner_text())
    assert doc["@context"] == "https://schema.org" and doc["@type"] == "Legislation"  # 实施意见: normative
    for key in ("name", "url", "inLanguage", "datePublished", "author"):
        assert doc.get(key), key
    assert doc["url"] == f"{url}documents/{DOCS['003']}/"
    assert doc["identifier"] == "吕政办发〔2020〕42号" and doc["datePublished"] == "2020-06-10"
    pg = open_page(f"{url}data/")
    ds = json.loads(pg.locator("script[type='application/ld+json']").inner_text())
    assert ds["@type"] == "Dataset"
    assert 50 <= len(ds["description"]) <= 5000  # Google's Dataset rule
    assert ds["license"].startswith("https://creativecommons.org/")
    urls = {d["contentUrl"] for d in ds["distribution"]}
    assert f"{url}data/indicators.csv" in urls and f"{url}data/datapackage.json" in urls
    assert all(d["encodingFormat"] for d in ds["distribution"])
    og = pg.locator("meta[property='og:title']").get_attribute("content")
    assert og == "开放数据"


def test_feed_sitemap_and_catalogue_parse(site, open_page):
    url, out = site
    rss = ET.parse(out / "site" / "feed.xml").getroot()
    items = rss.findall("channel/item")
    assert len(items) == 5
    dated = [i for i in items if i.find("pubDate") is not None]
    assert [i.find("title").text for i in dated][:2] == ["关于加大小微企业科技发展与创新力度的建议",
                                                         "吕梁市人民政府办公室关于支持中小企业科技创新的实施意见"]
    assert len(dated) == 2  # the three undated documents are listed without a date, last
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [e.text for e in ET.parse(out / "site" / "sitemap.xml").getroot().findall("s:url/s:loc", ns)]
    assert f"{url}documents/{DOCS['000']}/" in locs
    catalog = json.loads((out / "site" / "catalog.jsonld").read_text(encoding="utf-8"))
    dataset = catalog["dcat:dataset"][0]
    assert {d["dcat:downloadURL"]["@id"] for d in dataset["dcat:distribution"]} >= {f"{url}data/documents.csv"}
    pg = open_page(url)
    assert pg.locator("link[type='application/rss+xml']").count() == 1


def test_download_links_return_the_files(site, open_page):
    url, out = site
    pg = open_page(f"{url}data/")
    for name in ("datapackage.json", "documents.csv", "indicators.csv", "citations.csv", "gongkai-datapackage.zip"):
        href = pg.get_by_role("link", name=name, exact=True).first.get_attribute("href")
        response = pg.request.get(urllib.parse.urljoin(pg.url, href))
        assert response.status == 200, name
        assert response.body() == (out / "datapackage" / name).read_bytes(), name
    pg = open_page(f"{url}documents/{DOCS['004']}/")
    href = pg.get_by_role("link", name="004_0a6a893f069894ce.txt").first.get_attribute("href")
    body = pg.request.get(urllib.parse.urljoin(pg.url, href)).body()
    assert body == (SEEDS / "004_0a6a893f069894ce.txt").read_bytes()


def test_listing_table_sorts_and_filters_without_a_server(site, open_page):
    url, _ = site
    pg = open_page(f"{url}documents/")
    rows = pg.locator(".gk-table tbody tr")
    assert rows.count() == 5
    pg.locator(".gk-filter").fill("临市科函")
    assert pg.locator(".gk-table tbody tr:visible").count() == 2
    pg.locator(".gk-filter").fill("")
    pg.locator(".gk-table th", has_text="日期").click()
    dates = [rows.nth(i).locator("td").nth(3).inner_text() for i in range(5)]
    assert dates[-2:] == ["2020-06-10", "2024-06-26"] or dates[:2] == ["2020-06-10", "2024-06-26"]


def test_mobile_layout_at_390_px(site, open_page):
    url, _ = site
    for path, name in (("", "home"), (f"documents/{DOCS['001']}/", "document-001"), ("data/", "data")):
        pg = open_page(url + path, width=390)
        overflow = pg.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, path
        screenshot(pg, f"{name}-390px")
    pg = open_page(url)
    screenshot(pg, "home-desktop")


def test_print_style_shows_only_the_document(site, open_page):
    url, _ = site
    pg = open_page(f"{url}documents/{DOCS['003']}/")
    pg.emulate_media(media="print")
    assert not pg.locator(".md-header").is_visible()
    assert not pg.locator(".md-sidebar--primary").is_visible()
    assert pg.locator("h1").is_visible()
    pg.pdf(path=str(ROOT / "test-artifacts" / "document-003-print.pdf"))
