"""A cache of cleaned and extracted documents, so a rebuild redoes only what changed.

Entries are keyed by the document's bytes, its sidecar and the generator's fingerprint
(version, code and vocabularies), so any change to the input or to the rules that
read it makes the entry miss. One JSON file per document id: data, never code, so that
whoever can write the cache folder cannot run anything in the next build. An entry of the
wrong shape is ignored (and counted in ``ignored``); unknown files are pruned after a build.
"""
from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import tempfile
from dataclasses import asdict, fields
from pathlib import Path

from .. import __version__
from ..model import Block, Citation, Document, Dropped, Indicator, Metadata, Note, Source

log = logging.getLogger(__name__)
PACKAGE_DIR = Path(__file__).parents[1]
SUFFIX = ".json"


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
    h = hashlib.sha256(source.sha256.encode())
    h.update(source.text.encode("utf-8", "surrogatepass"))
    h.update(json.dumps(source.sidecar, sort_keys=True, ensure_ascii=False).encode("utf-8", "surrogatepass"))
    h.update(source.name.encode("utf-8", "surrogatepass"))
    h.update(fingerprint().encode())
    return h.hexdigest()


def _make(cls, data: dict):
    """A dataclass from its JSON dict: exactly its fields, tuples where it holds tuples."""
    names = [f.name for f in fields(cls)]
    if not isinstance(data, dict) or set(data) != set(names):
        raise ValueError(f"not a {cls.__name__}")
    return cls(**data)


def _block(data: dict) -> Block:
    block = _make(Block, data)
    runs = tuple(tuple(int(x) for x in run) for run in block.runs)
    if any(len(run) != 3 for run in runs):
        raise ValueError("bad runs")
    return Block(block.text, runs, kind=block.kind, level=block.level)


def to_json(doc: Document) -> dict:
    return {"meta": asdict(doc.meta), "blocks": [asdict(b) for b in doc.blocks],
            "dropped": [asdict(d) for d in doc.dropped], "indicators": [asdict(i) for i in doc.indicators],
            "citations": [asdict(c) for c in doc.citations], "backrefs": [asdict(c) for c in doc.backrefs],
            "notes": [asdict(n) for n in doc.notes]}


def from_json(data: dict, source: Source) -> Document:
    """The document of a cache entry (raises ValueError, TypeError or KeyError on a wrong shape)."""
    if not isinstance(data, dict) or set(data) != {"meta", "blocks", "dropped", "indicators", "citations",
                                                   "backrefs", "notes"}:
        raise ValueError("not a cached document")
    return Document(
        source=source, meta=_make(Metadata, data["meta"]), blocks=[_block(b) for b in data["blocks"]],
        dropped=[_make(Dropped, d) for d in data["dropped"]],
        indicators=[_make(Indicator, i) for i in data["indicators"]],
        citations=[_make(Citation, c) for c in data["citations"]],
        backrefs=[_make(Citation, c) for c in data["backrefs"]],
        notes=[Note(n["code"], n["offset"], dict(n["params"])) for n in data["notes"]])


class Cache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.used: set[str] = set()
        self.ignored: list[str] = []  # file names of entries of the wrong shape

    def _path(self, source: Source) -> Path:
        return self.folder / f"{hashlib.sha1(source.id.encode('utf-8', 'surrogatepass')).hexdigest()}{SUFFIX}"

    def get(self, source: Source) -> Document | None:
        path = self._path(source)
        self.used.add(path.name)
        try:
            with open(path, encoding="utf-8") as f:
                entry = json.load(f)
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            log.info("cache entry %s ignored: %s", path.name, exc)
            self.ignored.append(source.name)
            return None
        if not isinstance(entry, dict) or entry.get("key") != key(source):
            if not isinstance(entry, dict) or "key" not in entry:
                self.ignored.append(source.name)
            return None
        try:
            return from_json(entry.get("document"), source)
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            log.info("cache entry %s ignored: %s", path.name, exc)
            self.ignored.append(source.name)
            return None

    def put(self, doc: Document) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump({"key": key(doc.source), "document": to_json(doc)}, f, ensure_ascii=False)
            os.replace(tmp, self._path(doc.source))
        except (OSError, UnicodeEncodeError) as exc:  # a cache that cannot be written only costs time
            log.warning("cannot write the cache in %s: %s", self.folder, exc)

    def take(self, other: Cache) -> None:
        """Move the entries of ``other`` (written by a build into its staging folder) here."""
        if not other.folder.is_dir():
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            for path in sorted(other.folder.glob(f"*{SUFFIX}")):
                os.replace(path, self.folder / path.name)
        except OSError as exc:
            log.warning("cannot write the cache in %s: %s", self.folder, exc)

    def prune(self) -> None:
        if not self.folder.is_dir():
            return
        for path in self.folder.iterdir():
            if path.name not in self.used and (path.suffix in (SUFFIX, ".pickle", ".tmp")):
                path.unlink(missing_ok=True)
