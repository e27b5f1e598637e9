"""Pagefind indexes made separately, merged into one index (the files Pagefind writes).

Pagefind's memory grows with the pages of an index (1.1 to 1.8 MB a page of ours), so
the indexer runs it on shards of a few hundred pages each; but a browser searching N
shards fetches, for every word of a query, one index chunk from each of them. This module
merges the shards' bundles into one, as if Pagefind had indexed all the pages at once: the
pages of shard s are numbered after those of the shards before it, each word's entries of
all shards are joined, and the words are cut into chunks as Pagefind cuts them, so a
query fetches one chunk per word whatever the number of shards.

Pagefind's files (version 1.5; :data:`SUPPORTED`) are gzip-compressed, ``pagefind_dcd``
followed by CBOR (RFC 8949):

* ``pagefind.<hash>.pf_meta``: ``[version, pages, chunks, filters, sorts, meta fields]``,
  a page being ``[fragment hash, word count]`` and a chunk ``[first word, last word,
  hash]`` (the two words shortened to the prefixes that tell neighbouring chunks apart);
* ``index/<hash>.pf_index``: ``[[word, …]]``, a word being ``[text, pages, extra]`` and a
  page of it ``[page number, locations, meta locations]``, the pages in order and each
  number the difference from the page before (so only a shard's first changes when its
  pages are numbered after the others'); in meta locations, ``-(i + 1)``
  names the i-th meta field (in the sorted list of the pf_meta), so they are renumbered
  when the shards' lists differ;
* ``fragment/<hash>.pf_fragment``: a page's JSON (URL, content, meta), copied as it is.

The merge streams: it holds one chunk of each shard at a time, and compresses and writes the
chunks it makes on other threads (at most PENDING ahead), naming them here, in order. Its
output is a function of its input (sorted, hashed, gzip without a date), so builds stay
byte-identical.
"""
from __future__ import annotations

import gzip
import functools
import hashlib
import heapq
import itertools
import json
import re
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Iterator

import cbor2

from .. import parallel

SUPPORTED = ("1.5.",)  # Pagefind versions whose files this module reads and writes
SIGNATURE = b"pagefind_dcd"
# A chunk ends once its words take this many bytes (as Pagefind's do, which end at 20,000
# locations and pages: about 60 KB, 20 KB compressed).
CHUNK_BYTES = 60000
# Chunks compressed and written at most this many ahead of the merge (threads; zlib lets
# the merge go on meanwhile: compression was a third of its time on one thread).
PENDING = 16
ENTRY = "pagefind-entry.json"


class MergeError(Exception):
    """The shards are not Pagefind bundles this module can merge."""


# ---------------------------------------------------------------------------------- files


def read(path: Path):
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise MergeError(f"{path} is not a Pagefind file")
    try:
        return cbor2.loads(data[len(SIGNATURE):])
    except cbor2.CBORDecodeError as exc:
        raise MergeError(f"{path}: {exc}") from exc


def _head(major: int, n: int) -> bytes:
    if n < 24:
        return bytes([major << 5 | n])
    for ai, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if n < 1 << (8 * size):
            return bytes([major << 5 | ai]) + n.to_bytes(size, "big")
    raise MergeError(f"integer too large for CBOR: {n}")


_SMALL = range(-1024, 1 << 16)  # the integers of word locations, pre-encoded
_INTS = [_head(0, v) if v >= 0 else _head(1, -1 - v) for v in _SMALL]


def _int(v: int) -> bytes:
    i = v - _SMALL.start
    return _INTS[i] if 0 <= i < len(_INTS) else (_head(0, v) if v >= 0 else _head(1, -1 - v))


def _ints(values: list[int]) -> bytes:
    start, table = _SMALL.start, _INTS
    try:
        return _head(4, len(values)) + b"".join([table[v - start] for v in values])
    except IndexError:
        return _head(4, len(values)) + b"".join(map(_int, values))


def encode(value) -> bytes:
    """``value`` as CBOR, as Pagefind writes it (minimal integers, definite lengths)."""
    return cbor2.dumps(value)


def packed(value) -> bytes:
    """A Pagefind file's bytes: the signature and ``value`` as CBOR, gzip-compressed without a date."""
    return _gzipped(encode(value))


def _gzipped(cbor: bytes) -> bytes:
    return gzip.compress(SIGNATURE + cbor, compresslevel=6, mtime=0)


# ---------------------------------------------------------------------------------- the merge


class _Bundle:
    """One shard's Pagefind bundle."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.entry = json.loads((folder / ENTRY).read_text(encoding="utf-8"))
        if not str(self.entry.get("version", "")).startswith(SUPPORTED):
            raise MergeError(f"{folder}: Pagefind {self.entry.get('version')} is not one this merge supports "
                             f"({', '.join(v + 'x' for v in SUPPORTED)})")
        languages = self.entry["languages"]
        if len(languages) != 1:
            raise MergeError(f"{folder}: {len(languages)} languages; the site indexes one")
        (self.language, info), = languages.items()
        self.meta = read(folder / f"pagefind.{info['hash']}.pf_meta")
        if len(self.meta) != 6 or self.meta[3] or self.meta[4]:
            raise MergeError(f"{folder}: a pf_meta with filters or sorts, or of another layout")
        self.pages, self.chunks, self.fields = self.meta[1], self.meta[2], self.meta[5]

    def words(self) -> Iterator[tuple[str, int, list[bytes], bytes]]:
        """Its words in order, one chunk in memory at a time: (text, number of pages, the
        pages' numbers as encoded, the pages' bytes)."""
        last = None
        for _, _, name in self.chunks:
            path = self.folder / "index" / f"{name}.pf_index"
            data = gzip.decompress(path.read_bytes())
            if not data.startswith(SIGNATURE + b"\x81"):
                raise MergeError(f"{path} is not a Pagefind index chunk")
            pos = len(SIGNATURE) + 1
            n_words, pos = _read_head(data, pos, 4, path)
            for _ in range(n_words):
                if data[pos] != 0x83:
                    raise MergeError(f"{path}: a word that is not [text, pages, extra] at byte {pos}")
                size, pos = _read_head(data, pos + 1, 3, path)
                text = data[pos:pos + size].decode("utf-8")
                count, pos = _read_head(data, pos + size, 4, path)
                m = _ENTRIES.match(data, pos)
                numbers = _PAGE_NUMBERS.findall(data, pos, m.end()) if m else []
                if len(numbers) != count or data[m.end()] != 0x80:
                    raise MergeError(f"{path}: the pages of {text!r} are not as this merge reads them")
                if last is not None and text <= last:
                    raise MergeError(f"{self.folder}: index words out of order ({last!r}, {text!r})")
                last = text
                yield text, count, numbers, data[pos:m.end()]
                pos = m.end() + 1
            if pos != len(data):
                raise MergeError(f"{path}: {len(data) - pos} bytes after its words")


def _read_head(data: bytes, pos: int, major: int, path: Path) -> tuple[int, int]:
    first = data[pos]
    ai = first & 31
    if first >> 5 != major or ai > 27:
        raise MergeError(f"{path}: unexpected CBOR item {first:#x} at byte {pos}")
    if ai < 24:
        return ai, pos + 1
    size = 1 << (ai - 24)
    return int.from_bytes(data[pos + 1:pos + 1 + size], "big"), pos + 1 + size


# A page of a word, [number, locations, meta locations], as CBOR: the number and the
# locations are integers (major types 0 and 1), the two lists arrays of them.
_INT = rb"(?:[\x00-\x17\x20-\x37]|[\x18\x38][\x00-\xff]|[\x19\x39][\x00-\xff]{2}|[\x1a\x3a][\x00-\xff]{4}" \
       rb"|[\x1b\x3b][\x00-\xff]{8})"
_ARRAY = rb"(?:[\x80-\x97]|\x98[\x00-\xff]|\x99[\x00-\xff]{2}|\x9a[\x00-\xff]{4})"
_PAGE = rb"\x83(" + _INT + rb")" + _ARRAY + _INT + rb"*" + _ARRAY + _INT + rb"*"
_ENTRIES = re.compile(rb"(?:" + _PAGE.replace(b"(", b"(?:", 1) + rb")+")
_PAGE_NUMBERS = re.compile(_PAGE)


@functools.lru_cache(maxsize=1 << 16)
def _number(encoded: bytes) -> int:
    return _read_head(encoded, 0, 0, Path("index"))[0]


def _short_hash(data: bytes, taken: set[str], language: str, length: int = 7) -> str:
    digest = hashlib.sha256(data).hexdigest()
    while f"{language}_{digest[:length]}" in taken:
        length += 1
    name = f"{language}_{digest[:length]}"
    taken.add(name)
    return name


def _prefixes(a: str, b: str) -> tuple[str, str]:
    """The shortest prefixes of the last word of a chunk and the first of the next that
    still tell them apart (Pagefind's get_prefixes)."""
    common = 0
    for x, y in zip(a, b):
        if x != y:
            break
        common += 1
    return a[:common + 1], b[:common + 1]


def _renumber_fields(data: bytes, count: int, fields: dict[int, int]) -> bytes:
    """The pages of a word (``count`` of them, as encoded) with their meta fields renumbered."""
    pages = cbor2.loads(_head(4, count) + data)
    for page in pages:
        page[2] = [fields.get(v, v) for v in page[2]]
    return b"".join(b"\x83" + _int(number) + _ints(locs) + _ints(meta_locs) for number, locs, meta_locs in pages)


def merge(shards: list[Path], out: Path) -> dict:
    """Merge the Pagefind bundles ``shards`` (in this order) into one bundle at ``out``.

    ``out`` gets the first shard's scripts and wasm, every shard's fragments and one
    index; returns {"pages", "words", "chunks"}.
    """
    bundles = [_Bundle(folder) for folder in shards]
    if not bundles:
        raise MergeError("no shards to merge")
    first = bundles[0]
    language = first.language
    if any(b.language != language or b.meta[0] != first.meta[0] for b in bundles):
        raise MergeError("the shards were made by different Pagefind versions or languages")
    if out.exists():
        shutil.rmtree(out)
    (out / "index").mkdir(parents=True)
    (out / "fragment").mkdir()
    for path in sorted(first.folder.iterdir()):  # pagefind.js, the worker, the wasm
        if path.is_file() and path.name != ENTRY and not path.name.endswith(".pf_meta"):
            shutil.copyfile(path, out / path.name)

    fields = sorted(set().union(*(b.fields for b in bundles)))
    pages: list[list] = []
    taken: set[str] = set()
    offsets, field_maps = [], []
    for b in bundles:
        offsets.append(len(pages))
        renumber = {-(i + 1): -(fields.index(name) + 1) for i, name in enumerate(b.fields)}
        field_maps.append({k: v for k, v in renumber.items() if k != v})  # empty when the lists agree
        for name, word_count in b.pages:
            data = (b.folder / "fragment" / f"{name}.pf_fragment").read_bytes()
            if name in taken:  # the same short hash in two shards: renamed, by its content
                name = _short_hash(gzip.decompress(data), taken, language, 8)
            else:
                taken.add(name)
            (out / "fragment" / f"{name}.pf_fragment").write_bytes(data)
            pages.append([name, word_count])

    chunks: list[list] = []
    chunk_names: set[str] = set()
    current: list[bytes] = []
    first_word = last_word = ""
    size = 0

    writing = ThreadPoolExecutor(max(1, parallel.workers() - 1), thread_name_prefix="merge")
    pending: list = []

    def flush() -> None:
        nonlocal current, size
        data = b"\x81" + _head(4, len(current)) + b"".join(current)
        name = _short_hash(data, chunk_names, language)  # here, in order: the names are the build's
        pending.append(writing.submit(_write_chunk, out / "index" / f"{name}.pf_index", data))
        if len(pending) > PENDING:
            pending.pop(0).result()
        chunks.append([first_word, last_word, name])
        current, size = [], 0

    n_words = 0
    try:
        for text, word in _merged_words(bundles, offsets, field_maps):
            if not current:
                first_word = text
            current.append(word)
            last_word = text
            size += len(word)
            n_words += 1
            if size >= CHUNK_BYTES:
                flush()
        if current:
            flush()
        for future in pending:  # a failed write fails the merge
            future.result()
    finally:
        writing.shutdown()
    for a, b in zip(chunks, chunks[1:]):
        a[1], b[0] = _prefixes(a[1], b[0])

    meta = [first.meta[0], pages, chunks, [], [], fields]
    meta_bytes = encode(meta)
    meta_hash = f"{language}_{hashlib.sha256(meta_bytes).hexdigest()[:11]}"
    (out / f"pagefind.{meta_hash}.pf_meta").write_bytes(packed(meta))
    entry = dict(first.entry)
    entry["languages"] = {language: dict(first.entry["languages"][language], hash=meta_hash, page_count=len(pages))}
    (out / ENTRY).write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return {"pages": len(pages), "words": n_words, "chunks": len(chunks)}


def _merged_words(bundles: list[_Bundle], offsets: list[int], field_maps: list[dict]) -> Iterator[tuple[str, bytes]]:
    """Every word of the shards, in order, with its pages of all shards joined, as CBOR:
    shard s's pages numbered from ``offsets[s]``, its meta fields renumbered by ``field_maps[s]``."""
    def entries(s: int) -> Iterator[tuple[str, int, int, list[bytes], bytes]]:
        for text, count, numbers, data in bundles[s].words():
            yield text, s, count, numbers, data

    merged = heapq.merge(*(entries(s) for s in range(len(bundles))), key=lambda e: (e[0], e[1]))
    for text, group in itertools.groupby(merged, key=lambda e: e[0]):
        parts, total, last = [], 0, 0  # last: the number of the word's last page so far
        for _, s, count, numbers, data in group:
            if field_maps[s]:  # meta fields numbered differently in this shard
                data = _renumber_fields(data, count, field_maps[s])
            number = _number(numbers[0])
            delta = offsets[s] + number - last  # page numbers are deltas: only the first changes
            if delta != number:
                data = b"\x83" + _int(delta) + data[1 + len(numbers[0]):]
            last = offsets[s] + sum(map(_number, numbers))
            parts.append(data)
            total += count
        encoded = text.encode("utf-8")
        yield text, b"".join([b"\x83", _head(3, len(encoded)), encoded, _head(4, total), *parts, b"\x80"])


def _write_chunk(path: Path, data: bytes) -> None:
    path.write_bytes(_gzipped(data))
