"""MkDocs hooks of the gongkai site (declared in mkdocs.yml).

on_page_content / on_post_build: the site search. Each page's title, rendered text and
metadata become one record (generator/search.py); after the build the records are written
as a Pagefind index into site/pagefind/, which
generator/theme/assets/javascripts/gongkai-search.js queries in the browser. A large site
is split into shards of at most SHARD_PAGES pages, each a Pagefind index of its own, the
first in pagefind/ and the others in pagefind/shard<N>/, which the browser searches
together: Pagefind's memory grows with the pages of an index, and its work for a query
with the square of the number of pages it matches in one index, so shards bound the
memory of the build and keep common queries fast (at the cost of a little more to fetch
for each), and they are indexed in parallel. pagefind/gongkai-search.json lists the
other shards and the marks of the indexed words (see generator/search.py).
"""
from __future__ import annotations

import collections
import concurrent.futures
import json
import logging
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

from generator import search

log = logging.getLogger(__name__)

INDEX_DIR = "pagefind"
MANIFEST = "gongkai-search.json"  # in INDEX_DIR, for the browser: the marks and the other shards
# At most this many pages in one shard (see the module docstring). A Pagefind process needs
# about 1.1 MB per page of its shard (measured: 2.0 GB for 1,766 pages in one index, 0.55 GB
# for shards of 500), and one runs on each core: 800 keeps the two under 2 GB together.
SHARD_PAGES = 800
SHARD_PAGES_ENV = "GONGKAI_SEARCH_SHARD_PAGES"  # overrides SHARD_PAGES (tests, benchmarks)
# Files of Pagefind's own search UIs; the site has its own, in Material's header.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")
# What the other shards need not repeat: the browser loads them from the first.
SHARED = ("pagefind.js", "pagefind-worker.js")


class _Spool:
    """The pages' search records, written to a temporary folder as MkDocs renders the pages
    (in memory, their tokens would take gigabytes at 10,000 pages), with the counts of
    their marks; the record pages and the index are made in the same folder."""

    def __init__(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="gongkai-search-")
        self.folder = Path(self.tmp.name)
        self.file = (self.folder / "records.jsonl").open("w", encoding="utf-8")
        self.count = 0
        self.seconds = 0.0  # the time index() took
        self.marks: collections.Counter = collections.Counter()

    def add(self, rec: dict) -> None:
        self.file.write(json.dumps(rec, ensure_ascii=False) + "\n")
        self.marks.update(search.mark_counts([rec]))
        self.count += 1

    def records(self):
        self.file.close()
        with (self.folder / "records.jsonl").open(encoding="utf-8") as f:
            for line in f:
                yield json.loads(line)

    def close(self) -> None:
        self.file.close()
        self.tmp.cleanup()


_spool: _Spool | None = None


def on_pre_build(config, **kwargs):
    global _spool
    if _spool is not None:
        _spool.close()
    _spool = _Spool()


def on_build_error(error, **kwargs):
    global _spool
    if _spool is not None:
        _spool.close()
        _spool = None


def on_page_content(html, page, config, files, **kwargs):
    meta = page.meta or {}
    if (meta.get("search") or {}).get("exclude"):
        return html
    title = meta.get("title") or page.title or ""
    url = "/" + page.url
    _spool.add(search.record(url, str(title), search.html_text(html), meta))
    # MkDocs keeps every page's Markdown and HTML until the build ends, and nothing reads the
    # Markdown once it is converted (the title comes from the front matter or the HTML):
    # let it go, a third of MkDocs' memory on a large site.
    page.markdown = ""
    return html


def shard_of(url: str, shards: int) -> int:
    """The shard of the page at ``url``: stable for a given number of shards."""
    return zlib.crc32(url.encode("utf-8")) % shards


def shard_dir(shard: int) -> str:
    """The folder of a shard, relative to INDEX_DIR."""
    return "" if shard == 0 else f"shard{shard}/"


def on_post_build(config, **kwargs):
    global _spool
    spool, _spool = _spool, None
    try:
        pages, shards = index(spool, Path(config["site_dir"]) / INDEX_DIR)
    finally:
        spool.close()
    config["extra"]["gongkai_search_index_seconds"] = spool.seconds  # the build reports it apart from MkDocs'
    log.info("search: %d pages indexed into %s (%d shard%s) in %.0f s", pages, INDEX_DIR, shards,
             "" if shards == 1 else "s", spool.seconds)


def index(spool: _Spool, out: Path) -> tuple[int, int]:
    """The Pagefind index of the spooled records, in shards, into ``out``."""
    started = time.perf_counter()
    tmp = spool.folder
    shards = max(1, math.ceil(spool.count / int(os.environ.get(SHARD_PAGES_ENV) or SHARD_PAGES)))
    marks = search.ordered_marks(spool.marks)
    for rec in spool.records():
        url = rec["url"]
        path = tmp / "pages" / str(shard_of(url, shards)) / search.record_path(url)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(search.record_html(rec, marks), encoding="utf-8")
    # each shard by its own Pagefind process, in parallel
    jobs = [(tmp / "pages" / str(s), tmp / "index" / str(s)) for s in range(shards)]
    with concurrent.futures.ThreadPoolExecutor(min(shards, os.cpu_count() or 1)) as pool:
        list(pool.map(lambda job: write_index(*job), jobs))
    if out.exists():
        shutil.rmtree(out)
    for s, (_, bundle) in enumerate(jobs):
        for name in UNUSED + (SHARED if s else ()):
            (bundle / name).unlink(missing_ok=True)
        if s == 0:
            shutil.move(bundle, out)
        else:
            for wasm in bundle.glob("wasm.*"):
                wasm.unlink()
            shutil.move(bundle, out / shard_dir(s))
    manifest = {"shards": [shard_dir(s) for s in range(1, shards)], "marks": marks}
    (out / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False) + "\n", encoding="utf-8")
    spool.seconds = time.perf_counter() - started
    return spool.count, shards


def write_index(folder: Path, out: Path) -> None:
    """Index the record pages in ``folder`` into a Pagefind bundle in ``out``.

    With Pagefind's command-line program, which has written every file when it exits: the
    Python API stops its Pagefind process as soon as it answers, which can cut the last
    files short on a busy machine; and it answers a request every 0.1 s at best, too slow
    to add thousands of records one by one.
    """
    folder.mkdir(parents=True, exist_ok=True)  # a shard may be empty
    done = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(folder), "--output-path", str(out),
                           "--silent"], capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"Pagefind failed ({done.returncode}): {done.stderr.strip() or done.stdout.strip()}")
