"""The site's search index, made while MkDocs renders the pages.

MkDocs renders the pages in one process, on one core; the search index is made on the
other: each page's HTML goes to an indexer process (:class:`Indexer`), which makes its
record (generator/search.py) and writes it as a record page in a shard of at most
SHARD_PAGES pages, in the order the pages come; when a shard is full, Pagefind indexes it
while the next fills. Once MkDocs is done, the last shard is indexed and :func:`place`
puts the shards into the site, the first in pagefind/ and the others in
pagefind/shard<N>/, which the browser searches together: Pagefind's memory grows with
the pages of an index, and its work for a query with the square of the number of pages
it matches in one index, so shards bound the memory of the build and keep common queries
fast (at the cost of a little more to fetch for each). pagefind/gongkai-search.json lists
the other shards and the marks of the indexed words (see generator/search.py).
"""
from __future__ import annotations

import json
import math
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from generator import search

INDEX_DIR = "pagefind"
MANIFEST = "gongkai-search.json"  # in INDEX_DIR, for the browser: the marks and the other shards
# At most this many pages in one shard (see the module docstring). A Pagefind process needs
# 1.1 to 1.8 MB per page of its shard (measured: 2.0 GB for 1,766 pages of all kinds in one
# index, 1.46 GB for 800 pages of a 10,000-document site): 800 keeps one under 2 GB, and
# fewer, larger shards mean fewer index files to fetch for a query.
SHARD_PAGES = 800
SHARD_PAGES_ENV = "GONGKAI_SEARCH_SHARD_PAGES"  # overrides SHARD_PAGES (tests, benchmarks)
NICE = 10  # how much the indexer gives way to MkDocs
PAGEFIND_THREADS = ("RAYON_NUM_THREADS", "TOKIO_WORKER_THREADS")  # Pagefind's thread pools
# Files of Pagefind's own search UIs; the site has its own, in Material's header.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")
# What the other shards need not repeat: the browser loads them from the first.
SHARED = ("pagefind.js", "pagefind-worker.js")


class Indexer:
    """The search index, made in a child process while MkDocs renders (see the module
    docstring): :meth:`add` sends it a page, :meth:`finish` waits for the index."""

    def __init__(self, shard_pages: int, work: Path):
        self.tmp = tempfile.TemporaryDirectory(prefix=".gongkai-search-", dir=work)
        self.folder = Path(self.tmp.name)
        ctx = multiprocessing.get_context("spawn")  # a fresh process: a fork would copy the build's memory
        pages_in, self.pages = ctx.Pipe(duplex=False)
        self.result, result_out = ctx.Pipe(duplex=False)
        self.process = ctx.Process(target=_index_pages, args=(pages_in, result_out, self.folder, shard_pages),
                                   name="gongkai-search-index", daemon=True)
        self.process.start()
        pages_in.close()  # only the child's ends stay open: if it dies, sending fails instead of waiting
        result_out.close()

    def add(self, url: str, title: str, html: str, meta: dict) -> None:
        try:
            self.pages.send((url, title, html, meta))
        except OSError as exc:
            raise RuntimeError(self.stopped()) from exc

    def finish(self) -> dict:
        """Wait for the index: {"count", "shards", "marks", "error": None} or {"error"};
        its bundles are in folder/index/<shard>."""
        try:
            self.pages.send(None)
            return self.result.recv()
        except (OSError, EOFError):
            return {"error": self.stopped()}

    def stopped(self) -> str:
        self.process.join(5)
        return f"the search indexer stopped (exit code {self.process.exitcode})"

    def close(self) -> None:
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()
        self.pages.close()
        self.result.close()
        self.tmp.cleanup()


def _index_pages(pages, result, folder: Path, shard_pages: int) -> None:
    """The indexer process: the records of the pages received until None, in shards; a
    full shard is indexed by Pagefind while the next fills, one at a time (MkDocs has the
    other core), and the last when the pages end. An error is sent back to the build."""
    if hasattr(os, "nice"):
        os.nice(NICE)  # MkDocs first: this process and its Pagefind runs take the time it leaves
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # stopped by a failed build: stop Pagefind too
    shards = _Shards(folder, shard_pages)
    error = None
    try:
        for page in iter(pages.recv, None):
            if error is None:  # after an error, the pages are still received: the build goes on to the end
                try:
                    shards.add(*page)
                except Exception as exc:
                    error = f"{type(exc).__name__}: {exc}"
        if error is None:
            try:
                result.send(shards.finish())
                return
            except Exception as exc:
                error = f"{type(exc).__name__}: {exc}"
        result.send({"error": error})
    finally:
        shards.stop()


class _Shards:
    """Record pages written into folder/pages/<shard>, indexed into folder/index/<shard>."""

    def __init__(self, folder: Path, shard_pages: int):
        self.folder, self.shard_pages = folder, shard_pages
        self.marks = search.Marks()
        self.count = 0
        self.running: subprocess.Popen | None = None  # Pagefind on the last full shard
        self.started: list[subprocess.Popen] = []

    def add(self, url: str, title: str, html: str, meta: dict) -> None:
        rec = search.record(url, title, search.html_text(html), meta)
        path = self.folder / "pages" / str(self.count // self.shard_pages) / search.record_path(url)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(search.record_html(rec, self.marks), encoding="utf-8")
        self.count += 1
        if self.count % self.shard_pages == 0:
            _wait(self.running)
            self.running = self.start(self.count // self.shard_pages - 1, threads=1)

    def finish(self) -> dict:
        shards = math.ceil(self.count / self.shard_pages)
        last = self.start(shards - 1) if self.count % self.shard_pages else None
        _wait(self.running)
        _wait(last)
        return {"count": self.count, "shards": shards, "marks": self.marks.table, "error": None}

    def stop(self) -> None:
        for process in self.started:
            if process.poll() is None:
                process.kill()
                process.wait()

    def start(self, shard: int, threads: int | None = None) -> subprocess.Popen:
        """Pagefind's command-line program indexing the record pages of ``shard``, on at
        most ``threads`` threads (all the cores when None).

        Not its Python API, which stops its Pagefind process as soon as it answers (cutting
        the last files short on a busy machine) and answers a request every 0.1 s at best,
        too slow to add thousands of records one by one.
        """
        pages = self.folder / "pages" / str(shard)
        env = dict(os.environ)
        if threads:
            env.update({name: str(threads) for name in PAGEFIND_THREADS})
        self.started.append(subprocess.Popen(
            [sys.executable, "-m", "pagefind", "--site", str(pages), "--output-path",
             str(self.folder / "index" / str(shard)), "--silent"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env))
        return self.started[-1]


def _wait(process: subprocess.Popen | None) -> None:
    if process is not None:
        output, _ = process.communicate()
        if process.returncode:
            raise RuntimeError(f"Pagefind failed ({process.returncode}): {output.strip()}")


def shard_dir(shard: int) -> str:
    """The folder of a shard, relative to INDEX_DIR."""
    return "" if shard == 0 else f"shard{shard}/"


def place(bundles: Path, result: dict, out: Path) -> None:
    """Put the shards' Pagefind bundles (``bundles``/<shard>) into ``out``, with the manifest."""
    if out.exists():
        shutil.rmtree(out)
    for s in range(result["shards"]):
        bundle = bundles / str(s)
        for name in UNUSED + (SHARED if s else ()):
            (bundle / name).unlink(missing_ok=True)
        if s == 0:
            shutil.move(bundle, out)
        else:
            for wasm in bundle.glob("wasm.*"):
                wasm.unlink()
            shutil.move(bundle, out / shard_dir(s))
    out.mkdir(parents=True, exist_ok=True)  # with no pages, no shards
    manifest = {"shards": [shard_dir(s) for s in range(1, result["shards"])], "marks": result["marks"]}
    (out / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False) + "\n", encoding="utf-8")
