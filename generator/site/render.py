"""The HTML of the site: MkDocs renders ``site_src/`` into ``site/``, in a process of its own.

MkDocs runs strict, in a separate process (:func:`render`), so that it has the machine's
memory to itself, cannot touch the build's own state, and gets the build's date the way
it reads it (``SOURCE_DATE_EPOCH``) without the build's environment changing. Its result
comes back as JSON: success, or the problem code and details the build reports.

Run as ``python -m generator.site.render CONFIG DOCS_DIR SITE_DIR RESULT [--offline]``.
"""
from __future__ import annotations

import json
import logging
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .. import dates, parallel

log = logging.getLogger(__name__)


@dataclass
class Rendered:
    ok: bool
    code: str | None = None  # the problem code when it failed (mkdocs-failed, unsafe-html)
    params: dict | None = None  # the problem's message parameters


def render(config_file: Path, docs_dir: Path, site_dir: Path, epoch: int, offline: bool = False) -> Rendered:
    """Run MkDocs on ``docs_dir`` into ``site_dir`` (see the module docstring)."""
    result = site_dir.parent / f".{site_dir.name}-render.json"
    args = [str(config_file), str(docs_dir), str(site_dir), str(result)] + (["--offline"] if offline else [])
    process = parallel.start(__name__, *args, env={dates.EPOCH_ENV: str(dates.mkdocs_epoch(epoch))},
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output, _ = process.communicate()
    for line in output.splitlines():
        log.info("mkdocs: %s", line)
    try:
        data = json.loads(result.read_text(encoding="utf-8"))
        result.unlink()
    except (OSError, ValueError):
        tail = " ".join(output.strip().splitlines()[-3:])[-300:]
        return Rendered(False, "mkdocs-failed", {"detail": f"MkDocs stopped (exit code {process.returncode}) {tail}"})
    return Rendered(**data)


def _run(config_file: str, docs_dir: str, site_dir: str, offline: bool) -> Rendered:
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
    try:
        settings = offline_settings() if offline else {}
        extra = settings.pop("extra", {})
        cfg = load_config(config_file=config_file, docs_dir=docs_dir, site_dir=site_dir, strict=True, **settings)
        cfg["extra"].update(extra)
        build(cfg)
    except UnsafeHTML as exc:
        where = "offline" if offline else "site"
        return Rendered(False, "unsafe-html", {"path": f"{where}/{exc.path}", "what": exc.what, "snippet": exc.snippet})
    except Exception as exc:  # MkDocs raises its own Abort/ConfigurationError types
        detail = str(exc) or type(exc).__name__
        if warnings:
            detail += " (" + "; ".join(w[:200] for w in warnings[:3]) + ")"
        return Rendered(False, "mkdocs-failed", {"detail": ("offline copy: " if offline else "") + detail})
    return Rendered(True)


def main(argv: list[str]) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    config_file, docs_dir, site_dir, result = argv[:4]
    rendered = _run(config_file, docs_dir, site_dir, "--offline" in argv[4:])
    Path(result).write_text(json.dumps(rendered.__dict__, ensure_ascii=False), encoding="utf-8")
    return 0 if rendered.ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
