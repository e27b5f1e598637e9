"""MkDocs hooks of the gongkai site (declared in mkdocs.yml).

on_page_content / on_post_build: the site search. Each page's title, rendered text and
metadata go to the search indexer (generator/search_index.py), which indexes them with
Pagefind on the other core while MkDocs renders; after the build its index goes into
site/pagefind/, which generator/theme/assets/javascripts/gongkai-search.js queries in
the browser.

on_page_content / on_page_context / on_post_page: memory. MkDocs converts every page to
HTML before it renders the first template, and keeps it all: half a gigabyte at 10,000
documents. Each page's HTML waits in a temporary file instead (:class:`_Contents`) and is
read back for its own template only.
"""
from __future__ import annotations

import logging
import os
import tempfile
import time
from pathlib import Path

from generator.search_index import INDEX_DIR, SHARD_PAGES, SHARD_PAGES_ENV, Indexer, place

log = logging.getLogger(__name__)
TAGS_LISTING = "<!-- material/tags"  # where the tags plugin puts a listing of tagged pages

class _Contents:
    """Pages' HTML in a temporary file, by source path, until their templates are rendered."""

    def __init__(self):
        self.file = tempfile.TemporaryFile()
        self.where: dict[str, tuple[int, int]] = {}

    def put(self, key: str, html: str) -> None:
        data = html.encode("utf-8")
        self.file.seek(0, os.SEEK_END)
        self.where[key] = (self.file.tell(), len(data))
        self.file.write(data)

    def get(self, key: str) -> str | None:
        if key not in self.where:
            return None
        offset, size = self.where[key]
        self.file.seek(offset)
        return self.file.read(size).decode("utf-8")

    def close(self) -> None:
        self.file.close()


_indexer: Indexer | None = None
_contents: _Contents | None = None


def on_pre_build(config, **kwargs):
    global _indexer, _contents
    _close()
    _indexer = Indexer(int(os.environ.get(SHARD_PAGES_ENV) or SHARD_PAGES))
    _contents = _Contents()


def on_build_error(error, **kwargs):
    _close()


def _close():
    global _indexer, _contents
    if _indexer is not None:
        _indexer.close()
        _indexer = None
    if _contents is not None:
        _contents.close()
        _contents = None


def on_page_content(html, page, config, files, **kwargs):
    meta = page.meta or {}
    # PROTOTYPE (a11y branch): listing pages are not indexed; the lead's templates would
    # say so in their front matter (search: {exclude: true}) instead.
    from generator.search import page_kind
    if not (meta.get("search") or {}).get("exclude") and page_kind("/" + page.url, meta) != "listing":
        _indexer.add("/" + page.url, str(meta.get("title") or page.title or ""), html, meta)
    # Nothing reads the Markdown once it is converted (the title comes from the front matter
    # or the HTML), and the HTML only when the page's template is rendered.
    page.markdown = ""
    if TAGS_LISTING in html:  # Material's tags plugin fills it in before any template is rendered
        return html
    _contents.put(page.file.src_uri, html)
    return ""


def on_page_context(context, page, config, nav, **kwargs):
    content = _contents.get(page.file.src_uri)
    if content is not None:
        page.content = content
    return context


def on_post_page(output, page, config, **kwargs):
    page.content = ""  # its template is rendered: nothing reads it any more
    return output


def on_post_build(config, **kwargs):
    global _indexer, _contents
    _contents.close()
    indexer, _indexer, _contents = _indexer, None, None
    started = time.perf_counter()
    try:
        result = indexer.finish()
        if result["error"]:
            raise RuntimeError(f"search index: {result['error']}")
        place(indexer.folder / "index", result, Path(config["site_dir"]) / INDEX_DIR)
    finally:
        indexer.close()
    seconds = time.perf_counter() - started
    config["extra"]["gongkai_search_index_seconds"] = seconds  # the build reports it apart from MkDocs'
    log.info("search: %d pages indexed into %s (%d shard%s), %.0f s after the pages", result["count"], INDEX_DIR,
             result["shards"], "" if result["shards"] == 1 else "s", seconds)
