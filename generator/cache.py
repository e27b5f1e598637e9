"""A cache of cleaned and extracted documents, so a rebuild redoes only what changed.

Entries are keyed by the document's bytes, its sidecar and the generator's fingerprint
(version, code and vocabularies), so any change to the input or to the rules that
read it makes the entry miss. One pickle file per document id; unknown files are
pruned after a build.
"""
from __future__ import annotations

import functools
import hashlib
import logging
import os
import pickle
import tempfile
from pathlib import Path

from . import __version__
from .model import Document, Source

log = logging.getLogger(__name__)
PACKAGE_DIR = Path(__file__).parent


@functools.cache
def fingerprint() -> str:
    """Version of the generator plus a hash of its code and data files."""
    h = hashlib.sha256(__version__.encode())
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.suffix in (".py", ".yml", ".json") and "__pycache__" not in path.parts:
            h.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


def key(source: Source) -> str:
    h = hashlib.sha256(source.raw)
    h.update(repr(sorted(source.sidecar.items())).encode())
    h.update(source.name.encode())
    h.update(fingerprint().encode())
    return h.hexdigest()


class Cache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.used: set[str] = set()

    def _path(self, source: Source) -> Path:
        return self.folder / f"{hashlib.sha1(source.id.encode()).hexdigest()}.pickle"

    def get(self, source: Source) -> Document | None:
        path = self._path(source)
        self.used.add(path.name)
        try:
            with open(path, "rb") as f:
                stored_key, doc = pickle.load(f)
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, AttributeError, ImportError):
            return None
        if stored_key != key(source):
            return None
        # the cached document keeps everything but the raw bytes, which we have
        return doc.__class__(**{**doc.__dict__, "source": source})

    def put(self, doc: Document) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            with os.fdopen(fd, "wb") as f:
                pickle.dump((key(doc.source), doc), f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self._path(doc.source))
        except OSError as exc:  # a cache that cannot be written only costs time
            log.warning("cannot write the cache in %s: %s", self.folder, exc)

    def take(self, other: Cache) -> None:
        """Move the entries of ``other`` (written by a build into its staging folder) here."""
        if not other.folder.is_dir():
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            for path in sorted(other.folder.glob("*.pickle")):
                os.replace(path, self.folder / path.name)
        except OSError as exc:
            log.warning("cannot write the cache in %s: %s", self.folder, exc)

    def prune(self) -> None:
        if not self.folder.is_dir():
            return
        for path in self.folder.glob("*.pickle"):
            if path.name not in self.used:
                path.unlink(missing_ok=True)
