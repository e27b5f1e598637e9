"""Ingest: find the documents in a seeds folder and decode them.

Reading happens here and nowhere else in the pipeline. Problems (undecodable files,
empty files, bad sidecars, clashing ids) are added to the report; the files that can be
read are returned.
"""
from __future__ import annotations

import codecs
import hashlib
import logging
import re
import unicodedata
from pathlib import Path

import yaml
from charset_normalizer import from_bytes

from .errors import Report
from .model import Source

log = logging.getLogger(__name__)

SUFFIXES = (".txt", ".md")
SIDECAR_SUFFIXES = (".yml", ".yaml")

# Fields an editor may set in a sidecar, with the type each must have.
SIDECAR_FIELDS: dict[str, type | tuple[type, ...]] = {
    "title": str,
    "doc_number": str,
    "agency": str,
    "date": str,
    "published": str,
    "doc_type": str,
    "region": str,
    "proposal_number": str,
    "proposer": str,
    "index_number": str,
    "handling_result": str,
    "topics": list,
}
DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")

# Magic numbers of common binary formats an editor might drop in by mistake.
BINARY_SIGNATURES = {
    b"\x89PNG": "PNG image",
    b"PK\x03\x04": "ZIP archive (or a Word/Excel file)",
    b"%PDF": "PDF document",
    b"\xff\xd8\xff": "JPEG image",
    b"GIF8": "GIF image",
    b"\xd0\xcf\x11\xe0": "old Office document",
    b"\x1f\x8b": "gzip archive",
}
# Encodings accepted from detection: the ones Chinese government text comes in.
ACCEPTED = {"gb18030", "gbk", "gb2312", "hz", "big5", "utf_16", "utf_16_le", "utf_16_be", "utf_32"}


def slugify(stem: str) -> str:
    """A safe, stable page id from a file stem.

    Keeps letters (Chinese included), digits, ``_`` and ``-``; everything else
    becomes ``-``; leading dots and dashes go, so ids can never name a parent folder
    or look like a command-line option.
    """
    s = unicodedata.normalize("NFKC", stem)
    s = re.sub(r"[^\w-]+", "-", s)
    s = re.sub(r"-{2,}", "-", s)
    return s.strip("-_.")


def discover(seeds: Path) -> list[Path]:
    """Document files of a seeds folder, sorted by name (not recursive)."""
    return sorted(p for p in seeds.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes of Chinese text; returns (text, encoding) or raises ValueError."""
    for magic, kind in BINARY_SIGNATURES.items():
        if data.startswith(magic):
            raise ValueError(f"this is a {kind}, not text")
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if b"\x00" not in data:
        try:  # GB18030 is a superset of GBK and GB2312: try it before guessing
            return data.decode("gb18030"), "gb18030"
        except UnicodeDecodeError:
            pass
    best = from_bytes(data).best()
    if best is not None and best.encoding in ACCEPTED:
        return str(best), best.encoding
    raise ValueError(
        f"cannot decode it as UTF-8 (byte {utf8_error.start}: {data[utf8_error.start:utf8_error.start + 4]!r}) "
        "or as GB18030/GBK; save it as UTF-8"
    )


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def looks_binary(text: str) -> bool:
    """True when decoded text is mostly control characters (a binary file)."""
    if not text:
        return False
    sample = text[:4096]
    controls = sum(1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in "\n\t\f\v")
    return controls > max(3, len(sample) // 100)


def read_sidecar(path: Path, report: Report) -> dict:
    """Parse and check ``<id>.yml``; problems go to the report, bad keys are dropped."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        report.add("unparseable-sidecar", path.name, line=None if line is None else line + 1,
                   detail=str(exc).splitlines()[0])
        return {}
    if data is None:
        return {}
    if not isinstance(data, dict):
        report.add("unparseable-sidecar", path.name, detail="expected a mapping of field: value")
        return {}
    good = {}
    for key, value in data.items():
        if key not in SIDECAR_FIELDS:
            report.add("unknown-sidecar-field", path.name, key=key,
                       allowed=", ".join(SIDECAR_FIELDS))
            continue
        expected = SIDECAR_FIELDS[key]
        if value is not None and (not isinstance(value, expected) or isinstance(value, bool)):
            import datetime

            if isinstance(value, datetime.date) and key in ("date", "published"):
                value = value.isoformat()
            else:
                report.add("wrong-sidecar-type", path.name, key=key,
                           expected=getattr(expected, "__name__", str(expected)), got=type(value).__name__)
                continue
        if key in ("date", "published") and value is not None and not DATE_RE.match(value):
            report.add("wrong-sidecar-type", path.name, key=key, expected="YYYY, YYYY-MM or YYYY-MM-DD",
                       got=repr(value))
            continue
        if key == "topics" and value is not None and not all(isinstance(t, str) for t in value):
            report.add("wrong-sidecar-type", path.name, key=key, expected="list of strings", got=repr(value))
            continue
        good[key] = value
    return good


def read_source(path: Path, report: Report) -> Source | None:
    """Read one document file; None (with a problem in the report) if it cannot be used."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        report.add("unreadable-file", path.name, detail=exc.strerror or str(exc))
        return None
    try:
        text, encoding = decode(data)
    except ValueError as exc:
        report.add("undecodable-file", path.name, detail=str(exc))
        return None
    if looks_binary(text):
        report.add("undecodable-file", path.name, detail="it holds binary data, not text")
        return None
    text = normalise_newlines(text)
    if not text.strip():
        report.add("empty-document", path.name)
        return None
    doc_id = slugify(path.stem)
    if not doc_id:
        report.add("bad-file-name", path.name)
        return None
    sidecar, sidecar_name = {}, None
    for suffix in SIDECAR_SUFFIXES:
        candidate = path.with_suffix(suffix)
        if candidate.is_file():
            sidecar, sidecar_name = read_sidecar(candidate, report), candidate.name
            break
    if encoding not in ("utf-8", "utf-8-sig"):
        log.info("%s: decoded as %s", path.name, encoding)
    return Source(
        id=doc_id,
        name=path.name,
        text=text,
        sha256=hashlib.sha256(data).hexdigest(),
        encoding=encoding,
        sidecar=sidecar,
        sidecar_name=sidecar_name,
        raw=data,
    )


def ingest(seeds: Path, report: Report) -> list[Source]:
    """All readable documents of ``seeds``, sorted by id; duplicates are reported."""
    sources: list[Source] = []
    seen: dict[str, str] = {}
    for path in discover(seeds):
        source = read_source(path, report)
        if source is None:
            continue
        key = source.id.casefold()  # a.txt and A.txt clash on case-insensitive disks
        if key in seen:
            report.add("duplicate-id", path.name, id=source.id, other=seen[key])
            continue
        seen[key] = path.name
        sources.append(source)
    sources.sort(key=lambda s: s.id)
    return sources
