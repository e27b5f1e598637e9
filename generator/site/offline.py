"""The offline copy: the site as a folder that works opened from disk, and its zip.

Offices without hosting open ``index.html`` from the folder (or the unpacked zip). The
copy is rendered from the same pages with Material's offline plugin: plain ``.html``
links instead of folder URLs, and Material's own search (jieba-segmented, with the domain
dictionary) with its index inlined, because the hosted site's Pagefind search needs a
web server. The iframe-worker shim the offline plugin needs is vendored in the theme, so
the copy loads nothing from other hosts.
"""
from __future__ import annotations

import logging
from pathlib import Path

from ..store.archive import write_zip

OFFLINE_PLUGINS = [
    {"search": {"lang": "zh", "separator": r"[\s\u200b\-]"}},
    "offline",
    {"gongkai": {"spool": False}},  # Material's search reads every page's content after it is converted
]
OFFLINE_JAVASCRIPT = [{"path": "assets/gongkai-tables.min.js", "defer": True}]  # not gongkai-search.js: Material's search instead
SHIM = "assets/vendor/iframe-worker/shim.js"


def offline_settings() -> dict:
    """What the offline copy's MkDocs configuration changes (and jieba's dictionary, which
    Material's search segments with: domain terms stay whole)."""
    import jieba

    from .search import domain_terms

    jieba.setLogLevel(logging.WARNING)
    for term in domain_terms():
        jieba.add_word(term, freq=200000)
    return {"plugins": OFFLINE_PLUGINS, "use_directory_urls": False,
            "extra": {"polyfills": [SHIM], "gongkai_offline": True}, "extra_javascript": OFFLINE_JAVASCRIPT}


def zip_folder(folder: Path, target: Path, epoch: int) -> None:
    """A reproducible zip of ``folder``."""
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    with open(target, "wb") as f:
        write_zip(f, ((p.relative_to(folder).as_posix(), p.read_bytes()) for p in files), epoch)
