"""The 404 page under a sub-path (issue 14): served by a Pages-like server for any missing
address under /gongkai/, it is styled, its links lead into the site, and search works
from it, whether the site was built with site_url set to that sub-path or without it."""
from __future__ import annotations

import re
import urllib.parse

import pytest

from ..conftest import screenshot
from .test_search_browser import search

pytestmark = pytest.mark.browser

PRIMARY = "rgb(183, 28, 28)"  # the header's colour (gongkai.css)


@pytest.fixture(params=["without site_url", "with site_url"])
def site(request, pages_url, pages_url_with_site_url):
    return pages_url if request.param == "without site_url" else pages_url_with_site_url


@pytest.mark.parametrize("missing", ["no/such/page/", "documents/000_gone/", "a/b/c/d.html", "x"])
def test_the_404_page_is_styled_and_links_into_the_site(site, open_page, missing):
    pg = open_page(site + missing)
    assert pg.locator("h1").inner_text() == "页面不存在"
    assert pg.locator(".md-header").evaluate("e => getComputedStyle(e).backgroundColor") == PRIMARY
    sheets = pg.evaluate("[...document.styleSheets].map(s => s.href).filter(Boolean)")
    assert sheets and all(s.startswith(site + "assets/") for s in sheets)
    links = pg.locator(".md-content a").evaluate_all("els => els.map(a => a.href)")
    assert links == [site, site + "documents/"]
    nav = pg.locator(".md-nav--primary a").evaluate_all("els => els.map(a => a.href)")
    assert nav and all(h.startswith(site) for h in nav)
    pg.locator(".md-content a", has_text="浏览全部文件").click()
    pg.wait_for_load_state()
    assert pg.url == site + "documents/" and pg.locator("h1").inner_text() == "全部文件"
    # no request left the site (the server's other addresses are not the site's)
    assert all(urllib.parse.unquote(u).startswith(site) for u in pg.requests if u.startswith("http"))


def test_search_works_from_the_404_page(site, open_page):
    pg = open_page(site + "no/such/page/")
    search(pg, "许锐")
    href = pg.locator(".md-search-result__link").first.get_attribute("href")
    assert re.fullmatch(re.escape(urllib.parse.urlsplit(site).path) + r"documents/000_[0-9a-f]+/", href)


@pytest.mark.parametrize("width", [1280, 390])
def test_screenshots_of_the_404_page(pages_url, open_page, width):
    pg = open_page(pages_url + "no/such/page/", width=width)
    assert pg.locator("h1").is_visible()
    screenshot(pg, f"404-sub-path-{width}")
