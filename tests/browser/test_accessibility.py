"""WCAG 2.1 AA on every kind of page, in headless Chromium, at 1280 and 390 px (issue 14).

axe-core (axe-playwright-python bundles it) finds no serious or critical violation; the
rest checks what axe cannot tell from one page: heading levels of every document, focus
that shows, the skip link, languages, charts described in words, the site named as its
publisher's. Gold values come from WCAG's rules and from reading the seed texts.
"""
from __future__ import annotations

import html.parser
import re

import pytest

from ..conftest import SEEDS, screenshot
from .pages import STEMS, WIDTHS, axe_problems, page_paths

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", ["home", "document", "indicator", "data", "listing", "genre", "policy", "region",
                                  "about", "404"])
def test_no_serious_or_critical_axe_violation(built, pages_url, open_page, kind, width):
    pg = open_page(pages_url + page_paths(built / "site")[kind], width=width)
    pg.wait_for_load_state("load")
    assert pg.locator(".md-header").evaluate("e => getComputedStyle(e).position") == "sticky"  # styled
    problems = axe_problems(pg)
    screenshot(pg, f"a11y-{kind}-{width}")
    assert problems == []


@pytest.mark.parametrize("width", WIDTHS)
def test_every_document_passes_axe(built, pages_url, open_page, width):
    for stem in STEMS.values():
        pg = open_page(f"{pages_url}documents/{stem}/", width=width)
        assert axe_problems(pg) == [], stem


class _Headings(html.parser.HTMLParser):
    """The levels of the headings in a page's article."""

    def __init__(self):
        super().__init__()
        self.depth = 0  # inside <article>
        self.levels: list[int] = []

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.depth += 1
        elif self.depth and re.fullmatch(r"h[1-6]", tag):
            self.levels.append(int(tag[1]))

    def handle_endtag(self, tag):
        if tag == "article":
            self.depth -= 1


def test_heading_levels_of_every_document_never_skip(built):
    """WCAG 1.3.1 (and axe's heading-order): one h1, then each heading at most one level
    below the one before it."""
    pages = sorted((built / "site" / "documents").glob("*/index.html"))
    assert len(pages) == len(list(SEEDS.glob("*.txt")))
    for page in pages:
        parser = _Headings()
        parser.feed(page.read_text(encoding="utf-8"))
        levels = parser.levels
        assert levels[0] == 1 and levels.count(1) == 1, page.parent.name
        for before, level in zip(levels, levels[1:]):
            assert level <= before + 1, f"{page.parent.name}: h{before} → h{level}"


def _contrast(a: str, b: str) -> float:
    def lum(css: str) -> float:
        r, g, b_ = (int(x) / 255 for x in re.findall(r"\d+", css)[:3])
        f = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b_)]
        return 0.2126 * f[0] + 0.7152 * f[1] + 0.0722 * f[2]
    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_keyboard_focus_is_visible_and_the_skip_link_comes_first(site_url, open_page):
    """WCAG 2.4.1 and 2.4.7: the first Tab stop skips to the content; a focused link shows
    a ring of 3:1 or more against the page (1.4.11)."""
    pg = open_page(f"{site_url}documents/{STEMS['000']}/")
    pg.keyboard.press("Tab")
    skip = pg.evaluate("() => [document.activeElement.className, document.activeElement.getAttribute('href'),"
                       " document.activeElement.getBoundingClientRect().width]")
    assert "md-skip" in skip[0].split() and skip[2] > 0
    target = skip[1]
    pg.keyboard.press("Enter")
    assert pg.evaluate("h => decodeURIComponent(location.hash) === h", target)
    assert pg.locator("h1").evaluate("h => h.getBoundingClientRect().top") < 200  # scrolled to the title
    link = pg.locator(".md-content .gk-meta a").first
    link.focus()
    ring = link.evaluate("a => { const s = getComputedStyle(a); return [s.outlineStyle, parseFloat(s.outlineWidth),"
                         " s.outlineColor, getComputedStyle(document.body).backgroundColor]; }")
    assert ring[0] == "solid" and ring[1] >= 2
    assert _contrast(ring[2], "rgb(255, 255, 255)") >= 3
    screenshot(pg, "a11y-focus-ring")


def test_languages_are_marked(site_url, open_page):
    """WCAG 3.1.1 and 3.1.2: the page is Chinese; the data dictionary's English is marked."""
    pg = open_page(f"{site_url}data/")
    assert pg.evaluate("document.documentElement.lang").startswith("zh")
    english = pg.locator("[lang=en]")
    assert english.count() > 10
    assert re.search(r"[A-Za-z]{3}", english.nth(1).inner_text())


def test_a_chart_is_named_and_summed_up_in_words(site_url, open_page):
    """WCAG 1.1.1: the chart of 高新技术企业数量 has a name and a text summary; the table
    after it stays. Gold from the seeds: 002 (文水县) 9 in 2020 and 13 in 2021; 000 and 001
    (临汾市) 139 in 2022, the target 144 for 2023."""
    pg = open_page(f"{site_url}indicators/high_tech_enterprises/")
    for width in WIDTHS:
        pg.set_viewport_size({"width": width, "height": 900})
        chart = pg.locator("svg.gk-chart:visible")
        assert chart.count() == 1
        assert chart.get_attribute("role") == "img"
        name = chart.evaluate("s => document.getElementById(s.getAttribute('aria-labelledby')).textContent")
        assert name == "高新技术企业数量"
        summary = chart.evaluate("s => document.getElementById(s.getAttribute('aria-describedby')).textContent")
        for said in ("文水县", "临汾市", "9", "13", "139", "144", "2020", "2023"):
            assert said in summary
    assert pg.locator(".md-content table").count() >= 1  # the values, row by row


@pytest.mark.parametrize("kind", ["home", "document", "data", "404"])
def test_every_page_says_who_publishes_it(built, pages_url, open_page, kind):
    pg = open_page(pages_url + page_paths(built / "site")[kind])
    footer = pg.locator(".md-footer .gk-footer-line")
    text = footer.inner_text()
    assert "发布" in text and "文件转载自各发文机关" in text and "许可" in text
    about = footer.get_by_role("link", name="关于本站")
    report = footer.get_by_role("link", name="报告错误")
    assert about.evaluate("a => a.href") == pages_url + "about/"
    assert report.evaluate("a => a.href") == pages_url + "about/#report"


def test_the_about_page_names_publisher_provenance_licence_and_reporting(built, pages_url, open_page):
    pg = open_page(pages_url + "about/")
    headings = pg.locator("article h2").all_inner_texts()
    for h in ("谁发布本站", "文件从哪里来", "许可", "报告错误", "术语说明"):
        assert h in headings
    assert pg.locator("#report").count() == 1 and pg.locator("#glossary").count() == 1
    body = pg.locator("article").inner_text()
    assert "不是政府官方网站" in body  # the demonstration's default
    for agency in ("临汾市科学技术局", "吕梁市人民政府办公室", "文水县教科局"):  # the seeds' issuers
        assert pg.locator("article a", has_text=agency).count() >= 1
    assert pg.locator("dt", has_text="办理结果").count() == 1
    assert "A 类" in pg.locator("dd").nth(2).inner_text()


def test_handling_result_is_explained_where_shown(site_url, open_page):
    """000 states its reply category "A" at its head; its page says what A means."""
    pg = open_page(f"{site_url}documents/{STEMS['000']}/")
    row = pg.locator(".gk-meta tr", has=pg.locator("th", has_text="办理结果"))
    assert row.locator("th").get_attribute("scope") == "row"
    assert row.locator("td").inner_text() == "A（所提问题已经解决或者基本解决）"
