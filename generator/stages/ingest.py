"""Ingest: find the documents in a seeds folder and decode them.

Reading happens here and nowhere else in the pipeline. Problems (undecodable files,
empty files, bad sidecars, clashing ids) are added to the report; the files that can be
read are returned.
"""
from __future__ import annotations

import codecs
import difflib
import functools
import hashlib
import logging
import os
import re
import stat
import unicodedata
from pathlib import Path

import yaml
from charset_normalizer import from_bytes

from .. import config, dates
from ..errors import Report
from ..model import Source
from ..output.escaping import UNSAFE_CHARS, strip_unsafe

log = logging.getLogger(__name__)

SUFFIXES = (".txt", ".md")
SIDECAR_SUFFIXES = (".yml", ".yaml")
MAX_BYTES = 50 * 1024 * 1024  # a document larger than this is refused (memory grows ~50× the text)
MAX_SIDECAR_BYTES = 1024 * 1024  # a sidecar holds a few fields
MAX_ID_BYTES = 200  # page ids become file and folder names: keep them well under 255 bytes
RESERVED_IDS = {"index", "readme"}  # documents/index.md is the listing; MkDocs reads README.md as an index

# Fields an editor may set in a sidecar (data/fields.yml), and their types.
SIDECAR_FIELDS: dict[str, str] = {f.name: f.type for f in config.metadata_fields() if f.sidecar}
REQUIRED_FIELDS = {f.name for f in config.metadata_fields() if f.required}  # never null
SHOWN = 60  # characters of a value shown in a message

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
ACCEPTED = {"gb18030", "gbk", "gb2312", "hz", "big5", "cp950", "big5hkscs", "utf_16", "utf_16_le", "utf_16_be",
            "utf_32"}
# Legacy encodings tried in turn when a file is not UTF-8: the mainland's, then Taiwan's and
# Hong Kong's. Bytes of one often decode in another, as characters nobody writes (mojibake):
# the candidate with the fewest uncommon characters wins.
LEGACY = ("gb18030", "cp950", "big5hkscs")
MOJIBAKE_SHARE = 0.08  # uncommon characters above this share of the Chinese ones: warn
MOJIBAKE_MIN_HAN = 20  # too few Chinese characters to judge below this
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
    """The file name as it can be printed and published: bytes that are not UTF-8 and
    characters no output can carry (control characters …) shown as ``\\xNN`` / ``\\uNNNN``."""
    name = os.fsencode(path.name).decode("utf-8", "backslashreplace")
    return UNSAFE_CHARS.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), name)


def utf8_name(path: Path) -> bool:
    try:
        os.fsencode(path.name).decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def _what(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def scan(seeds: Path, report: Report | None = None) -> tuple[list[Path], list[Path]]:
    """Document files and sidecars of a seeds folder, sorted by name (not recursive).

    Only regular files inside the folder count. A symbolic link is refused (it could
    publish any file the build can read); a broken or looping link, a named pipe, a folder
    named like a document and the like are left out with a warning.
    """
    docs: list[Path] = []
    sidecars: list[Path] = []
    for path in sorted(seeds.iterdir()):
        suffix = path.suffix.lower()
        if suffix not in SUFFIXES + SIDECAR_SUFFIXES:
            continue
        name = display_name(path)
        mode = os.lstat(path).st_mode
        if stat.S_ISLNK(mode):
            try:
                target = path.resolve(strict=True)
            except (OSError, RuntimeError):
                if report is not None:
                    report.add("not-a-file", name, what="a broken or looping symbolic link")
                continue
            if report is not None:
                report.add("symlinked-seed", name, target=os.fsencode(target).decode("utf-8", "backslashreplace"))
            continue
        if not stat.S_ISREG(mode):
            if report is not None:
                report.add("not-a-file", name, what=_what(mode))
            continue
        (docs if suffix in SUFFIXES else sidecars).append(path)
    return docs, sidecars


def discover(seeds: Path) -> list[Path]:
    """Document files of a seeds folder (see :func:`scan`)."""
    return scan(seeds)[0]


def read_regular(path: Path, limit: int | None = None) -> bytes:
    """The bytes of a regular file, never following a symbolic link and never blocking on a pipe.

    Raises OSError (``errno`` ELOOP for a link, EFBIG over ``limit`` bytes, EINVAL for what
    is not a regular file).
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as f:
        info = os.fstat(f.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise OSError(22, f"it is {_what(info.st_mode)}", str(path))
        if limit is not None and info.st_size > limit:
            raise OSError(27, _size(info.st_size), str(path))
        return f.read()


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
    candidates = []
    if b"\x00" not in data:  # NUL bytes: UTF-16 or UTF-32 without a mark, or not text
        for encoding in LEGACY:
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            candidates.append((uncommon_share(text), LEGACY.index(encoding), text, encoding))
    if candidates:
        _, _, text, encoding = min(candidates)
        return text, encoding
    guess = from_bytes(data).best()
    if guess is not None and guess.encoding in ACCEPTED:
        return str(guess), guess.encoding
    start = utf8_error.start
    big5 = guess is not None and guess.encoding in ("big5", "cp950", "big5hkscs")
    raise DecodeError(
        f"cannot decode it as UTF-8 (byte {start}: {data[start:start + 4]!r}), "
        + ("it looks like Big5 but is not valid Big5 either" if big5 else
           "nor as GB18030/GBK, Big5 or UTF-16") + "; save it as UTF-8",
        line=data.count(b"\n", 0, start) + 1,
    )


@functools.lru_cache(maxsize=1 << 16)
def _common(ch: str) -> bool:
    """A Chinese character of common use: in GB 2312 (simplified) or Big5's first level (traditional)."""
    try:
        ch.encode("gb2312")
        return True
    except UnicodeEncodeError:
        pass
    try:
        return 0xA440 <= int.from_bytes(ch.encode("big5"), "big") <= 0xC67E
    except UnicodeEncodeError:
        return False


def uncommon_share(text: str, sample: int = 20000) -> float:
    """The share of uncommon characters among a text's Chinese ones (private-use counted as
    uncommon): high in text decoded with the wrong legacy encoding."""
    han = uncommon = 0
    for ch in text[:sample]:
        if "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff":
            han += 1
            uncommon += not _common(ch)
        elif "\ue000" <= ch <= "\uf8ff":
            han += 1
            uncommon += 1
    return uncommon / han if han >= MOJIBAKE_MIN_HAN else 0.0


_LINE_ENDS = str.maketrans({"\r": "\n", "\v": "\n", "\f": "\n"})


def normalise_newlines(text: str) -> str:
    """Line ends as ``\\n``: CRLF and CR, and the vertical tab and form feed (page breaks)."""
    return text.replace("\r\n", "\n").translate(_LINE_ENDS)


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
    """Safe YAML that keeps dates as written (2024-09-19 stays text) and refuses what an
    editor never needs: repeated keys, keys that are not plain values, anchors and aliases
    (a handful of nested aliases expands to gigabytes: "billion laughs")."""

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise yaml.composer.ComposerError(
                None, None, "anchors and aliases (& and *) are not allowed in a sidecar", event.start_mark)
        return super().compose_node(parent, index)

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise yaml.constructor.ConstructorError(
                    None, None, "a field name must be plain text", key_node.start_mark)
            key = key_node.value
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the field '{shown(key)}' is set twice", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep)


def shown(value: object, limit: int = SHOWN) -> str:
    """A value as a message may quote it: its repr, cut to ``limit`` characters."""
    text = repr(value) if not isinstance(value, str) else value
    return text if len(text) <= limit else text[:limit] + "…"


def _type_name(value: object) -> str:
    if isinstance(value, bool):
        return f"true/false ({value!r})"
    if isinstance(value, (int, float)):
        return f"a number ({shown(value)})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


_LINE_BREAKS = re.compile(r"\s*[\r\n\x85\u2028\u2029]+\s*")


def _clean_value(value: str, name: str, key: str, report: Report) -> str | None:
    """A sidecar text on one line (line breaks become spaces: a field is one line in every
    output) and without characters no output can carry; None when nothing is left."""
    text, removed = strip_unsafe(_LINE_BREAKS.sub(" ", normalise_newlines(value)))
    if removed:
        report.add("unsafe-character", name, what=", ".join(sorted({c for _, c in removed})),
                   where=f"field '{key}'")
    if not text.strip():
        report.add("empty-sidecar-value", name, key=key)
        return None
    return text.strip()


def _sidecar_value(key: str, value: object, name: str, report: Report, types: list[str]):
    """A checked sidecar value, or ``...`` (Ellipsis) when it is refused (and reported)."""
    kind = SIDECAR_FIELDS[key]
    if kind == "date" and isinstance(value, int) and not isinstance(value, bool):
        value = str(value)  # published: 2024
    if value is None:
        if key in REQUIRED_FIELDS:
            report.add("wrong-sidecar-type", name, key=key, expected="one of " + ", ".join(types), got="null")
            return ...
        return None
    if kind == "list":
        if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
            report.add("wrong-sidecar-type", name, key=key, expected="a list of text",
                       got=_type_name(value) if not isinstance(value, list) else shown(value))
            return ...
        topics = [t for t in (_clean_value(t, name, key, report) for t in value) if t is not None]
        return list(dict.fromkeys(topics))
    if not isinstance(value, str):
        report.add("wrong-sidecar-type", name, key=key, expected="text (put it in quotes)", got=_type_name(value))
        return ...
    value = _clean_value(value, name, key, report)
    if value is None:
        return ...  # white space only: as if the line were not there
    if kind == "date" and not dates.valid_partial(value):
        report.add("wrong-sidecar-type", name, key=key,
                   expected=f"a date YYYY, YYYY-MM or YYYY-MM-DD of the years {dates.MIN_YEAR}–{dates.MAX_YEAR}",
                   got=repr(shown(value)))
        return ...
    if kind == "genre" and value not in types:
        report.add("wrong-sidecar-type", name, key=key, expected="one of " + ", ".join(types), got=repr(shown(value)))
        return ...
    return value


def read_sidecar(path: Path, report: Report) -> dict:
    """Parse and check ``<id>.yml``; problems go to the report, bad keys are dropped."""
    name = display_name(path)
    try:
        raw = read_regular(path, MAX_SIDECAR_BYTES)
    except OSError as exc:
        report.add("unreadable-file", name, detail=exc.strerror or str(exc))
        return {}
    try:
        data = yaml.load(raw.decode("utf-8-sig"), Loader=_SidecarLoader)  # noqa: S506 (a safe loader)
    except UnicodeDecodeError as exc:
        report.add("unparseable-sidecar", name, line=raw.count(b"\n", 0, exc.start) + 1,
                   detail="it is not UTF-8 text; save it as UTF-8")
        return {}
    except (yaml.YAMLError, RecursionError) as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or (str(exc).splitlines() or ["it is not valid YAML"])[0]
        report.add("unparseable-sidecar", name, line=None if mark is None else mark.line + 1, detail=shown(problem, 200))
        return {}
    if data is None:
        return {}
    if not isinstance(data, dict):
        report.add("unparseable-sidecar", name, detail="expected lines of field: value")
        return {}
    good = {}
    types = config.load("doc_types")["types"]
    for key, value in data.items():
        if key not in SIDECAR_FIELDS:
            close = difflib.get_close_matches(str(key), SIDECAR_FIELDS, n=1)
            report.add("unknown-sidecar-field", name, key=shown(str(key)),
                       hint=f"did you mean '{close[0]}'? " if close else "", allowed=", ".join(SIDECAR_FIELDS))
            continue
        value = _sidecar_value(key, value, name, report, types)
        if value is not ...:
            good[key] = value
    return good


# --------------------------------------------------------------------------- documents


def _size(n: int) -> str:
    return f"{n / 2**20:.0f} MB" if n >= 2**20 else f"{n / 1024:.0f} KB" if n >= 1024 else f"{n} bytes"


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
            report.add("file-too-large", name, size=exc.strerror, limit=_size(MAX_BYTES))
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
