"""The site's search index, made in a process of its own while MkDocs renders.

The build writes the search records (``generator/output/search.py``, one JSON line each)
into a work folder and starts this module as a separate process (:class:`Indexer`). It
makes each record's page (``generator/site/search.py``), in shards of at most
SHARD_PAGES pages, and has Pagefind index one shard after another, on one thread, while
MkDocs renders; once the build says MkDocs is done (:meth:`Indexer.rendered`, a file in
the work folder), the shards left are indexed on every core at once. Pagefind's memory
grows with the pages of an index, so shards bound the memory of the build;
``generator/site/merge.py`` then merges them into one index, so that a query fetches one
index chunk per word however many shards there were (it fetched one from every shard).
:func:`place` puts it into the site's pagefind/; pagefind/gongkai-search.json lists the
marks of the indexed words and the Pagefind ids of the pages that are not documents, by kind.

Run as ``python -m generator.site.indexer WORK SHARD_PAGES``: it reads WORK/records.jsonl
and writes WORK/bundle/ (the index) and WORK/result.json.
"""
from __future__ import annotations

import gzip
import json
import math
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterable

from .. import parallel
from ..output.search import Record
from . import merge, search

INDEX_DIR = "pagefind"
MANIFEST = "gongkai-search.json"  # in INDEX_DIR, for the browser: the marks and the other shards
# At most this many pages in one shard (see the module docstring). A Pagefind process needs
# about 1.3 MB per page of its shard (measured on 400 documents of 3,000 characters); the
# shards are merged into one index afterwards, so their number costs a query nothing, and
# 350 keeps each Pagefind near 450 MB: one beside the MkDocs processes, and one per core
# once they are done.
SHARD_PAGES = 350
SHARD_PAGES_ENV = "GONGKAI_SEARCH_SHARD_PAGES"  # overrides SHARD_PAGES (tests, benchmarks)
POLL = 0.2  # seconds between looks at the shards running
NICE = 0  # not niced: niced, it started its last shards only once MkDocs had ended
PAGEFIND_THREADS = ("RAYON_NUM_THREADS", "TOKIO_WORKER_THREADS")  # Pagefind's thread pools
# Files of Pagefind's own search UIs; the site has its own, in Material's header.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")
RECORDS, RESULT = "records.jsonl", "result.json"
RENDERED = "rendered"  # in the work folder once MkDocs is done: the cores are free
BUNDLE = "bundle"  # in the work folder: the index made (the shards merged)


class Indexer:
    """The indexing process (see the module docstring): started with the records, then
    :meth:`wait` for the index or :meth:`stop` it."""

    def __init__(self, records: Iterable[Record], work: Path, shard_pages: int | None = None):
        self.work = work
        work.mkdir(parents=True, exist_ok=True)
        with open(work / RECORDS, "w", encoding="utf-8") as f:
            for rec in records:
                f.write(json.dumps(rec.to_json(), ensure_ascii=False) + "\n")
        pages = shard_pages or int(os.environ.get(SHARD_PAGES_ENV) or SHARD_PAGES)
        self.process = parallel.start(__name__, str(work), str(pages), nice=NICE,
                                      stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    def rendered(self) -> None:
        """Say that MkDocs is done: the shards left may be indexed on every core."""
        (self.work / RENDERED).touch()

    def wait(self) -> dict:
        """The index made: {"count", "shards", "marks"}; raises RuntimeError if it failed."""
        output, _ = self.process.communicate()
        try:
            result = json.loads((self.work / RESULT).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            result = {"error": f"the search indexer stopped (exit code {self.process.returncode}): "
                               f"{(output or '').strip()[-300:]}"}
        if result.get("error"):
            raise RuntimeError(f"search index: {result['error']}")
        return result

    def stop(self) -> None:
        """Stop the indexer and the Pagefind it runs (a failed build)."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process.stdout:
            self.process.stdout.close()


def index(work: Path, shard_pages: int, running: list[subprocess.Popen]) -> dict:
    """The indexer process's work: record pages in shards, each indexed by Pagefind."""
    marks = search.Marks()
    count = 0
    kinds: dict[str, str] = {}  # record URL → its kind, but documents'
    with open(work / RECORDS, encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            page = search.record(rec["url"], rec["title"], rec["text"], rec["meta"])
            if page.get("kind") not in (None, "document"):
                kinds[page["url"]] = page["kind"]
            path = work / "pages" / str(count // shard_pages) / search.record_path(rec["url"])
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(search.record_html(page, marks), encoding="utf-8")
            count += 1
    shards = math.ceil(count / shard_pages)
    started: list[Pagefind] = []
    for shard in range(shards):
        while sum(p.process.poll() is None for p in started) >= (
                parallel.workers() if (work / RENDERED).exists() else 1):
            time.sleep(POLL)
        started.append(Pagefind(work / "pages" / str(shard), work / "index" / str(shard), running))
    for p in started:
        p.wait()
    if shards > 1:  # one index, as if Pagefind had indexed every page at once
        merge.merge([work / "index" / str(s) for s in range(shards)], work / BUNDLE)
        for s in range(shards):
            shutil.rmtree(work / "index" / str(s))
    elif shards == 1:
        shutil.move(work / "index" / "0", work / BUNDLE)
    return {"count": count, "shards": shards, "marks": marks.table, "kinds": kinds_of(work / BUNDLE, kinds),
            "error": None}


def kinds_of(bundle: Path, kinds: dict[str, str]) -> dict[str, list[str]]:
    """The Pagefind ids (fragment hashes) of the pages of each kind but documents, by the
    URL in each page's fragment: the browser ranks results by kind without loading them."""
    out: dict[str, list[str]] = {}
    if not bundle.is_dir():
        return out
    for path in sorted((bundle / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        url = json.loads(data[len(merge.SIGNATURE):])["url"]
        if url in kinds:
            out.setdefault(kinds[url], []).append(path.name.removesuffix(".pf_fragment"))
    return out


class Pagefind:
    """Pagefind's command-line program started on the record pages of one shard, on
    ``threads`` threads; :meth:`wait` for it.

    Not its Python API, which stops its Pagefind process as soon as it answers (cutting the
    last files short on a busy machine).
    """

    def __init__(self, pages: Path, out: Path, running: list[subprocess.Popen], threads: int = 1):
        self.running = running
        self.process = parallel.start("pagefind", "--site", str(pages), "--output-path", str(out), "--silent",
                                      env={name: str(threads) for name in PAGEFIND_THREADS},
                                      stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        running.append(self.process)  # to stop if the indexer is stopped

    def wait(self) -> None:
        output, _ = self.process.communicate()
        self.running.remove(self.process)
        if self.process.returncode:
            raise RuntimeError(f"Pagefind failed ({self.process.returncode}): {output.strip()[-300:]}")


def main(argv: list[str]) -> int:
    work, shard_pages = Path(argv[0]), int(argv[1])
    running: list[subprocess.Popen] = []

    def stop(*_) -> None:  # stopped by a failed build: stop Pagefind too
        for process in running:
            process.kill()
        sys.exit(1)
    signal.signal(signal.SIGTERM, stop)
    try:
        result = index(work, shard_pages, running)
    except Exception as exc:  # reported to the build, which fails with it
        result = {"error": f"{type(exc).__name__}: {exc}"}
    (work / RESULT).write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
    return 0 if result.get("error") is None else 1


def place(work: Path, result: dict, out: Path) -> None:
    """Put the index made in ``work`` into ``out``, with the manifest."""
    if out.exists():
        shutil.rmtree(out)
    bundle = work / BUNDLE
    if bundle.is_dir():
        for name in UNUSED:
            (bundle / name).unlink(missing_ok=True)
        shutil.move(bundle, out)
    out.mkdir(parents=True, exist_ok=True)  # with no pages, no index
    manifest = {"shards": [], "marks": result["marks"], "kinds": result.get("kinds", {})}
    (out / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
