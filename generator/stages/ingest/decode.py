"""Decoding: the bytes of a document as text, in whatever encoding Chinese text comes in.

UTF-8 (with or without a byte-order mark), UTF-16 and UTF-32 with a mark, else the legacy
encodings in turn (GB18030, Big5 as cp950 and HKSCS): the candidate with the fewest
uncommon characters wins, since bytes of one often decode in another as characters nobody
writes (mojibake). What is not text (images, archives, programs) is refused by its magic number.
"""
from __future__ import annotations

import codecs
import collections
import functools
import unicodedata

from charset_normalizer import from_bytes

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


class DecodeError(ValueError):
    """Bytes that are not text in an accepted encoding; ``line`` is where it shows, if known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


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


_LINE_ENDS = ("\r", "\v", "\f")  # each a line end of its own, after CRLF


def normalise_newlines(text: str) -> str:
    """Line ends as ``\\n``: CRLF and CR, and the vertical tab and form feed (page breaks)."""
    text = text.replace("\r\n", "\n")
    for end in _LINE_ENDS:  # str.replace runs in C; str.translate with a table goes character by character
        if end in text:
            text = text.replace(end, "\n")
    return text


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
    for ch, n in collections.Counter(sample).items():  # each distinct character once
        cat = unicodedata.category(ch)
        if cat == "Cc" and ch not in _TEXT_CONTROLS:
            controls += n
        elif cat in ("Co", "Cn", "Cs"):
            odd += n
    return controls > max(3, len(sample) // 100) or odd > max(8, len(sample) // 50)


