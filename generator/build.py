"""The build: read the seeds, process them, then write everything at once.

Phase one gathers (ingest → clean → extract → link → render pages and package) into
memory. Phase two writes into a temporary folder next to the outputs, validates the
package there, builds the HTML there, and only then swaps the new ``site_src/``,
``datapackage/`` and ``site/`` in. A failed build leaves the previous outputs as they
were.
"""
from __future__ import annotations

import contextlib
import logging
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from . import package, render
from .errors import BuildError, Report
from .ingest import discover, ingest
from .model import Corpus
from .pipeline import process

log = logging.getLogger(__name__)

OUTPUTS = ("site_src", "datapackage", "site")


@dataclass
class Options:
    seeds: Path = Path("seeds")
    out: Path = Path(".")  # site_src/, datapackage/ and site/ are written here
    html: bool = True
    strict: bool = False
    config: Path = Path("mkdocs.yml")


@dataclass
class Result:
    report: Report
    corpus: Corpus
    files: dict[str, dict[str, str | bytes]] = field(default_factory=dict)  # output → path → content


def check_seeds(seeds: Path, report: Report) -> bool:
    if not seeds.exists():
        report.add("missing-seeds", None, path=seeds)
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


def generate(seeds: Path, strict: bool = False) -> Result:
    """Phase one: everything the build writes, in memory. Raises BuildError on failure."""
    report = Report()
    if not check_seeds(seeds, report):
        raise BuildError(report, report.errors[0].message)
    sources = ingest(seeds, report)
    if report.errors:
        raise BuildError(report, f"{len(report.errors)} error(s) in the seeds")
    corpus = process(sources, report)
    if report.errors:
        raise BuildError(report, f"{len(report.errors)} error(s) in the seeds")
    data_files = package.render_package(corpus)
    problems = package.validate_files(data_files)
    if problems:
        report.add("invalid-package", None, detail="; ".join(problems[:5]))
        raise BuildError(report, "the data package does not validate")
    files = {"site_src": render.render_site(corpus, package.table_infos(data_files)), "datapackage": data_files}
    for name, content in data_files.items():
        files["site_src"][f"data/{name}"] = content
    report.stats["pages"] = sum(1 for p in files["site_src"] if p.endswith(".md"))
    return Result(report, corpus, files)


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
            target.write_text(content, encoding="utf-8", newline="\n")
        else:
            target.write_bytes(content)


def build_html(config_file: Path, docs_dir: Path, site_dir: Path, created_at: str) -> None:
    """Run MkDocs (strict) on ``docs_dir``; raises on failure."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    env_before = os.environ.get("SOURCE_DATE_EPOCH")
    if env_before is None:  # MkDocs stamps the sitemap: make the stamp the data's date
        os.environ["SOURCE_DATE_EPOCH"] = str(package.epoch_of(created_at))
    try:
        cfg = load_config(config_file=str(config_file), docs_dir=str(docs_dir), site_dir=str(site_dir),
                          strict=True)
        mkdocs_build(cfg)
    finally:
        if env_before is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)


def swap_in(staging: Path, out: Path, names: list[str]) -> None:
    """Replace ``out/<name>`` by ``staging/<name>`` for each name, restoring on failure."""
    backups: list[tuple[Path, Path]] = []
    moved: list[Path] = []
    try:
        for name in names:
            target = out / name
            if target.exists():
                backup = staging / f".old-{name}"
                os.replace(target, backup)
                backups.append((backup, target))
            os.replace(staging / name, target)
            moved.append(target)
    except OSError:
        for target in moved:
            shutil.rmtree(target, ignore_errors=True)
        for backup, target in backups:
            os.replace(backup, target)
        raise


def build(opts: Options) -> Result:
    """Generate, validate and write; the previous outputs stay unless all succeeded."""
    result = generate(opts.seeds, opts.strict)
    report = result.report
    if report.failed(opts.strict):
        raise BuildError(report, "warnings in strict mode" if not report.errors else "errors")
    # ---- phase two: write into a staging folder, validate, render HTML, swap in ----
    out = opts.out
    try:
        out.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".gongkai-build-", dir=out))
    except OSError as exc:
        report.add("unwritable-output", None, path=out, detail=exc.strerror or str(exc))
        raise BuildError(report, report.errors[-1].message) from exc
    try:
        for name in ("site_src", "datapackage"):
            write_tree(staging / name, result.files[name])
        names = ["site_src", "datapackage"]
        if opts.html:
            try:
                build_html(opts.config, staging / "site_src", staging / "site",
                           package.created(result.corpus))
            except Exception as exc:  # MkDocs raises its own Abort/ConfigurationError types
                report.add("mkdocs-failed", None, detail=str(exc) or type(exc).__name__)
                raise BuildError(report, "MkDocs failed") from exc
            names.append("site")
        swap_in(staging, out, names)
    except OSError as exc:
        report.add("unwritable-output", None, path=out, detail=exc.strerror or str(exc))
        raise BuildError(report, report.errors[-1].message) from exc
    finally:
        with contextlib.suppress(OSError):
            shutil.rmtree(staging)
    return result


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
