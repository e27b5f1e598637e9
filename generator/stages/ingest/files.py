"""The files of a seeds folder: which count as documents and sidecars, their page ids, and
reading them safely (regular files only, never through a link, never blocking on a pipe)."""
from __future__ import annotations

import hashlib
import os
import re
import stat
import unicodedata
from pathlib import Path

from ...errors import Report
from ...output.escaping import UNSAFE_CHARS

SUFFIXES = (".txt", ".md")
SIDECAR_SUFFIXES = (".yml", ".yaml")
MAX_BYTES = 50 * 1024 * 1024  # a document larger than this is refused (memory grows ~50× the text)
MAX_SIDECAR_BYTES = 1024 * 1024  # a sidecar holds a few fields
MAX_ID_BYTES = 200  # page ids become file and folder names: keep them well under 255 bytes
RESERVED_IDS = {"index", "readme"}  # documents/index.md is the listing; MkDocs reads README.md as an index


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
            raise OSError(27, size_text(info.st_size), str(path))
        return f.read()


def size_text(n: int) -> str:
    return f"{n / 2**20:.0f} MB" if n >= 2**20 else f"{n / 1024:.0f} KB" if n >= 1024 else f"{n} bytes"
