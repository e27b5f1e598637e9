"""Hostile text is shown, never run: a site built from documents full of markup, in Chromium.

The documents carry scripts, event handlers, ``javascript:`` links in Markdown and HTML,
template syntax, Markdown block syntax, and titles that break YAML or close ``<title>``.
Every page that shows them is loaded in headless Chromium: no dialog opens, no script of a
document runs (they would set ``window.__pwned``), no ``javascript:`` link exists, and the
text is there, literally.
"""
from __future__ import annotations

import urllib.parse

import pytest

from generator.build import Options, build

from ..conftest import ROOT, screenshot, serve

HOSTILE = {
    # a body full of markup; the first line is a title with a quoted colon
    "hostile.txt": "\n".join([
        '关于"a: b"的通知',
        "各区县人民政府，市直各部门：",
        "第一段：<script>window.__pwned=1;alert(1)</script>不应执行。",
        '第二段：<img src=x onerror="window.__pwned=2;alert(2)">不应加载。',
        '第三段：[点我](javascript:window.__pwned=3)和<a href="javascript:alert(3)">链接</a>以及<javascript:alert(4)>。',
        "第四段：**![x](x){:onerror=alert(4)}**与**[粗链接](javascript:alert(5))**和**<b>粗</b>**。",
        "第五段：模板{{ config.site_name }}和{% raw %}以及{%- if true %}是{% endif %}。",
        "---",
        "[ref]: javascript:alert(6)",
        "第六段：依据《<img src=y onerror=window.__pwned=6>管理办法》执行。",
        "&lt;script&gt;不是标签&lt;/script&gt;",
        "二〇二四年一月一日",
    ]) + "\n",
    # a title line that closes <title> and opens a script (the page has no other title)
    "title-line.txt": 'title: "a: b"\n关于</title><script>window.__pwned=7</script>的通知\n正文：本通知自发布之日起施行。\n',
    # web-page layout labels whose values are markup: they become fields, the description, a listing
    "layout.txt": "索引号：\"><script>window.__pwned=8</script>\n"
                  "发文机关：</title><img src=x onerror=\"window.__pwned=9\">\n"
                  "发文字号：\"><img src=x onerror=alert(10)>\n"
                  "正文一段：说明情况。\n",
    # a Markdown document: its original is published for download, and must not become a page
    "markdown.md": "# 关于测试的通知\n\n正文<script>window.__pwned=13</script>结束。\n\n<img src=x onerror=alert(13)>\n",
    "layout.yml": 'title: "a: b"\nregion: "<svg onload=window.__pwned=11>"\n'
                  'topics: ["<img src=x onerror=window.__pwned=12>", 人才]\n',
}
# What each document page must show, as a reader sees it (cleaning drops stray spaces and
# turns half-width punctuation in Chinese text full-width; nothing else changes).
VISIBLE = {
    "documents/hostile/": [
        "第一段：<script>window.__pwned=1;alert(1)</script>不应执行。",
        '第二段：<img src=x onerror="window.__pwned=2;alert(2)">不应加载。',
        '[点我](javascript:window.__pwned=3）和<a href="javascript:alert(3)">链接</a>以及<javascript:alert(4)>。',
        "第四段：![x](x){:onerror=alert(4)}与[粗链接](javascript:alert(5))和<b>粗</b>。",
        "第五段：模板{{config.site_name}}和{%raw%}以及{%-if true%}是{%endif%}。",
        "---[ref]:javascript:alert(6）第六段：依据《<img src=y onerror=window.__pwned=6>管理办法》执行。",
        "&lt;script&gt；不是标签&lt;/script&gt；",
    ],
    "documents/title-line/": ['关于</title><script>window.__pwned=7</script>的通知', 'title:"a:b“'],
    "documents/layout/": ['“><script>window.__pwned=8</script>', '</title><img src=x onerror="window.__pwned=9">',
                          "“><img src=x onerror=alert(10)>", "<svg onload=window.__pwned=11>",
                          "<img src=x onerror=window.__pwned=12>"],
}
TITLES = {
    "documents/hostile/": "关于“a:b”的通知 - 政府信息公开文件库",
    "documents/title-line/": '关于</title><script>window.__pwned=7</script>的通知 - 政府信息公开文件库',
    "documents/layout/": "a: b - 政府信息公开文件库",
}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    seeds = root / "seeds"
    seeds.mkdir()
    for name, text in HOSTILE.items():
        (seeds / name).write_text(text, encoding="utf-8")
    build(Options(seeds=seeds, out=root / "out", config=ROOT / "mkdocs.yml"))
    server, url = serve(root / "out" / "site")
    yield url, root / "out"
    server.shutdown()


def pages_of(out) -> list[str]:
    """Every HTML page of the built site, as a path under its root."""
    site = out / "site"
    return sorted(p.relative_to(site).parent.as_posix() + "/" if p.name == "index.html" else
                  p.relative_to(site).as_posix() for p in site.rglob("*.html")
                  if "pagefind" not in p.parts and "assets" not in p.parts)


@pytest.fixture
def visit(browser):
    """Open a page, recording dialogs and script errors; dialogs are dismissed."""
    contexts = []

    def open_(url: str):
        ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        contexts.append(ctx)
        pg = ctx.new_page()
        pg.dialogs, pg.errors = [], []
        pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
        pg.on("pageerror", lambda e: pg.errors.append(str(e)))
        pg.goto(url)
        pg.wait_for_load_state("networkidle")
        return pg

    yield open_
    for ctx in contexts:
        ctx.close()


# URLs that run script, anywhere on the page (but the search box's own share link, theme chrome)
JS_URLS = """() => [...document.querySelectorAll('[href], [src], [action], [formaction], [data]')]
    .flatMap(el => ['href', 'src', 'action', 'formaction', 'data']
        .map(a => el.getAttribute(a))
        .filter(v => !(el.closest('.md-search') && v === 'javascript:void(0)')))
    .filter(v => v && /^\\s*(javascript|vbscript|data:text\\/html)/i.test(v))"""
HANDLERS = """() => [...document.querySelectorAll('article *, header *, title, nav *')]
    .flatMap(el => [...el.attributes].filter(a => /^on/i.test(a.name)).map(a => el.tagName + ' ' + a.name))"""


def assert_inert(pg) -> None:
    assert pg.dialogs == []
    assert pg.evaluate("typeof window.__pwned") == "undefined"
    assert pg.evaluate(JS_URLS) == []
    assert pg.evaluate(HANDLERS) == []
    assert pg.locator("article script, article iframe, article img[onerror], article svg[onload]").count() == 0


pytestmark = pytest.mark.browser


def test_the_site_has_the_hostile_pages(hostile_site):
    _, out = hostile_site
    pages = pages_of(out)
    for page in VISIBLE:
        assert page in pages
    assert any(p.startswith("policies/p") for p in pages), "the cited 《<img …>管理办法》 has a page"


def test_no_page_runs_a_script_from_the_documents(hostile_site, visit):
    url, out = hostile_site
    pages = pages_of(out)
    assert len(pages) > 15
    for page in pages:
        pg = visit(url + page)
        try:
            assert_inert(pg)
        except AssertionError as exc:
            raise AssertionError(f"{page}: {exc}") from exc


@pytest.mark.parametrize("page", sorted(VISIBLE))
def test_the_hostile_text_is_shown_literally(hostile_site, visit, page):
    url, _ = hostile_site
    pg = visit(url + page)
    text = pg.locator("article").inner_text()
    for literal in VISIBLE[page]:
        assert literal in text
        assert pg.get_by_text(literal, exact=False).first.is_visible()
    assert pg.title() == TITLES[page]
    header = pg.locator(".md-header__topic[data-md-component=header-topic]").inner_text().strip()
    assert header == TITLES[page].rsplit(" - ", 1)[0]
    assert_inert(pg)
    screenshot(pg, f"hostile-{page.strip('/').replace('/', '-')}")


def test_the_original_of_a_markdown_document_is_served_as_text(hostile_site, visit):
    url, out = hostile_site
    assert not (out / "site" / "originals" / "markdown").exists()
    pg = visit(url + "documents/markdown/")
    link = pg.get_by_role("link", name="markdown.md").first
    href = link.get_attribute("href")
    assert href.endswith("originals/markdown.md.txt")
    response = pg.request.get(urllib.parse.urljoin(pg.url, href))
    assert response.headers["content-type"].startswith("text/plain")
    assert "<script>window.__pwned=13</script>" in response.text()
    assert_inert(pg)


def test_descriptions_are_text_in_their_attributes(hostile_site, visit):
    url, _ = hostile_site
    pg = visit(url + "documents/layout/")
    description = pg.evaluate("document.querySelector('meta[name=description]').content")
    assert '</title><img src=x onerror="window.__pwned=9">' in description
    og = pg.evaluate("document.querySelector('meta[property=\"og:description\"]').content")
    assert og == description
    assert pg.locator("head script:not([type]), head script[type='text/javascript']").evaluate_all(
        "els => els.filter(e => /__pwned/.test(e.textContent)).length") == 0


def test_searching_the_hostile_text_runs_nothing(hostile_site, visit):
    url, _ = hostile_site
    pg = visit(url + "documents/hostile/")
    box = pg.locator(".md-search__input")
    pg.locator(".md-search__input").click()
    box.fill("不应执行")
    pg.wait_for_function("document.querySelector('.md-search-result').getAttribute('aria-busy') === 'false'",
                         timeout=15000)
    pg.wait_for_timeout(300)
    results = pg.locator(".md-search-result__list").inner_text()
    assert "<script>window.__pwned=1;alert(1)</script>" in results
    assert_inert(pg)
