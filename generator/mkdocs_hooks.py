"""MkDocs hooks of the gongkai site (declared in mkdocs.yml).

on_config: teach jieba the domain's terms (topics and indicator names from the
vocabularies), so segmentation keeps 科技型中小企业 or 高新技术企业 whole. (jieba served
Material's search plugin; the site search below cuts text into characters instead.)

on_page_content / on_post_build: the site search. Each page's title, rendered text and
metadata become one record (generator/search.py); after the build the records, sorted by
URL, are written as a Pagefind index into site/pagefind/, which
generator/theme/assets/javascripts/gongkai-search.js queries in the browser.
"""
from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import shutil
import tempfile
from pathlib import Path

import jieba

from generator import search
from generator.search import domain_terms

log = logging.getLogger(__name__)

INDEX_DIR = "pagefind"
# Files of Pagefind's own search UIs; the site has its own, in Material's header.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")

_records: dict[str, dict] = {}


def on_config(config, **kwargs):
    jieba.setLogLevel(logging.WARNING)
    for term in domain_terms():
        jieba.add_word(term, freq=200000)
    return config


def on_pre_build(config, **kwargs):
    _records.clear()


def on_page_content(html, page, config, files, **kwargs):
    meta = page.meta or {}
    if (meta.get("search") or {}).get("exclude"):
        return html
    title = meta.get("title") or page.title or ""
    url = "/" + page.url
    text = search.html_text(html, document=search.is_document(meta))
    _records[url] = search.record(url, str(title), text, meta)
    return html


def on_post_build(config, **kwargs):
    out = Path(config["site_dir"]) / INDEX_DIR
    with tempfile.TemporaryDirectory(prefix="gongkai-search-") as tmp:
        for url in sorted(_records):
            path = Path(tmp) / search.record_path(url)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(search.record_html(_records[url]), encoding="utf-8")
        # in a thread of its own: the build may run where an event loop is running already
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            pages = pool.submit(asyncio.run, write_index(Path(tmp), out)).result()
    for name in UNUSED:
        (out / name).unlink(missing_ok=True)
    log.info("search: %d pages indexed into %s", pages, out)


async def write_index(folder: Path, out: Path) -> int:
    """Index the record pages in ``folder`` into a Pagefind bundle in ``out``.

    One request for the whole folder: the Python API answers a request every 0.1 s at
    best, too slow to add thousands of records one by one.
    """
    from pagefind.index import IndexConfig, PagefindIndex

    if out.exists():
        shutil.rmtree(out)
    async with PagefindIndex(IndexConfig(output_path=str(out))) as index:
        result = await index.add_directory(str(folder))
    return result["page_count"]
