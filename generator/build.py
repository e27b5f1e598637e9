"""The build: read the seeds, process them, then write everything at once.

Phase one gathers (ingest → clean → extract → link → render pages and package) into
memory. Phase two writes into a staging folder next to the outputs (``OUT/.gongkai-build-*``),
builds the HTML there, and only then swaps the new ``site_src/``, ``datapackage/`` and
``site/`` in. A failed build leaves the previous outputs as they were.

The swap exchanges each folder with its new version in one ``renameat2(RENAME_EXCHANGE)``
call where Linux offers it, so no output is ever missing. The three exchanges are not one
atomic step: a journal in the staging folder records the new folders before the first
one, and the next build completes a swap a killed build left half done, then removes
leftover staging folders. Builds into one folder take turns (an exclusive ``flock`` on it).
"""
from __future__ import annotations

import contextlib
import ctypes
import errno
import json
import logging
import os
import shutil
import tempfile
import unicodedata
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import yaml

from . import dates, offline, package, render
from .cache import Cache
from .errors import BuildError, InternalError, Report
from .html_guard import UnsafeHTML
from .ingest import discover, ingest
from .model import Corpus
from .pipeline import process

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Windows
    fcntl = None

log = logging.getLogger(__name__)

OUTPUTS = ("site_src", "datapackage", "site")
STAGING_PREFIX = ".gongkai-build-"
JOURNAL = ".swap.json"


Progress = Callable[[str, int, int], None]  # (stage, done, total)
CACHE_DIR = ".gongkai-cache"


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
    owners: dict[str, list[str]] = field(default_factory=dict)  # file of each row of each table


# --------------------------------------------------------------------------- phase one


def check_seeds(seeds: Path, report: Report) -> bool:
    if not seeds.exists():
        report.add("missing-seeds", None, path=seeds)
        return False
    if not seeds.is_dir():
        report.add("unreadable-seeds", None, path=seeds, detail="it is a file, not a folder")
        return False
    try:
        found = discover(seeds)
    except OSError as exc:
        report.add("unreadable-seeds", None, path=seeds, detail=exc.strerror or str(exc))
        return False
    if not found:
        report.add("empty-seeds", None, path=seeds)
        return False
    return True


def url_of(rel_path: str) -> str:
    """The address MkDocs gives a page (``use_directory_urls``), for clash checks."""
    if not rel_path.endswith(".md"):
        return rel_path
    stem = rel_path[:-3]
    head, _, name = stem.rpartition("/")
    if name.casefold() in ("index", "readme"):
        return head + "/"
    return stem + "/"


def check_front_matter(pages: dict[str, str | bytes], report: Report) -> None:
    """Every page that starts with ``---`` has front matter that parses back to a mapping.

    MkDocs treats front matter it cannot parse as Markdown, raw HTML included, without a
    word: this guard makes any such page fail the build.
    """
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for path, content in pages.items():
        if not path.endswith(".md") or not isinstance(content, str) or not content.startswith("---\n"):
            continue
        end = content.find("\n---\n", 3)
        detail = "it is not closed by ---" if end < 0 else None
        if detail is None:
            try:
                data = yaml.load(content[4:end + 1], Loader=loader)  # noqa: S506 (a safe loader)
                if not isinstance(data, dict):
                    detail = "it is not a mapping of fields"
            except yaml.YAMLError as exc:
                detail = str(getattr(exc, "problem", None) or exc).splitlines()[0][:120]
        if detail:
            report.add("bad-front-matter", None, path=f"site_src/{path}", detail=detail)


def check_paths(files: dict[str, dict[str, str | bytes]], report: Report) -> None:
    """Every output path is relative, stays inside its folder and names one file.

    Two paths clash when they differ only in case or Unicode normalisation (one file on
    macOS and Windows disks) or become the same page address.
    """
    for output, tree in files.items():
        seen: dict[str, str] = {}
        for rel_path in sorted(tree):
            parts = rel_path.split("/")
            if (not rel_path or rel_path.startswith("/") or "\\" in rel_path or "\x00" in rel_path
                    or any(p in ("", ".", "..") for p in parts)
                    or any(len(p.encode("utf-8", "surrogatepass")) > 255 for p in parts)):
                report.add("bad-output-path", None, path=f"{output}/{rel_path}",
                           detail="it would leave its folder or is not a valid file name")
                continue
            if output == "site_src" and rel_path.startswith("originals/") and rel_path.lower().endswith(".md"):
                report.add("bad-output-path", None, path=f"{output}/{rel_path}",
                           detail="MkDocs would publish this original as a page, with any HTML in it")
                continue
            key = unicodedata.normalize("NFC", url_of(rel_path)).casefold()
            if key in seen:
                report.add("bad-output-path", None, path=f"{output}/{rel_path}",
                           detail=f"it clashes with {output}/{seen[key]} (one address once case is set aside); "
                                  "make the two names agree, in a sidecar if they come from the text")
                continue
            seen[key] = rel_path


@contextlib.contextmanager
def step(name: str):
    """Turn an unexpected exception (a bug) of a whole-corpus step into an InternalError naming it."""
    try:
        yield
    except (BuildError, InternalError, KeyboardInterrupt):
        raise
    except Exception as exc:
        raise InternalError(name, exc) from exc


def generate(seeds: Path, strict: bool = False, cache: Cache | None = None,
             progress: Progress | None = None) -> Result:
    """Phase one: everything the build writes, in memory. Raises BuildError on failure."""
    started = time.perf_counter()
    report = Report()
    if not check_seeds(seeds, report):
        raise BuildError(report, report.errors[0].message)
    sources = ingest(seeds, report)
    if report.errors:
        raise BuildError(report, f"{len(report.errors)} error(s) in the seeds")
    with step("the corpus (cleaning, extraction, links)"):
        corpus, fresh = process(sources, report, cache, progress)
    if report.errors:
        raise BuildError(report, f"{len(report.errors)} error(s) in the seeds")
    try:
        epoch = package.build_epoch(corpus)
    except dates.BadEpoch as exc:
        report.add("bad-source-date-epoch", None, detail=str(exc))
        raise BuildError(report, report.errors[-1].message) from exc
    with step("the data package"):
        data_files, formulas = package.render_package(corpus, epoch)
    for cell in formulas:
        report.add("formula-like-cell", cell.pop("file"), **cell)
    with step("the pages of the site"):
        site_src = render.render_site(corpus, package.table_infos(data_files), progress)
    for name, content in data_files.items():
        site_src[f"data/{name}"] = content
    files = {"site_src": site_src, "datapackage": data_files}
    for path in site_src.clashes:
        report.add("bad-output-path", None, path=f"site_src/{path}",
                   detail="two generated pages would be written there (a document or term named like a listing page); "
                          "rename the file or set the term in a sidecar")
    check_paths(files, report)
    check_front_matter(site_src, report)
    if report.errors:
        raise BuildError(report, "unsafe output paths or pages")
    report.stats["pages"] = sum(1 for p in files["site_src"] if p.endswith(".md"))
    report.timings["generate"] = round(time.perf_counter() - started, 3)
    report.memory["generate"] = peak_rss_mb()
    return Result(report, corpus, files, fresh, epoch, package.row_owners(corpus))


def peak_rss_mb() -> dict:
    """Peak resident memory so far, of this process and of its finished children (MB)."""
    import resource

    return {who: round(resource.getrusage(kind).ru_maxrss / 1024, 1)
            for who, kind in (("self", resource.RUSAGE_SELF), ("children", resource.RUSAGE_CHILDREN))}


# --------------------------------------------------------------------------- phase two


def write_tree(root: Path, files: dict[str, str | bytes]) -> None:
    """Write ``files`` under ``root``, refusing any path that would leave it."""
    root = root.resolve()
    for rel_path in sorted(files):
        target = (root / rel_path).resolve()
        if root not in target.parents:
            raise ValueError(f"refusing to write {rel_path!r} outside {root}")
        target.parent.mkdir(parents=True, exist_ok=True)
        content = files[rel_path]
        if isinstance(content, str):
            content = content.encode("utf-8")
        with open(target, "xb") as f:  # "x": never write one path twice
            f.write(content)


@contextlib.contextmanager
def source_date(epoch: int):
    """SOURCE_DATE_EPOCH for MkDocs, which stamps the sitemap: the data's date unless set."""
    env_before = os.environ.get(dates.EPOCH_ENV)
    os.environ[dates.EPOCH_ENV] = str(dates.mkdocs_epoch(epoch))
    try:
        yield epoch
    finally:
        if env_before is None:
            os.environ.pop(dates.EPOCH_ENV, None)
        else:
            os.environ[dates.EPOCH_ENV] = env_before


def build_html(config_file: Path, docs_dir: Path, site_dir: Path, epoch: int) -> dict:
    """Run MkDocs (strict) on ``docs_dir``; raises on failure. Returns the config's ``extra``
    (where hooks leave figures such as the search index's build time)."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    with source_date(epoch):
        cfg = load_config(config_file=str(config_file), docs_dir=str(docs_dir), site_dir=str(site_dir),
                          strict=True)
        mkdocs_build(cfg)
    return dict(cfg.get("extra") or {})


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _renameat2():
    try:
        fn = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return None
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    return fn


def exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two existing paths; False where the system cannot."""
    fn = _renameat2()
    if fn is None:
        return False
    if fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def _replace(new: Path, target: Path, staging: Path) -> None:
    """Put ``new`` at ``target``; the previous ``target`` ends up inside ``staging``."""
    if not target.exists():
        os.rename(new, target)
    elif not exchange(new, target):
        os.replace(target, staging / f".old-{target.name}")  # a short moment without target
        os.rename(new, target)


def _put_back(staging: Path, target: Path, swapped: bool) -> None:
    """Undo :func:`_replace` of ``target``: the previous version (or none) is there again."""
    exchanged, backup = staging / target.name, staging / f".old-{target.name}"
    if swapped and exchanged.exists():
        exchange(exchanged, target)
    elif backup.exists():  # moved aside by the two-rename fallback
        if swapped:
            shutil.rmtree(target)
        os.rename(backup, target)
    elif swapped:  # there was no previous version
        shutil.rmtree(target)


def swap_in(staging: Path, out: Path, names: list[str]) -> None:
    """Replace ``out/<name>`` by ``staging/<name>`` for each name, restoring on failure.

    A journal (``staging/.swap.json``) records the new folders first, so that a swap
    interrupted by a kill is completed by the next build (:func:`recover`).
    """
    journal = {name: (staging / name).stat().st_ino for name in names}
    tmp = staging / (JOURNAL + ".tmp")
    tmp.write_text(json.dumps(journal), encoding="utf-8")
    os.replace(tmp, staging / JOURNAL)
    done: list[str] = []
    try:
        for name in names:
            _replace(staging / name, out / name, staging)
            done.append(name)
    except OSError:
        (staging / JOURNAL).unlink()  # this swap must not be completed later
        for name in reversed(names[:len(done) + 1]):  # put the previous outputs back
            with contextlib.suppress(OSError):
                _put_back(staging, out / name, swapped=name in done)
        raise
    (staging / JOURNAL).unlink()


def recover(out: Path) -> None:
    """Complete swaps a killed build left half done; remove leftover staging folders.

    Call with the output folder locked (:func:`locked`), so no other build is using them.
    """
    if not out.is_dir():
        return
    for staging in sorted(out.glob(STAGING_PREFIX + "*")):
        if staging.is_symlink() or not staging.is_dir():
            continue
        journal = staging / JOURNAL
        if journal.is_file():
            try:
                inodes = json.loads(journal.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                inodes = {}
            for name, inode in inodes.items():
                new, target = staging / name, out / name
                if target.exists() and target.stat().st_ino == inode:
                    continue  # already swapped
                if new.exists() and new.stat().st_ino == inode:
                    log.warning("completing an interrupted build: %s", target)
                    _replace(new, target, staging)
        shutil.rmtree(staging, ignore_errors=True)


@contextlib.contextmanager
def locked(out: Path):
    """Hold an exclusive lock on the output folder (one build writes into it at a time)."""
    fd = os.open(out, os.O_RDONLY)
    try:
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
            except OSError as exc:  # some network file systems cannot lock
                log.warning("cannot lock %s (%s); make sure no other build writes there", out, exc)
        yield
    finally:
        os.close(fd)  # also releases the lock


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


def build(opts: Options) -> Result:
    """Generate, validate and write; the previous outputs stay unless all succeeded.

    The result's ``files``, ``corpus`` and ``prepared`` are empty once written, before
    MkDocs, which then has their memory (``generate`` returns them).
    """
    out = opts.out
    if opts.html and not opts.config.is_file():
        report = Report()
        report.add("mkdocs-failed", None, detail=f"the configuration {opts.config} does not exist; pass --config FILE")
        raise BuildError(report, report.errors[0].message)
    with contextlib.suppress(OSError), locked(out):
        recover(out)  # before anything can fail: a half-done swap of a killed build is completed
    cache = Cache(out / CACHE_DIR) if opts.cache else None
    result = generate(opts.seeds, opts.strict, cache, opts.progress)
    report = result.report
    if report.failed(opts.strict):
        raise BuildError(report, "warnings in strict mode" if not report.errors else "errors")
    check_output(opts, report)
    if report.errors:
        raise BuildError(report, report.errors[-1].message)
    # ---- phase two: write into a staging folder, render HTML, swap in ----
    with contextlib.ExitStack() as stack:
        try:
            out.mkdir(parents=True, exist_ok=True)
            stack.enter_context(locked(out))
            recover(out)
            staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out))
        except OSError as exc:
            report.add("unwritable-output", None, path=out, detail=exc.strerror or str(exc))
            raise BuildError(report, report.errors[-1].message) from exc
        stack.callback(shutil.rmtree, staging, ignore_errors=True)
        try:
            for name in ("site_src", "datapackage"):
                write_tree(staging / name, result.files[name])
            result.files.clear()  # written: let MkDocs have the memory (hundreds of MB at 10,000 documents)
            validate_package(staging / "datapackage", result.owners, report)
            staged_cache = Cache(staging / CACHE_DIR) if cache is not None else None
            for doc in result.prepared if staged_cache else ():  # into the cache once all succeeded
                staged_cache.put(doc)
            result.corpus, result.prepared = Corpus([]), []  # the same for the documents
            names = ["site_src", "datapackage"]
            if opts.html:
                render_html(opts, staging, report, result.epoch)
                names.append("site")
            zip_tmp = None
            if opts.offline_zip:
                build_offline_zip(opts, staging, report, result.epoch)
                # beside its destination before anything is swapped in: the last move cannot fail
                fd, zip_tmp = tempfile.mkstemp(prefix=f".{opts.offline_zip.name}.", dir=opts.offline_zip.parent)
                os.close(fd)
                stack.callback(lambda: os.path.exists(zip_tmp) and os.unlink(zip_tmp))
                shutil.copyfile(staging / "offline.zip", zip_tmp)
            swap_in(staging, out, names)
            if zip_tmp:
                os.replace(zip_tmp, opts.offline_zip)
            if cache is not None:  # only a build that succeeded updates the cache
                cache.take(staged_cache)
                cache.prune()
        except OSError as exc:
            report.add("unwritable-output", None, path=exc.filename or out, detail=exc.strerror or str(exc))
            raise BuildError(report, report.errors[-1].message) from exc
    return result


def validate_package(folder: Path, owners: dict[str, list[str]], report: Report) -> None:
    """Frictionless validation of the staged package; errors name the document of a row."""
    problems = package.validate(folder, owners)
    for file, message in problems[:20]:
        report.add("invalid-package", file, detail=message)
    if problems:
        raise BuildError(report, "the data package does not validate")


def render_html(opts: Options, staging: Path, report: Report, epoch: int) -> None:
    """MkDocs into ``staging/site``; failures become ``mkdocs-failed``."""
    if opts.progress:
        opts.progress("html", 0, 1)
    started = time.perf_counter()
    try:
        extra = build_html(opts.config, staging / "site_src", staging / "site", epoch)
    except UnsafeHTML as exc:
        report.add("unsafe-html", None, path=f"site/{exc.path}", what=exc.what, snippet=exc.snippet)
        raise BuildError(report, "the built site holds executable content") from exc
    except Exception as exc:  # MkDocs raises its own Abort/ConfigurationError types
        report.add("mkdocs-failed", None, detail=str(exc) or type(exc).__name__)
        raise BuildError(report, "MkDocs failed") from exc
    report.memory["html"] = peak_rss_mb()
    index = extra.get("gongkai_search_index_seconds")
    report.timings["html"] = round(time.perf_counter() - started - (index or 0), 3)
    if index is not None:
        report.timings["search_index"] = round(index, 3)
    if opts.progress:
        opts.progress("html", 1, 1)


def build_offline_zip(opts: Options, staging: Path, report: Report, epoch: int) -> None:
    """The offline copy of the pages, zipped into ``staging/offline.zip``."""
    started = time.perf_counter()
    try:
        with source_date(epoch):
            offline.build_offline(opts.config, staging / "site_src", staging / "offline")
            offline.zip_folder(staging / "offline", staging / "offline.zip", epoch)
    except UnsafeHTML as exc:
        report.add("unsafe-html", None, path=f"offline/{exc.path}", what=exc.what, snippet=exc.snippet)
        raise BuildError(report, "the offline copy holds executable content") from exc
    except Exception as exc:
        report.add("mkdocs-failed", None, detail=f"offline copy: {exc or type(exc).__name__}")
        raise BuildError(report, "MkDocs failed") from exc
    report.timings["offline"] = round(time.perf_counter() - started, 3)


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
