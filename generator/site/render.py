"""The HTML of the site: MkDocs renders ``site_src/`` into ``site/``, in processes of its own.

MkDocs runs strict, in separate processes (:func:`render`), so that it has the machine's
memory to itself, cannot touch the build's own state, and gets the build's date the way
it reads it (``SOURCE_DATE_EPOCH``) without the build's environment changing. Its result
comes back as JSON: success, or the problem code and details the build reports.

A large site is rendered by several processes at once, one per core
(``parallel.render_workers``), each running MkDocs' whole build with the same
configuration, files and navigation over its *share* of the pages: the gongkai plugin
marks the other pages, and for all but the first share the static files and the theme's
own templates (404.html, sitemap.xml), as unmodified, and MkDocs' ``dirty`` build then
neither reads nor writes them. Every page is built exactly as a single process builds
it, so the HTML is byte-identical (tests/integration/test_parallel_render.py compares the
trees). A link to an anchor of a page another process rendered is checked here, from the
anchors each process reports, with MkDocs' own message.

Run as ``python -m generator.site.render CONFIG DOCS_DIR SITE_DIR RESULT [--offline] [--share I/N]``.
"""
from __future__ import annotations

import json
import logging
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from .. import dates, parallel

log = logging.getLogger(__name__)
DIRTY_WARNING = "A 'dirty' build is being performed"  # MkDocs warns so; a share's build is dirty by design


@dataclass
class Rendered:
    ok: bool
    code: str | None = None  # the problem code when it failed (mkdocs-failed, unsafe-html)
    params: dict | None = None  # the problem's message parameters
    anchors: dict = field(default_factory=dict)  # page → its anchors (a share's pages)
    links: dict = field(default_factory=dict)  # page → {linked page: {anchor: link as written}}, pages not in the share

    def problem(self) -> dict:
        return {"ok": self.ok, "code": self.code, "params": self.params}


class Rendering:
    """MkDocs started on ``docs_dir`` into ``site_dir`` (see the module docstring), in
    ``workers`` processes: :meth:`wait` for the result, or :meth:`stop` them."""

    def __init__(self, config_file: Path, docs_dir: Path, site_dir: Path, epoch: int, offline: bool = False,
                 workers: int = 1):
        env = {dates.EPOCH_ENV: str(dates.mkdocs_epoch(epoch))}
        self.started_at = time.perf_counter()
        self.started = []
        for i in range(workers):
            result = site_dir.parent / f".{site_dir.name}-render-{i}.json"
            output = site_dir.parent / f".{site_dir.name}-render-{i}.log"
            args = [str(config_file), str(docs_dir), str(site_dir), str(result)] + (["--offline"] if offline else [])
            if workers > 1:
                args += ["--share", f"{i}/{workers}"]
            with open(output, "w", encoding="utf-8") as out:  # a file, not a pipe: no process waits on another's
                process = parallel.start(__name__, *args, env=env, stdout=out, stderr=subprocess.STDOUT)
            self.started.append((process, result, output))

    def wait(self) -> Rendered:
        shares = [_finish(*s) for s in self.started]
        failed = next((r for r in shares if not r.ok), None)
        if failed:
            return Rendered(False, failed.code, failed.params)
        return _check_anchors(shares)

    def stop(self) -> None:
        """Stop the processes still running (a failed build)."""
        for process, _, _ in self.started:
            if process.poll() is None:
                process.kill()
                process.wait()


def render(config_file: Path, docs_dir: Path, site_dir: Path, epoch: int, offline: bool = False,
           workers: int = 1) -> Rendered:
    """Run MkDocs on ``docs_dir`` into ``site_dir`` (see the module docstring), in ``workers`` processes."""
    return Rendering(config_file, docs_dir, site_dir, epoch, offline, workers).wait()


def _finish(process: subprocess.Popen, result: Path, output: Path) -> Rendered:
    process.wait()
    text = output.read_text(encoding="utf-8", errors="replace")
    output.unlink()
    for line in text.splitlines():
        log.info("mkdocs: %s", line)
    try:
        data = json.loads(result.read_text(encoding="utf-8"))
        result.unlink()
    except (OSError, ValueError):
        tail = " ".join(text.strip().splitlines()[-3:])[-300:]
        return Rendered(False, "mkdocs-failed", {"detail": f"MkDocs stopped (exit code {process.returncode}) {tail}"})
    return Rendered(**data)


def _check_anchors(shares: list[Rendered]) -> Rendered:
    """Links to anchors of pages that another share rendered, checked as MkDocs checks
    the others (``validation.links.anchors``, strict: a missing one fails the build)."""
    anchors = {page: set(ids) for r in shares for page, ids in r.anchors.items()}
    missing = []
    for r in shares:
        for page, targets in r.links.items():
            for target, links in targets.items():
                present = anchors.get(target)
                for anchor, original in links.items():
                    if present is not None and anchor not in present:
                        missing.append(f"Doc file '{page}' contains a link '{original}', but the doc "
                                       f"'{target}' does not contain an anchor '#{anchor}'.")
    if missing:
        return Rendered(False, "mkdocs-failed", {"detail": f"Aborted with {len(missing)} warnings in strict mode! "
                                                           f"({'; '.join(m[:200] for m in sorted(missing)[:3])})"})
    return Rendered(True)


def _share(text: str | None) -> tuple[int, int] | None:
    if not text:
        return None
    i, n = (int(x) for x in text.split("/"))
    return i, n


def _run(config_file: str, docs_dir: str, site_dir: str, offline: bool, share: tuple[int, int] | None = None) -> Rendered:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from .html_guard import UnsafeHTML
    from .offline import offline_settings

    warnings: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno >= logging.WARNING:
                warnings.append(record.getMessage())

    logging.getLogger("mkdocs").addHandler(Collect())
    if share:
        logging.getLogger("mkdocs.commands.build").addFilter(lambda r: not r.getMessage().startswith(DIRTY_WARNING))
    try:
        settings = offline_settings() if offline else {}
        extra = settings.pop("extra", {})
        cfg = load_config(config_file=config_file, docs_dir=docs_dir, site_dir=site_dir, strict=True, **settings)
        cfg["extra"].update(extra)
        plugin = cfg.plugins["gongkai"]
        if share:
            plugin.config["share"] = f"{share[0]}/{share[1]}"
        build(cfg, dirty=bool(share))
    except UnsafeHTML as exc:
        where = "offline" if offline else "site"
        return Rendered(False, "unsafe-html", {"path": f"{where}/{exc.path}", "what": exc.what, "snippet": exc.snippet})
    except Exception as exc:  # MkDocs raises its own Abort/ConfigurationError types
        detail = str(exc) or type(exc).__name__
        if warnings:
            detail += " (" + "; ".join(w[:200] for w in warnings[:3]) + ")"
        return Rendered(False, "mkdocs-failed", {"detail": ("offline copy: " if offline else "") + detail})
    if not share:
        return Rendered(True)
    return Rendered(True, anchors=plugin.share_anchors, links=plugin.share_links)


def main(argv: list[str]) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    config_file, docs_dir, site_dir, result = argv[:4]
    rest = argv[4:]
    share = _share(rest[rest.index("--share") + 1]) if "--share" in rest else None
    rendered = _run(config_file, docs_dir, site_dir, "--offline" in rest, share)
    data = rendered.problem() | ({"anchors": rendered.anchors, "links": rendered.links} if rendered.ok else {})
    Path(result).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return 0 if rendered.ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
