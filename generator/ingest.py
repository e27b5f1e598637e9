"""Ingest: find the documents in a seeds folder and decode them.

Reading happens here and nowhere else in the pipeline. Problems (undecodable files,
empty files, bad sidecars, clashing ids) are added to the report; the files that can be
read are returned.
"""
from __future__ import annotations

import codecs
import datetime
import difflib
import hashlib
import logging
import os
import re
import unicodedata
from pathlib import Path

import yaml
from charset_normalizer import from_bytes

from . import vocab
from .errors import Report
from .model import Source

log = logging.getLogger(__name__)

SUFFIXES = (".txt", ".md")
SIDECAR_SUFFIXES = (".yml", ".yaml")
MAX_BYTES = 50 * 1024 * 1024  # a document larger than this is refused (memory grows ~50× the text)
MAX_ID_BYTES = 200  # page ids become file and folder names: keep them well under 255 bytes
RESERVED_IDS = {"index", "readme"}  # documents/index.md is the listing; MkDocs reads README.md as an index

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
    b"PK\x05\x06": "empty ZIP archive",
    b"%PDF": "PDF document",
    b"\xff\xd8\xff": "JPEG image",
    b"GIF8": "GIF image",
    b"\xd0\xcf\x11\xe0": "old Office document",
    b"\x1f\x8b": "gzip archive",
    b"{\\rtf": "RTF document",
    b"Rar!": "RAR archive",
    b"7z\xbc\xaf": "7-Zip archive",
    b"\x7fELF": "program",
}
# Encodings accepted from detection: the ones Chinese government text comes in.
ACCEPTED = {"gb18030", "gbk", "gb2312", "hz", "big5", "utf_16", "utf_16_le", "utf_16_be", "utf_32"}
_TEXT_CONTROLS = "\n\t\f\v\r"
_NEXT_TO_IT = Path("<stem>.yml")  # read_source's default: look for the sidecar next to the file


class DecodeError(ValueError):
    """Bytes that are not text in an accepted encoding; ``line`` is where it shows, if known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


def slugify(stem: str) -> str:
    """A safe, stable page id from a file stem.

    Keeps letters (Chinese included), digits, ``_`` and ``-``; everything else
    becomes ``-``; leading dots and dashes go, so ids can never name a parent folder
    or look like a command-line option. An id longer than ``MAX_ID_BYTES`` bytes of
    UTF-8 is cut and given a hash of the whole, so it stays unique and stable.
    """
    s = unicodedata.normalize("NFKC", stem)
    s = re.sub(r"[^\w-]+", "-", s)
    s = re.sub(r"-{2,}", "-", s)
    s = s.strip("-_.")
    if len(s.encode("utf-8")) > MAX_ID_BYTES:
        digest = hashlib.sha1(s.encode("utf-8")).hexdigest()[:8]
        cut = s.encode("utf-8")[:MAX_ID_BYTES - 9].decode("utf-8", "ignore").rstrip("-_")
        s = f"{cut}-{digest}"
    return s


def display_name(path: Path) -> str:
    """The file name as it can be printed (bytes that are not UTF-8 shown as \\xNN)."""
    return os.fsencode(path.name).decode("utf-8", "backslashreplace")


def discover(seeds: Path) -> list[Path]:
    """Document files of a seeds folder, sorted by name (not recursive)."""
    return sorted(p for p in seeds.iterdir() if p.suffix.lower() in SUFFIXES and p.is_file())


def _sidecars(seeds: Path) -> list[Path]:
    return sorted(p for p in seeds.iterdir() if p.suffix.lower() in SIDECAR_SUFFIXES and p.is_file())


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes of Chinese text; returns (text, encoding) or raises DecodeError."""
    for magic, kind in BINARY_SIGNATURES.items():
        if data.startswith(magic):
            raise DecodeError(f"this is a {kind}, not text")
    boms = (  # (mark, codec of the rest, name recorded, name shown); UTF-32 first: FF FE 00 00
        (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32", "UTF-32"), (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32", "UTF-32"),
        (codecs.BOM_UTF8, "utf-8", "utf-8-sig", "UTF-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16", "UTF-16"), (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16", "UTF-16"),
    )
    for bom, codec, encoding, shown in boms:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec), encoding
            except UnicodeDecodeError as exc:
                start = exc.start + len(bom)
                raise DecodeError(f"it starts with a {shown} byte-order mark but is not valid {shown} "
                                  f"(byte {start}); save it again as UTF-8") from exc
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
    start = utf8_error.start
    raise DecodeError(
        f"cannot decode it as UTF-8 (byte {start}: {data[start:start + 4]!r}) "
        "or as GB18030/GBK/UTF-16; save it as UTF-8",
        line=data.count(b"\n", 0, start) + 1,
    )


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def is_blank(text: str) -> bool:
    """True when the text shows nothing: white space, byte-order marks, zero-width characters."""
    return all(ch.isspace() or unicodedata.category(ch) in ("Cf", "Cc") for ch in text)


def looks_binary(text: str) -> bool:
    """True when decoded text is not plausibly text: control characters, or private-use,
    unassigned and surrogate code points where a mis-guessed encoding puts them."""
    if not text:
        return False
    sample = text[:8192]
    controls = odd = 0
    for ch in sample:
        cat = unicodedata.category(ch)
        if cat == "Cc" and ch not in _TEXT_CONTROLS:
            controls += 1
        elif cat in ("Co", "Cn", "Cs"):
            odd += 1
    return controls > max(3, len(sample) // 100) or odd > max(8, len(sample) // 50)


# --------------------------------------------------------------------------- sidecars


class _SidecarLoader(yaml.SafeLoader):
    """Safe YAML that keeps dates as written (2024-09-19 stays text) and refuses repeated keys."""

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = key_node.value
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the field '{key}' is set twice", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep)


def _valid_date(value: str) -> bool:
    if not DATE_RE.match(value):
        return False
    parts = value.split("-")
    try:
        if len(parts) == 3:
            datetime.date.fromisoformat(value)
        elif len(parts) == 2 and not 1 <= int(parts[1]) <= 12:
            return False
    except ValueError:
        return False
    return True


def _type_name(value: object) -> str:
    if isinstance(value, bool):
        return f"true/false ({value!r})"
    if isinstance(value, (int, float)):
        return f"a number ({value!r})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def read_sidecar(path: Path, report: Report) -> dict:
    """Parse and check ``<id>.yml``; problems go to the report, bad keys are dropped."""
    name = display_name(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        report.add("unreadable-file", name, detail=exc.strerror or str(exc))
        return {}
    try:
        data = yaml.load(raw.decode("utf-8-sig"), Loader=_SidecarLoader)  # noqa: S506 (a safe loader)
    except UnicodeDecodeError as exc:
        report.add("unparseable-sidecar", name, line=raw.count(b"\n", 0, exc.start) + 1,
                   detail="it is not UTF-8 text; save it as UTF-8")
        return {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        report.add("unparseable-sidecar", name, line=None if mark is None else mark.line + 1, detail=problem)
        return {}
    if data is None:
        return {}
    if not isinstance(data, dict):
        report.add("unparseable-sidecar", name, detail="expected lines of field: value")
        return {}
    good = {}
    types = vocab.load("doc_types")["types"]
    for key, value in data.items():
        if key not in SIDECAR_FIELDS:
            close = difflib.get_close_matches(str(key), SIDECAR_FIELDS, n=1)
            report.add("unknown-sidecar-field", name, key=key,
                       hint=f"did you mean '{close[0]}'? " if close else "", allowed=", ".join(SIDECAR_FIELDS))
            continue
        if key in ("date", "published") and isinstance(value, int) and not isinstance(value, bool):
            value = str(value)  # published: 2024
        if value is None:
            good[key] = value
            continue
        if key == "topics":
            if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
                report.add("wrong-sidecar-type", name, key=key, expected="a list of text",
                           got=_type_name(value) if not isinstance(value, list) else repr(value))
                continue
        elif not isinstance(value, str):
            report.add("wrong-sidecar-type", name, key=key, expected="text (put it in quotes)", got=_type_name(value))
            continue
        if key in ("date", "published") and not _valid_date(value):
            report.add("wrong-sidecar-type", name, key=key, expected="a date YYYY, YYYY-MM or YYYY-MM-DD",
                       got=repr(value))
            continue
        if key == "doc_type" and value not in types:
            report.add("wrong-sidecar-type", name, key=key, expected="one of " + ", ".join(types), got=repr(value))
            continue
        good[key] = value
    return good


# --------------------------------------------------------------------------- documents


def _size(n: int) -> str:
    return f"{n / 2**20:.0f} MB" if n >= 2**20 else f"{n / 1024:.0f} KB" if n >= 1024 else f"{n} bytes"


def read_source(path: Path, report: Report, sidecar: Path | None = _NEXT_TO_IT) -> Source | None:
    """Read one document file; None (with a problem in the report) if it cannot be used.

    ``sidecar`` is its ``<id>.yml`` (None: it has none); by default the file next to it
    with the same stem.
    """
    name = display_name(path)
    if name != path.name:
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
        size = path.stat().st_size
        if size > MAX_BYTES:
            report.add("file-too-large", name, size=_size(size), limit=_size(MAX_BYTES))
            return None
        data = path.read_bytes()
    except OSError as exc:
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
    text = normalise_newlines(text)
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
        raw=data,
    )


def ingest(seeds: Path, report: Report) -> list[Source]:
    """All readable documents of ``seeds``, sorted by id; duplicates are reported.

    A document's sidecar is ``<stem>.yml`` (or ``.yaml``) next to it, else ``<id>.yml``;
    a sidecar that belongs to no document is reported.
    """
    sidecars = {p.name: p for p in _sidecars(seeds)}
    claimed: set[str] = set()
    sources: list[Source] = []
    seen: dict[str, str] = {}
    for path in discover(seeds):
        doc_id = slugify(path.stem)
        sidecar = None
        for stem in dict.fromkeys((path.stem, doc_id)):
            sidecar = next((sidecars[f"{stem}{s}"] for s in SIDECAR_SUFFIXES if f"{stem}{s}" in sidecars), None)
            if sidecar is not None:
                claimed.add(sidecar.name)
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
    for name, path in sidecars.items():
        if name not in claimed:
            report.add("orphan-sidecar", display_name(path), stem=Path(display_name(path)).stem)
    sources.sort(key=lambda s: s.id)
    return sources
