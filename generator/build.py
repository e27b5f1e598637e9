"""The build: the whole pipeline, in two phases.

Gather (everything in memory, from the model): ingest → clean → extract → link → check →
pages, package, feed, catalogue and search records. Write: stage it all in a folder next
to the outputs, render the HTML with MkDocs while the search index is made, and only then
swap the new ``site_src/``, ``datapackage/`` and ``site/`` in (``generator/store/staging.py``).
A failed build leaves the previous outputs as they were.
"""
from __future__ import annotations

import contextlib
import ctypes
import gc
import logging
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import config, dates, parallel
from .errors import BuildError, InternalError, Report
from .model import Corpus
from .output import datapackage, dcat, feed, guards, jsonld
from .output.pages import add_package, render_site
from .output.search import records
from .site import indexer, offline
from .site.render import Rendering, render
from .stages import ingest, link
from .stages.check import check
from .stages.prepare import prepare_all
from .store.cache import Cache
from .store.staging import Staging, recover_leftovers

log = logging.getLogger(__name__)

OUTPUTS = ("site_src", "datapackage", "site")
CACHE_DIR = ".gongkai-cache"
RENDER_FAILED = {"mkdocs-failed": "MkDocs failed", "unsafe-html": "the built site holds executable content"}
Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass
class Options:
    seeds: Path = Path("seeds")
    out: Path = Path(".")  # site_src/, datapackage/ and site/ are written here
    html: bool = True
    strict: bool = False
    config: Path = Path("mkdocs.yml")
    offline_zip: Path | None = None  # also build the offline copy and zip it here
    cache: bool = True  # reuse documents prepared by an earlier build (OUT/.gongkai-cache)
    progress: Progress | None = None

    def __post_init__(self) -> None:
        # absolute, so that MkDocs (which resolves relative paths against the configuration's
        # folder) and the build agree on every folder
        self.seeds, self.out, self.config = (Path(os.path.abspath(p)) for p in (self.seeds, self.out, self.config))
        if self.offline_zip is not None:
            self.offline_zip = Path(os.path.abspath(self.offline_zip))


@dataclass
class Result:
    report: Report
    corpus: Corpus
    files: dict[str, dict[str, str | bytes]] = field(default_factory=dict)  # output → path → content
    prepared: list = field(default_factory=list)  # documents prepared anew: for the cache
    epoch: int = 0  # the build's date (SOURCE_DATE_EPOCH, else the newest document date)
    tables: list = field(default_factory=list)  # the data package's tables


def build(opts: Options, write: bool = True) -> Result:
    """Generate, validate and (with ``write``) write; the previous outputs stay unless all succeeded."""
    report = Report()
    started = time.perf_counter()
    if write:
        recover_leftovers(opts.out)  # before anything can fail: a half-done swap of a killed build is completed
    check_inputs(opts, report, write)
    cache = Cache(opts.out / CACHE_DIR) if opts.cache else None
    site = config.site(opts.config)
    # ---- gather: read, clean, extract, link and check the corpus; make every output in memory ----
    sources = ingest.ingest(opts.seeds, report)
    fail_on_errors(report, "error(s) in the seeds")
    with step("the corpus (cleaning, extraction)"):
        documents, fresh = prepare_all(sources, report, cache, opts.progress)
    with step("the corpus (links)"):
        corpus = link.link(Corpus(documents), report)
    check(corpus, report)
    fail_on_errors(report, "error(s) in the seeds")
    epoch = build_epoch(corpus, report)
    with step("the pages of the site"):  # before the package: the page workers fork a smaller process
        pages = render_site(corpus, site, opts.progress)
    with step("the data package"):
        package, tables, formulas = datapackage.render(corpus, epoch, site)
    for cell in formulas:
        report.add("formula-like-cell", cell.pop("file"), **cell)
    with step("the pages of the site"):
        add_package(pages, corpus, tables, package, site, epoch)
        extras = {"catalog.jsonld": dcat.catalog(tables, package, site, jsonld.coverage(corpus), epoch)}
        if site.url:  # RSS and the sitemap protocol need absolute addresses
            extras["feed.xml"] = feed.feed(corpus, site, epoch)
        elif write and opts.html:
            report.add("no-site-url", None)
    guards.check_clashes(pages.clashes, report)
    guards.check_paths({"site_src": pages, "datapackage": package}, report)
    guards.check_front_matter(pages, report)
    fail_on_errors(report, "unsafe output paths or pages")
    report.stats["pages"] = sum(1 for p in pages if p.endswith(".md"))
    lap(report, "generate", started)
    result = Result(report, corpus, {"site_src": pages, "datapackage": package}, fresh, epoch, tables)
    if report.failed(opts.strict):
        raise BuildError(report, "warnings in strict mode")
    if not write:
        return result
    # ---- write: stage it all, render the HTML while the search index is made, swap in ----
    try:
        with Staging(opts.out) as staging:
            staging.write("site_src", pages)
            staging.write("datapackage", package)
            staged_cache = Cache(staging.path / CACHE_DIR) if cache else None
            for doc in fresh if staged_cache else ():  # into the cache once all succeeded
                staged_cache.put(doc)
            owners = datapackage.row_owners(corpus, tables)
            search = indexer.Indexer(records(corpus), staging.path / ".search") if opts.html else None
            if search:
                staging.callback(search.stop)
            result.files, result.corpus, result.prepared, result.tables = {}, Corpus([]), [], []  # MkDocs gets the memory
            del pages, package, corpus, documents, fresh, tables, sources
            release_memory()
            names = ["site_src", "datapackage"]
            rendering = start_render(opts, staging, report, result.epoch) if opts.html else None
            validate_package(staging.path / "datapackage", owners, report)  # while MkDocs renders
            del owners
            if rendering:
                render_html(opts, staging.path, report, rendering, search, extras, sitemap=bool(site.url))
                names.append("site")
            zip_tmp = build_offline_zip(opts, staging, report, result.epoch, extras) if opts.offline_zip else None
            staging.swap(names)
            if zip_tmp:
                os.replace(zip_tmp, opts.offline_zip)
            if cache is not None:  # only a build that succeeded updates the cache
                cache.take(staged_cache)
                cache.prune()
    except OSError as exc:
        report.add("unwritable-output", None, path=exc.filename or opts.out, detail=exc.strerror or str(exc))
        raise BuildError(report, report.errors[-1].message) from exc
    return result


def generate(seeds: Path, strict: bool = False, cache: Cache | None = None, progress: Progress | None = None,
             config_file: Path = Path("mkdocs.yml")) -> Result:
    """The gather phase alone: everything the build would write, in memory."""
    return build(Options(seeds=seeds, strict=strict, cache=False, progress=progress, config=config_file), write=False)


# --------------------------------------------------------------------------- steps of build()


def check_seeds(seeds: Path, report: Report) -> bool:
    if not seeds.exists():
        report.add("missing-seeds", None, path=seeds)
        return False
    if not seeds.is_dir():
        report.add("unreadable-seeds", None, path=seeds, detail="it is a file, not a folder")
        return False
    try:
        found = ingest.discover(seeds)
    except OSError as exc:
        report.add("unreadable-seeds", None, path=seeds, detail=exc.strerror or str(exc))
        return False
    if not found:
        report.add("empty-seeds", None, path=seeds)
        return False
    return True


def check_inputs(opts: Options, report: Report, write: bool) -> None:
    """What can be told before reading anything: the configuration, the seeds, the outputs."""
    if write and opts.html and not opts.config.is_file():
        report.add("mkdocs-failed", None, detail=f"the configuration {opts.config} does not exist; pass --config FILE")
    elif check_seeds(opts.seeds, report) and write:
        check_output(opts, report)
    fail_on_errors(report)


def check_output(opts: Options, report: Report) -> None:
    """Output problems that can be told before writing: overlaps with the seeds, files in the way."""
    out = opts.out
    seeds = opts.seeds.resolve()
    for name in OUTPUTS:
        target = (out / name).resolve()
        if target == seeds or target in seeds.parents:
            report.add("output-overlaps-seeds", None, path=out / name, seeds=opts.seeds)
    existing = next((p for p in (out, *out.parents) if p.exists()), None)  # out may not exist yet
    for path in (existing, *(out / name for name in OUTPUTS)):
        if path is not None and path.exists() and not path.is_dir():
            report.add("unwritable-output", None, path=path, detail="it is a file, not a folder; move it away")
            break
    if opts.offline_zip is not None:
        folder = opts.offline_zip.parent
        if not folder.is_dir():
            report.add("unwritable-output", None, path=folder,
                       detail="the folder of --offline-zip does not exist; create it first")
        elif opts.offline_zip.is_dir():
            report.add("unwritable-output", None, path=opts.offline_zip, detail="it is a folder; name a .zip file")


def fail_on_errors(report: Report, message: str | None = None) -> None:
    if report.errors:
        raise BuildError(report, f"{len(report.errors)} {message}" if message else report.errors[-1].message)


@contextlib.contextmanager
def step(name: str):
    """Turn an unexpected exception (a bug) of a whole-corpus step into an InternalError naming it."""
    try:
        yield
    except (BuildError, InternalError, KeyboardInterrupt):
        raise
    except Exception as exc:
        raise InternalError(name, exc) from exc


def build_epoch(corpus: Corpus, report: Report) -> int:
    try:
        return datapackage.build_epoch(corpus)
    except dates.BadEpoch as exc:
        report.add("bad-source-date-epoch", None, detail=str(exc))
        raise BuildError(report, report.errors[-1].message) from exc


def validate_package(folder: Path, owners: dict[str, list[str]], report: Report) -> None:
    """Frictionless validation of the staged package; errors name the document of a row."""
    problems = datapackage.validate(folder, owners)
    for file, message in problems[:20]:
        report.add("invalid-package", file, detail=message)
    if problems:
        raise BuildError(report, "the data package does not validate")


def start_render(opts: Options, staging: Staging, report: Report, epoch: int) -> Rendering:
    """MkDocs started on the staged pages, on all cores for a large site (stopped if the build fails)."""
    if opts.progress:
        opts.progress("html", 0, 1)
    workers = parallel.render_workers(report.stats.get("pages", 0))
    report.stats["render_workers"] = workers
    rendering = Rendering(opts.config, staging.path / "site_src", staging.path / "site", epoch, workers=workers)
    staging.callback(rendering.stop)
    return rendering


def render_html(opts: Options, staging: Path, report: Report, rendering: Rendering, search: indexer.Indexer,
                extras: dict[str, str | bytes], sitemap: bool = True) -> None:
    """MkDocs' pages into ``staging/site`` while the index is made; then the index and the extra files.
    Without ``sitemap`` (no site address), MkDocs' sitemap, which could list no address, is left out."""
    rendered = rendering.wait()
    search.rendered()  # the cores are the indexer's now
    started = rendering.started_at
    if not rendered.ok:
        report.add(rendered.code, None, **rendered.params)
        raise BuildError(report, RENDER_FAILED[rendered.code])
    if not sitemap:
        for name in ("sitemap.xml", "sitemap.xml.gz"):
            (staging / "site" / name).unlink(missing_ok=True)
    lap(report, "html", started)
    started = time.perf_counter()
    try:
        index = search.wait()
    except RuntimeError as exc:
        report.add("mkdocs-failed", None, detail=str(exc))
        raise BuildError(report, "the search index failed") from exc
    indexer.place(search.work, index, staging / "site" / indexer.INDEX_DIR)
    write_extras(staging / "site", extras)
    lap(report, "search_index", started)
    log.info("search: %d pages indexed (%d shards)", index["count"], index["shards"])
    if opts.progress:
        opts.progress("html", 1, 1)


def build_offline_zip(opts: Options, staging: Staging, report: Report, epoch: int,
                      extras: dict[str, str | bytes]) -> str:
    """The offline copy with the extra files (its catalogue), zipped beside its destination
    (the last move of the build cannot fail)."""
    started = time.perf_counter()
    folder = staging.path / "offline"
    rendered = render(opts.config, staging.path / "site_src", folder, epoch, offline=True)
    if not rendered.ok:
        report.add(rendered.code, None, **rendered.params)
        raise BuildError(report, RENDER_FAILED[rendered.code])
    write_extras(folder, extras)
    fd, zip_tmp = tempfile.mkstemp(prefix=f".{opts.offline_zip.name}.", dir=opts.offline_zip.parent)
    os.close(fd)
    staging.callback(lambda: os.path.exists(zip_tmp) and os.unlink(zip_tmp))
    offline.zip_folder(folder, Path(zip_tmp), epoch)
    lap(report, "offline", started)
    return zip_tmp


def write_extras(folder: Path, extras: dict[str, str | bytes]) -> None:
    for name, content in extras.items():
        (folder / name).write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))


def release_memory() -> None:
    """Give the memory of the corpus back: collected, and returned to the system (glibc
    keeps freed memory for reuse otherwise, and this process stays while MkDocs and the
    indexer run, each with memory of its own)."""
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc
        pass


def peak_rss_mb() -> dict:
    """Peak resident memory so far, of this process and of its finished children (MB)."""
    import resource

    return {who: round(resource.getrusage(kind).ru_maxrss / 1024, 1)
            for who, kind in (("self", resource.RUSAGE_SELF), ("children", resource.RUSAGE_CHILDREN))}


def lap(report: Report, stage: str, started: float) -> None:
    report.timings[stage] = round(time.perf_counter() - started, 3)
    report.memory[stage] = peak_rss_mb()


def compare(result: Result, out: Path) -> list[str]:
    """Paths under ``out`` whose content differs from what the seeds generate."""
    stale = []
    for name in ("site_src", "datapackage"):
        root = out / name
        expected = result.files[name]
        present = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()} if root.exists() else set()
        for rel_path in sorted(set(expected) | present):
            path = root / rel_path
            want = expected.get(rel_path)
            if want is None:
                stale.append(f"{name}/{rel_path} (not generated any more)")
                continue
            data = want.encode("utf-8") if isinstance(want, str) else want
            if not path.is_file():
                stale.append(f"{name}/{rel_path} (missing)")
            elif path.read_bytes() != data:
                stale.append(f"{name}/{rel_path}")
    return stale
