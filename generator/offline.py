"""The offline copy: the site as a folder that works opened from disk, and its zip.

Offices without hosting open ``index.html`` from the folder (or the unpacked zip). The
copy is built from the same pages with Material's offline plugin: plain ``.html`` links
instead of folder URLs, and Material's own search (jieba-segmented, with the domain
dictionary) with its index inlined, because the hosted site's Pagefind search needs a
web server. The iframe-worker shim the offline plugin needs is vendored in the theme, so
the copy loads nothing from other hosts.
"""
from __future__ import annotations

import os
import zipfile
from pathlib import Path

from . import dates

OFFLINE_PLUGINS = [
    {"search": {"lang": "zh", "separator": r"[\s\u200b\-]"}},
    "offline",
    "tags",
]
OFFLINE_HOOKS = ["generator/site_hooks.py", "generator/escape_hooks.py"]  # as the site, without the Pagefind index
OFFLINE_JAVASCRIPT = ["assets/gongkai-tables.js"]  # not gongkai-search.js: Material's search instead
SHIM = "assets/vendor/iframe-worker/shim.js"


def build_offline(config_file: Path, docs_dir: Path, site_dir: Path) -> None:
    """Build the offline copy of ``docs_dir`` into ``site_dir`` (MkDocs, strict)."""
    import logging

    import jieba
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    from .search import domain_terms

    jieba.setLogLevel(logging.WARNING)
    for term in domain_terms():  # Material's search segments with jieba: keep domain terms whole
        jieba.add_word(term, freq=200000)
    cfg = load_config(
        config_file=str(config_file), docs_dir=str(docs_dir), site_dir=str(site_dir), strict=True,
        plugins=OFFLINE_PLUGINS, hooks=OFFLINE_HOOKS, use_directory_urls=False,
        extra={"polyfills": [SHIM], "gongkai_offline": True},
        extra_javascript=OFFLINE_JAVASCRIPT,
    )
    mkdocs_build(cfg)


def zip_folder(folder: Path, target: Path, epoch: int) -> None:
    """A reproducible zip of ``folder``: sorted entries, fixed dates and permissions."""
    stamp = dates.zip_time(epoch)
    tmp = target.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(path.relative_to(folder).as_posix(), date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, path.read_bytes())
    os.replace(tmp, target)
