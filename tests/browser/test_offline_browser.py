"""The offline copy as an office without hosting uses it: the zip unpacked into a folder and
its index.html opened from disk (file://) in headless Chromium, with no server at all."""
from __future__ import annotations

import re
import urllib.parse
import zipfile
from pathlib import Path

import pytest

from generator.build import Options, build

from ..conftest import ROOT, SEEDS, screenshot

pytestmark = pytest.mark.browser

STEMS = {p.stem[:3]: p.stem for p in SEEDS.glob("*.txt")}


@pytest.fixture(scope="module")
def offline(tmp_path_factory) -> Path:
    """The seeds built with --offline-zip, the zip unpacked; returns the folder."""
    out = tmp_path_factory.mktemp("offline")
    build(Options(seeds=SEEDS, out=out, config=ROOT / "mkdocs.yml", offline_zip=out / "site-offline.zip"))
    folder = out / "unpacked"
    with zipfile.ZipFile(out / "site-offline.zip") as z:
        z.extractall(folder)
    return folder


def title_of(stem: str) -> str:
    """The title line of a seed, as the editor wrote it (the first line that is not blank)."""
    text = (SEEDS / f"{stem}.txt").read_text(encoding="utf-8-sig")
    return next(line.strip().lstrip("#").strip() for line in text.splitlines() if line.strip())


def test_the_zip_holds_a_site_whose_links_are_files(offline):
    assert (offline / "index.html").is_file()
    for stem in STEMS.values():
        assert (offline / "documents" / stem / "index.html").is_file() or \
            (offline / "documents" / f"{stem}.html").is_file()
    # every local link of every page names a file in the folder (no folder URLs, which a
    # browser shows as a directory listing from disk)
    missing = []
    for page in offline.rglob("*.html"):
        if page.name == "404.html":  # for a web server, which serves it at any depth: absolute links
            continue
        html = page.read_text(encoding="utf-8")
        for href in re.findall(r'href="([^"#?]+)', html):
            if re.match(r"[a-z]+:", href) or href.startswith("//"):
                continue
            target = (page.parent / urllib.parse.unquote(href)).resolve()
            if not target.is_file():
                missing.append(f"{page.relative_to(offline)} → {href}")
    assert missing == []


def test_opened_from_disk_it_browses_and_searches_without_a_server(offline, open_page):
    pg = open_page((offline / "index.html").as_uri())
    assert pg.locator("h1").first.is_visible()
    # follow the home page's link to the document list, then to a document
    pg.locator("a[href='documents/index.html']:visible").first.click()
    pg.wait_for_url(re.compile(r"/documents/index\.html$"))
    pg.locator(f"a[href*='{STEMS['000']}']:visible").first.click()
    pg.wait_for_url(re.compile(f"/documents/{STEMS['000']}"))
    assert "A类第051号" in pg.locator("h1").first.inner_text()

    # Material's search, its index inlined: a term from the text finds the document
    pg.locator(".md-search__input").click()
    box = pg.locator(".md-search__input")
    box.fill("科技创新券")
    box.press("End")  # Material searches on a key event
    result = pg.locator(".md-search-result__item > a:visible", has_text="A类第051号")
    result.first.wait_for(timeout=15000)
    screenshot(pg, "offline-search")
    result.first.click()
    pg.wait_for_url(re.compile(f"/documents/{STEMS['000']}"))
    assert {urllib.parse.urlsplit(u).scheme for u in pg.requests} <= {"file", "blob", "data", "about"}
    assert pg.errors == []


def test_the_downloads_are_in_the_copy(offline, open_page):
    pg = open_page((offline / "data" / "index.html").as_uri())
    hrefs = pg.locator("a[href$='.csv']").evaluate_all("els => els.map(e => e.href)")
    assert hrefs, "the data page links its CSV files"
    for href in hrefs:
        path = Path(urllib.parse.unquote(urllib.parse.urlsplit(href).path))
        assert path.is_file() and path.read_text(encoding="utf-8").splitlines()[0]
