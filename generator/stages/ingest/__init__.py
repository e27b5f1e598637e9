"""Ingest: find the documents in a seeds folder and decode them.

Reading happens here and nowhere else in the pipeline. Problems (undecodable files,
empty files, bad sidecars, clashing ids) are added to the report; the files that can be
read are returned. ``files`` says which files count, ``decode`` how bytes become text,
``sidecar`` how ``<id>.yml`` is read.
"""
from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from ...errors import Report
from ...model import Source
from ...output.escaping import strip_unsafe
from .decode import MOJIBAKE_SHARE, DecodeError, decode, is_blank, looks_binary, normalise_newlines, uncommon_share
from .files import (MAX_BYTES, MAX_ID_BYTES, RESERVED_IDS, SIDECAR_SUFFIXES, SUFFIXES, discover, display_name,
                    read_regular, scan, size_text, slugify, utf8_name)
from .sidecar import SIDECAR_FIELDS, read_sidecar

__all__ = ["ingest", "read_source", "discover", "scan", "slugify", "decode", "normalise_newlines", "display_name",
           "SIDECAR_FIELDS", "SUFFIXES", "MAX_BYTES", "MAX_ID_BYTES"]

log = logging.getLogger(__name__)
_NEXT_TO_IT = Path("<stem>.yml")  # read_source's default: look for the sidecar next to the file


def read_source(path: Path, report: Report, sidecar: Path | None = _NEXT_TO_IT) -> Source | None:
    """Read one document file; None (with a problem in the report) if it cannot be used.

    ``sidecar`` is its ``<id>.yml`` (None: it has none); by default the file next to it
    with the same stem. The text is decoded, its line ends made ``\\n`` and characters no
    output can carry removed (recorded in ``Source.removed``): the published original is
    exactly this text, and every offset indexes it.
    """
    name = display_name(path)
    if not utf8_name(path):
        report.add("bad-file-name", name, reason="is not valid UTF-8")
        return None
    doc_id = slugify(path.stem)
    if not doc_id:
        report.add("bad-file-name", name, reason="has no letter or digit to make a page id of")
        return None
    if doc_id.casefold() in RESERVED_IDS:
        report.add("reserved-id", name, id=doc_id)
        return None
    try:
        data = read_regular(path, MAX_BYTES)
    except OSError as exc:
        if exc.errno == 27:  # EFBIG
            report.add("file-too-large", name, size=exc.strerror, limit=size_text(MAX_BYTES))
        else:
            report.add("unreadable-file", name, detail=exc.strerror or str(exc))
        return None
    try:
        text, encoding = decode(data)
    except DecodeError as exc:
        report.add("undecodable-file", name, line=exc.line, detail=str(exc))
        return None
    if looks_binary(text):
        report.add("undecodable-file", name, detail="it holds binary data, not text")
        return None
    if encoding not in ("utf-8", "utf-8-sig", "utf-16", "utf-32") and uncommon_share(text) > MOJIBAKE_SHARE:
        report.add("possible-mojibake", name, encoding=encoding, share=f"{uncommon_share(text):.0%}")
    text, removed = strip_unsafe(normalise_newlines(text))
    if removed:
        report.add("unsafe-character", name, what=", ".join(sorted({c for _, c in removed})),
                   where=f"{len(removed)} place(s) of the text")
    if is_blank(text):
        report.add("empty-document", name)
        return None
    if sidecar is _NEXT_TO_IT:
        sidecar = next((c for c in (path.with_suffix(s) for s in SIDECAR_SUFFIXES) if c.is_file()), None)
    fields = read_sidecar(sidecar, report) if sidecar is not None else {}
    if encoding not in ("utf-8", "utf-8-sig"):
        log.info("%s: decoded as %s", name, encoding)
    return Source(
        id=doc_id,
        name=name,
        text=text,
        sha256=hashlib.sha256(data).hexdigest(),
        encoding=encoding,
        sidecar=fields,
        sidecar_name=None if sidecar is None else display_name(sidecar),
        removed=tuple(removed),
    )


def ingest(seeds: Path, report: Report) -> list[Source]:
    """All readable documents of ``seeds``, sorted by id; duplicates are reported.

    A document's sidecar is ``<stem>.yml`` (or ``.yaml``, any case) next to it, else
    ``<id>.yml``; a sidecar that belongs to no document is reported.
    """
    docs, found = scan(seeds, report)
    sidecars = {p.name.casefold(): p for p in found}
    claimed: set[str] = set()
    sources: list[Source] = []
    seen: dict[str, str] = {}
    for path in docs:
        doc_id = slugify(path.stem)
        sidecar = None
        for stem in dict.fromkeys((path.stem, doc_id)):
            sidecar = next((sidecars[k] for k in (f"{stem}{s}".casefold() for s in SIDECAR_SUFFIXES) if k in sidecars),
                           None)
            if sidecar is not None:
                claimed.add(sidecar.name.casefold())
                break
        source = read_source(path, report, sidecar)
        if source is None:
            continue
        key = source.id.casefold()  # a.txt and A.txt clash on case-insensitive disks
        if key in seen:
            report.add("duplicate-id", source.name, id=source.id, other=seen[key])
            continue
        seen[key] = source.name
        sources.append(source)
    for key, path in sidecars.items():
        if key not in claimed:
            report.add("orphan-sidecar", display_name(path), stem=Path(display_name(path)).stem)
    sources.sort(key=lambda s: s.id)
    return sources
